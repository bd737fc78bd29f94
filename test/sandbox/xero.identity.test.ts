import { startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = () =>
	`Basic ${Buffer.from(`${x.sandbox.xero.clientId}:${x.sandbox.xero.clientSecret}`).toString('base64')}`;

async function refresh(refreshToken: string) {
	return x.http.post(
		'/connect/token',
		form({ grant_type: 'refresh_token', refresh_token: refreshToken }),
		{
			headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
		},
	);
}

describe('Xero identity', () => {
	it('completes the authorization-code flow (Basic client auth) and refuses a reused code', async () => {
		const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
		const authorize = await x.http.get('/identity/connect/authorize', {
			params: {
				response_type: 'code',
				client_id: x.sandbox.xero.clientId,
				redirect_uri: redirectUri,
				scope: 'openid offline_access accounting.invoices accounting.contacts',
				state: 'xyz',
			},
			maxRedirects: 0,
		});
		expect(authorize.status).toBe(302);
		const location = new URL(authorize.headers.location as string);
		expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
		expect(location.searchParams.get('state')).toBe('xyz');
		const code = location.searchParams.get('code')!;

		const exchange = () =>
			x.http.post(
				'/connect/token',
				form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
				{
					headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
				},
			);
		const tokens = await exchange();
		expect(tokens.status).toBe(200);
		expect(tokens.data).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
		expect(tokens.data.refresh_token).toEqual(expect.any(String));
		const again = await exchange();
		expect(again.status).toBe(400);
		expect(again.data.error).toBe('invalid_grant');

		const connections = await x.http.get('/connections', {
			headers: { Authorization: `Bearer ${tokens.data.access_token}` },
		});
		expect(connections.status).toBe(200);
		expect(connections.data.map((c: { tenantId: string }) => c.tenantId)).toEqual([x.uk, x.au]);
		expect(connections.data[0]).toMatchObject({
			tenantType: 'ORGANISATION',
			tenantName: 'Demo Company (UK)',
		});

		// Granular scopes: invoices and contacts were granted, payments and settings were not.
		const auth = { Authorization: `Bearer ${tokens.data.access_token}` };
		expect((await x.api.get('/Invoices', { headers: auth })).status).toBe(200);
		expect((await x.api.put('/Contacts', { Contacts: [{ Name: 'Scoped' }] }, { headers: auth })).status).toBe(200);
		const payments = await x.api.get('/Payments', { headers: auth });
		expect(payments.status).toBe(403);
		expect(payments.data.Detail).toMatch(/accounting\.payments/);
		expect((await x.api.get('/Accounts', { headers: auth })).status).toBe(403);
	});

	it('accepts client credentials as form fields and rejects a wrong secret with invalid_client', async () => {
		const { refreshToken } = x.sandbox.xero.issueTokens();
		const ok = await x.http.post(
			'/connect/token',
			form({
				grant_type: 'refresh_token',
				refresh_token: refreshToken,
				client_id: x.sandbox.xero.clientId,
				client_secret: x.sandbox.xero.clientSecret,
			}),
			{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
		);
		expect(ok.status).toBe(200);
		const wrong = await x.http.post(
			'/connect/token',
			form({
				grant_type: 'refresh_token',
				refresh_token: refreshToken,
				client_id: x.sandbox.xero.clientId,
				client_secret: 'nope',
			}),
			{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
		);
		expect(wrong.status).toBe(400);
		expect(wrong.data.error).toBe('invalid_client');
	});

	it('rotates refresh tokens: the old one works within 30 minutes of first use, then dies with invalid_grant', async () => {
		const { refreshToken: first } = x.sandbox.xero.issueTokens();
		const rotated = await refresh(first);
		expect(rotated.status).toBe(200);
		const second = rotated.data.refresh_token as string;
		expect(second).not.toBe(first);

		// A retry after a lost response, inside the grace period, gets the same successor.
		x.sandbox.clock.advance(10 * 60_000);
		const retry = await refresh(first);
		expect(retry.status).toBe(200);
		expect(retry.data.refresh_token).toBe(second);

		x.sandbox.clock.advance(21 * 60_000);
		const late = await refresh(first);
		expect(late.status).toBe(400);
		expect(late.data).toEqual({ error: 'invalid_grant' });
		const before = x.sandbox.xero.refreshAttempts().length;
		expect((await refresh(second)).status).toBe(200);
		// What tests of parallel refreshes read: each grant's outcome and which token of the chain.
		expect(x.sandbox.xero.refreshAttempts().slice(before - 3).map(({ outcome, generation }) => [outcome, generation])).toEqual([
			['rotated', 0],
			['grace', 0],
			['refused', 0],
			['rotated', 1],
		]);
	});

	it('expires access tokens after 30 emulated minutes with a TokenExpired 401', async () => {
		const { accessToken } = x.sandbox.xero.issueTokens();
		const call = () =>
			x.api.get('/Organisation', { headers: { Authorization: `Bearer ${accessToken}` } });
		expect((await call()).status).toBe(200);
		x.sandbox.clock.advance(30 * 60_000);
		const expired = await call();
		expect(expired.status).toBe(401);
		expect(expired.data.Detail).toMatch(/^TokenExpired/);
		const garbage = await x.api.get('/Organisation', {
			headers: { Authorization: 'Bearer not-a-token' },
		});
		expect(garbage.status).toBe(401);
		expect(garbage.data.Detail).toBe('AuthenticationUnsuccessful');
	});

	it('forbids a tenant whose connection was removed', async () => {
		const { accessToken } = x.sandbox.xero.issueTokens();
		const auth = { Authorization: `Bearer ${accessToken}` };
		const connections = await x.http.get('/connections', { headers: auth });
		const au = connections.data.find((c: { tenantId: string }) => c.tenantId === x.au);
		expect((await x.http.delete(`/connections/${au.id}`, { headers: auth })).status).toBe(204);
		const forbidden = await x.api.get('/Organisation', {
			headers: { ...auth, 'xero-tenant-id': x.au },
		});
		expect(forbidden.status).toBe(403);
		expect((await x.http.get('/connections', { headers: auth })).data).toHaveLength(1);
	});

	it('revoking the refresh token ends the grant: refresh fails and API calls are refused', async () => {
		const { accessToken, refreshToken } = x.sandbox.xero.issueTokens();
		const revoked = await x.http.post('/connect/revocation', form({ token: refreshToken }), {
			headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(revoked.status).toBe(200);
		expect((await refresh(refreshToken)).data).toEqual({ error: 'invalid_grant' });
		const call = await x.api.get('/Organisation', { headers: { Authorization: `Bearer ${accessToken}` } });
		expect(call.status).toBe(401);
	});
});

describe('Xero scopes', () => {
	async function tokenFor(scope: string) {
		const redirectUri = 'http://localhost/cb';
		const authorize = await x.http.get('/identity/connect/authorize', {
			params: { response_type: 'code', client_id: x.sandbox.xero.clientId, redirect_uri: redirectUri, scope },
			maxRedirects: 0,
		});
		const code = new URL(authorize.headers.location as string).searchParams.get('code')!;
		const tokens = await x.http.post(
			'/connect/token',
			form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
			{ headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' } },
		);
		return { Authorization: `Bearer ${tokens.data.access_token}` };
	}

	it('lets read-only scopes read but not write, and legacy accounting.transactions reach payments', async () => {
		const readOnly = await tokenFor('accounting.contacts.read accounting.settings.read');
		expect((await x.api.get('/Contacts', { headers: readOnly })).status).toBe(200);
		expect((await x.api.get('/TaxRates', { headers: readOnly })).status).toBe(200);
		const write = await x.api.put('/Contacts', { Contacts: [{ Name: 'Read Only' }] }, { headers: readOnly });
		expect(write.status).toBe(403);

		const legacy = await tokenFor('accounting.transactions');
		expect((await x.api.get('/Payments', { headers: legacy })).status).toBe(200);
		expect((await x.api.get('/CreditNotes', { headers: legacy })).status).toBe(200);
	});

	it('gives no refresh token without offline_access', async () => {
		const redirectUri = 'http://localhost/cb';
		const authorize = await x.http.get('/identity/connect/authorize', {
			params: { response_type: 'code', client_id: x.sandbox.xero.clientId, redirect_uri: redirectUri, scope: 'accounting.contacts' },
			maxRedirects: 0,
		});
		const code = new URL(authorize.headers.location as string).searchParams.get('code')!;
		const tokens = await x.http.post(
			'/connect/token',
			form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
			{ headers: { Authorization: basic(), 'Content-Type': 'application/x-www-form-urlencoded' } },
		);
		expect(tokens.status).toBe(200);
		expect(tokens.data.refresh_token).toBeUndefined();
	});
});
