/**
 * Xero identity: the authorization-code flow, refresh with rotating refresh tokens, and the
 * tenant connections a token can reach. Rotation follows Xero: each refresh returns a new refresh
 * token; the old one keeps answering (with the same successor) for 30 minutes after its first
 * use, so a lost response can be retried, and then fails with invalid_grant.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import type { ControllableClock, SandboxRequest, SandboxResponse } from '../common/types';

const ACCESS_TTL = 30 * 60_000;
const REFRESH_GRACE = 30 * 60_000;
const REFRESH_IDLE_TTL = 60 * 86_400_000;
const CODE_TTL = 5 * 60_000;

export interface Tenant {
	tenantId: string;
	tenantName: string;
	tenantType: 'ORGANISATION';
}

interface Grant {
	authEventId: string;
	scope: string;
	/** tenantId -> connection id */
	connections: Map<string, { id: string; createdAt: number }>;
	revoked: boolean;
}

interface RefreshToken {
	grant: Grant;
	issuedAt: number;
	generation: number;
	firstUsedAt?: number;
	successor?: string;
}

/**
 * One refresh-token grant as the token endpoint answered it: `rotated` (first use: a new refresh
 * token), `grace` (a used token again within the grace period: the same successor), `refused`
 * (invalid_grant: unknown, revoked, idle too long or past its grace period).
 */
export interface RefreshAttempt {
	at: number;
	outcome: 'rotated' | 'grace' | 'refused';
	/** Which refresh token of the grant's chain was presented (0 = the one consent issued). */
	generation?: number;
}

export type AccessCheck =
	{ grant: Grant } | { problem: 'TokenExpired' | 'AuthenticationUnsuccessful' };

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export class XeroIdentity {
	readonly clientId = randomBytes(16).toString('hex').toUpperCase();
	readonly clientSecret = token(36);
	private readonly codes = new Map<
		string,
		{ grant: Grant; redirectUri: string; expiresAt: number; used: boolean }
	>();
	private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
	private readonly refreshTokens = new Map<string, RefreshToken>();
	/** Every refresh_token grant, in arrival order (tests read it; never a token value). */
	readonly refreshAttempts: RefreshAttempt[] = [];

	constructor(
		private readonly clock: ControllableClock,
		readonly tenants: Tenant[],
	) {}

	private newGrant(scope: string): Grant {
		const now = this.clock.now();
		return {
			authEventId: randomUUID(),
			scope,
			connections: new Map(
				this.tenants.map((t) => [t.tenantId, { id: randomUUID(), createdAt: now }]),
			),
			revoked: false,
		};
	}

	private issue(grant: Grant, refreshToken?: string, generation = 0) {
		const now = this.clock.now();
		const accessToken = token(48);
		this.accessTokens.set(accessToken, { grant, expiresAt: now + ACCESS_TTL });
		let refresh = refreshToken;
		if (!refresh && grant.scope.split(/\s+/).includes('offline_access')) {
			refresh = token(32);
			this.refreshTokens.set(refresh, { grant, issuedAt: now, generation });
		}
		return { accessToken, refreshToken: refresh, expiresIn: ACCESS_TTL / 1000 };
	}

	/** A token pair as if the user had just completed consent for every seeded tenant. */
	issueTokens(
		scope = 'openid profile email accounting.transactions accounting.contacts accounting.settings accounting.attachments offline_access',
	) {
		const issued = this.issue(this.newGrant(scope));
		return {
			accessToken: issued.accessToken,
			refreshToken: issued.refreshToken as string,
			expiresIn: issued.expiresIn,
		};
	}

	checkAccess(authorization: string | undefined): AccessCheck {
		const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
		const entry = match ? this.accessTokens.get(match[1]) : undefined;
		if (!entry || entry.grant.revoked) return { problem: 'AuthenticationUnsuccessful' };
		if (this.clock.now() >= entry.expiresAt) return { problem: 'TokenExpired' };
		return { grant: entry.grant };
	}

	/** GET /identity/connect/authorize: consent is automatic; redirects back with a code. */
	authorize(req: SandboxRequest): SandboxResponse {
		const q = req.query;
		const redirectUri = q.get('redirect_uri');
		if (q.get('client_id') !== this.clientId)
			return { status: 400, body: 'unauthorized_client: unknown client_id' };
		if (q.get('response_type') !== 'code')
			return { status: 400, body: 'unsupported_response_type' };
		if (!redirectUri) return { status: 400, body: 'invalid_request: redirect_uri is required' };
		const code = token(24);
		const scope = q.get('scope') ?? '';
		this.codes.set(code, {
			grant: this.newGrant(scope),
			redirectUri,
			expiresAt: this.clock.now() + CODE_TTL,
			used: false,
		});
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		target.searchParams.set('scope', scope);
		const state = q.get('state');
		if (state !== null) target.searchParams.set('state', state);
		target.searchParams.set('session_state', token(12));
		return { status: 302, headers: { location: target.toString() } };
	}

	/** POST /connect/token */
	token(req: SandboxRequest): SandboxResponse {
		const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<
			string,
			string
		>;
		const fail = (error: string, description?: string): SandboxResponse => ({
			status: 400,
			body: description ? { error, error_description: description } : { error },
		});
		if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
			return fail('invalid_request', 'the token request must be application/x-www-form-urlencoded');
		}
		if (!this.clientAuthenticated(req, form)) return fail('invalid_client');

		const now = this.clock.now();
		if (form.grant_type === 'authorization_code') {
			const entry = this.codes.get(form.code ?? '');
			if (
				!entry ||
				entry.used ||
				now >= entry.expiresAt ||
				entry.redirectUri !== form.redirect_uri
			) {
				return fail('invalid_grant');
			}
			entry.used = true;
			return this.tokenResponse(this.issue(entry.grant), entry.grant.scope);
		}
		if (form.grant_type === 'refresh_token') {
			const entry = this.refreshTokens.get(form.refresh_token ?? '');
			const refused = () => {
				this.refreshAttempts.push({ at: now, outcome: 'refused', generation: entry?.generation });
				return fail('invalid_grant');
			};
			if (!entry || entry.grant.revoked) return refused();
			if (entry.firstUsedAt === undefined) {
				if (now - entry.issuedAt >= REFRESH_IDLE_TTL) return refused();
				entry.firstUsedAt = now;
				const issued = this.issue(entry.grant, undefined, entry.generation + 1);
				entry.successor = issued.refreshToken;
				this.refreshAttempts.push({ at: now, outcome: 'rotated', generation: entry.generation });
				return this.tokenResponse(issued, entry.grant.scope);
			}
			if (now - entry.firstUsedAt >= REFRESH_GRACE) return refused();
			// Within the grace period: a retry after a lost response (or a parallel refresh with the
			// same token) gets a new access token and the same successor.
			this.refreshAttempts.push({ at: now, outcome: 'grace', generation: entry.generation });
			return this.tokenResponse(this.issue(entry.grant, entry.successor), entry.grant.scope);
		}
		return fail('unsupported_grant_type');
	}

	/** POST /connect/revocation: revoking a refresh token ends the whole grant. */
	revoke(req: SandboxRequest): SandboxResponse {
		const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<
			string,
			string
		>;
		if (!this.clientAuthenticated(req, form)) return { status: 400, body: { error: 'invalid_client' } };
		const entry = this.refreshTokens.get(form.token ?? '');
		if (entry) entry.grant.revoked = true;
		return { status: 200 };
	}

	/** Client authentication: HTTP Basic (as n8n sends by default) or client_id/client_secret fields. */
	private clientAuthenticated(req: SandboxRequest, form: Record<string, string>): boolean {
		let clientId = form.client_id;
		let clientSecret = form.client_secret;
		const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			clientId = decodeURIComponent(decoded.slice(0, colon));
			clientSecret = decodeURIComponent(decoded.slice(colon + 1));
		}
		return clientId === this.clientId && clientSecret === this.clientSecret;
	}

	private tokenResponse(
		issued: { accessToken: string; refreshToken?: string; expiresIn: number },
		scope: string,
	) {
		return {
			status: 200,
			headers: { 'cache-control': 'no-store' },
			body: {
				access_token: issued.accessToken,
				expires_in: issued.expiresIn,
				token_type: 'Bearer',
				...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
				scope,
			},
		};
	}

	/** GET /connections and DELETE /connections/{id}: the tenants this token's grant can reach. */
	connections(req: SandboxRequest): SandboxResponse {
		const access = this.checkAccess(req.headers.authorization);
		if ('problem' in access) return unauthorized(access.problem, this.clock.now());
		const { grant } = access;
		const id = /^\/connections\/([^/]+)$/.exec(req.path)?.[1];
		if (req.method === 'DELETE' && id) {
			for (const [tenantId, connection] of grant.connections) {
				if (connection.id === id) {
					grant.connections.delete(tenantId);
					return { status: 204 };
				}
			}
			return {
				status: 404,
				body: { Title: 'Not Found', Status: 404, Detail: 'Connection not found' },
			};
		}
		if (req.method !== 'GET' || id)
			return { status: 405, body: { Title: 'Method Not Allowed', Status: 405 } };
		const wanted = req.query.get('authEventId');
		if (wanted && wanted !== grant.authEventId) return { status: 200, body: [] };
		return {
			status: 200,
			body: this.tenants
				.filter((t) => grant.connections.has(t.tenantId))
				.map((t) => {
					const connection = grant.connections.get(t.tenantId)!;
					const at = new Date(connection.createdAt).toISOString().replace('Z', '');
					return {
						id: connection.id,
						authEventId: grant.authEventId,
						tenantId: t.tenantId,
						tenantType: t.tenantType,
						tenantName: t.tenantName,
						createdDateUtc: at,
						updatedDateUtc: at,
					};
				}),
		};
	}
}

/** Xero's 401 for a token it will not accept. */
export function unauthorized(
	problem: 'TokenExpired' | 'AuthenticationUnsuccessful',
	now: number,
): SandboxResponse {
	const detail =
		problem === 'TokenExpired'
			? `TokenExpired: token expired at ${new Date(now).toISOString()}`
			: problem;
	return {
		status: 401,
		headers: {
			'www-authenticate':
				problem === 'TokenExpired'
					? 'Bearer error="invalid_token", error_description="The access token has expired"'
					: 'Bearer error="invalid_token"',
		},
		body: {
			Type: null,
			Title: 'Unauthorized',
			Status: 401,
			Detail: detail,
			Instance: randomUUID(),
			Extensions: {},
		},
	};
}
