import { startXero, type XeroFixture } from './xero-client';

let x: XeroFixture;
beforeAll(async () => {
	x = await startXero();
});
afterAll(() => x.sandbox.stop());

describe('Xero contacts', () => {
	it('rejects a duplicate contact name, case-insensitively, and creates nothing', async () => {
		const first = await x.api.put('/Contacts', {
			Contacts: [{ Name: 'Bruce Banner', EmailAddress: 'hulk@avengers.com' }],
		});
		expect(first.status).toBe(200);
		expect(first.data.Contacts[0].ContactID).toMatch(/^[0-9a-f-]{36}$/);

		const duplicate = await x.api.put('/Contacts', { Contacts: [{ Name: 'BRUCE banner' }] });
		expect(duplicate.status).toBe(400);
		expect(duplicate.data.Type).toBe('ValidationException');
		expect(duplicate.data.Elements[0].ValidationErrors[0].Message).toMatch(
			/already assigned to another contact/,
		);
		expect(x.sandbox.xero.contacts(x.uk).filter((c) => /bruce banner/i.test(c.Name))).toHaveLength(
			1,
		);
	});

	it('allows the same name in another organisation', async () => {
		const other = await x.api.put(
			'/Contacts',
			{ Contacts: [{ Name: 'Bruce Banner' }] },
			{ headers: { 'xero-tenant-id': x.au } },
		);
		expect(other.status).toBe(200);
	});

	it('with summarizeErrors=false returns 200 and per-element errors, keeping the valid element', async () => {
		const res = await x.api.put('/Contacts?summarizeErrors=false', {
			Contacts: [{ Name: 'Natasha Romanoff' }, { Name: 'bruce BANNER' }],
		});
		expect(res.status).toBe(200);
		const [ok, failed] = res.data.Contacts;
		expect(ok.StatusAttributeString).toBe('OK');
		expect(ok.ContactID).toBeDefined();
		expect(failed.StatusAttributeString).toBe('ERROR');
		expect(failed.HasValidationErrors).toBe(true);
		expect(failed.ValidationErrors[0].Message).toMatch(/must be unique/);
		expect(x.sandbox.xero.contacts(x.uk).some((c) => c.Name === 'Natasha Romanoff')).toBe(true);
	});

	it('without summarizeErrors=false fails the whole batch and saves none of it', async () => {
		const res = await x.api.put('/Contacts', {
			Contacts: [{ Name: 'Steve Rogers' }, { Name: 'Natasha romanoff' }],
		});
		expect(res.status).toBe(400);
		expect(res.data.Elements).toHaveLength(1);
		expect(x.sandbox.xero.contacts(x.uk).some((c) => c.Name === 'Steve Rogers')).toBe(false);
	});

	it('replays an Idempotency-Key: the same object comes back and only one is created', async () => {
		const body = { Contacts: [{ Name: 'Peter Parker' }] };
		const headers = { 'Idempotency-Key': 'contact-peter-parker-1' };
		const first = await x.api.put('/Contacts', body, { headers });
		const second = await x.api.put('/Contacts', body, { headers });
		expect(first.status).toBe(200);
		expect(second.status).toBe(200);
		expect(second.data.Contacts[0].ContactID).toBe(first.data.Contacts[0].ContactID);
		expect(x.sandbox.xero.contacts(x.uk).filter((c) => c.Name === 'Peter Parker')).toHaveLength(1);
		// Without the key the same body is a new request, and the name rule applies.
		const third = await x.api.put('/Contacts', body);
		expect(third.status).toBe(400);
	});

	it('filters with where, honouring escaped quotes and backslashes', async () => {
		const name = 'O\'Brien "Ltd" \\ Co';
		expect(
			(await x.api.put('/Contacts', { Contacts: [{ Name: name, ContactNumber: 'OB-1' }] })).status,
		).toBe(200);
		const escaped = name.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
		const found = await x.api.get('/Contacts', { params: { where: `Name=="${escaped}"` } });
		expect(found.status).toBe(200);
		expect(found.data.Contacts.map((c: { Name: string }) => c.Name)).toEqual([name]);

		const unescaped = await x.api.get('/Contacts', { params: { where: `Name=="${name}"` } });
		expect(unescaped.status).toBe(400);
		expect(unescaped.data.Type).toBe('QueryParseException');

		const byNumber = await x.api.get('/Contacts', {
			params: { where: 'ContactNumber=="OB-1" OR EmailAddress=="nobody@x.test"' },
		});
		expect(byNumber.data.Contacts).toHaveLength(1);
		const unknownField = await x.api.get('/Contacts', { params: { where: 'Nmae=="x"' } });
		expect(unknownField.status).toBe(400);
		expect(unknownField.data.Message).toMatch(/No property or field 'Nmae'/);
	});

	it('finds by IDs, searchTerm and by ContactNumber in the path', async () => {
		const created = await x.api.put('/Contacts', {
			Contacts: [{ Name: 'Wanda Maximoff', ContactNumber: 'WM-7' }],
		});
		const id = created.data.Contacts[0].ContactID;
		const byIds = await x.api.get('/Contacts', { params: { IDs: id } });
		expect(byIds.data.Contacts.map((c: { ContactID: string }) => c.ContactID)).toEqual([id]);
		const bySearch = await x.api.get('/Contacts', { params: { searchTerm: 'maximoff' } });
		expect(bySearch.data.Contacts).toHaveLength(1);
		const byNumber = await x.api.get('/Contacts/WM-7');
		expect(byNumber.data.Contacts[0].ContactID).toBe(id);
		const missing = await x.api.get('/Contacts/00000000-0000-0000-0000-000000000000');
		expect(missing.status).toBe(404);
	});

	it('pages 100 per page and reports pagination', async () => {
		const batch = Array.from({ length: 105 }, (_, i) => ({
			Name: `Paging Contact ${String(i).padStart(3, '0')}`,
		}));
		expect((await x.api.put('/Contacts', { Contacts: batch })).status).toBe(200);
		const where = 'Name.StartsWith("Paging Contact")';
		const page1 = await x.api.get('/Contacts', { params: { where, page: 1, order: 'Name ASC' } });
		const page2 = await x.api.get('/Contacts', { params: { where, page: 2, order: 'Name ASC' } });
		expect(page1.data.Contacts).toHaveLength(100);
		expect(page2.data.Contacts).toHaveLength(5);
		expect(page1.data.pagination).toEqual({ page: 1, pageSize: 100, pageCount: 2, itemCount: 105 });
		expect(page2.data.Contacts[4].Name).toBe('Paging Contact 104');
		const small = await x.api.get('/Contacts', { params: { where, page: 3, pageSize: 50 } });
		expect(small.data.Contacts).toHaveLength(5);
		const desc = await x.api.get('/Contacts', { params: { where, page: 1, order: 'Name DESC' } });
		expect(desc.data.Contacts[0].Name).toBe('Paging Contact 104');
	});

	it('filters by If-Modified-Since on UpdatedDateUTC', async () => {
		await x.api.put('/Contacts', { Contacts: [{ Name: 'Before Cutoff' }] });
		x.sandbox.clock.advance(60_000);
		const cutoff = new Date(x.sandbox.clock.now()).toISOString();
		x.sandbox.clock.advance(1_000);
		await x.api.put('/Contacts', { Contacts: [{ Name: 'After Cutoff' }] });
		const res = await x.api.get('/Contacts', { headers: { 'If-Modified-Since': cutoff } });
		const names = res.data.Contacts.map((c: { Name: string }) => c.Name);
		expect(names).toContain('After Cutoff');
		expect(names).not.toContain('Before Cutoff');
		expect(res.data.Contacts[0].UpdatedDateUTC).toMatch(/^\/Date\(\d+\+0000\)\/$/);
	});

	it('updates with POST by ContactID and keeps PUT create-only', async () => {
		const created = await x.api.put('/Contacts', { Contacts: [{ Name: 'Sam Wilson' }] });
		const id = created.data.Contacts[0].ContactID;
		const put = await x.api.put('/Contacts', { Contacts: [{ ContactID: id, Name: 'Sam Wilson' }] });
		expect(put.status).toBe(400);
		const post = await x.api.post('/Contacts', {
			Contacts: [{ ContactID: id, EmailAddress: 'falcon@avengers.com' }],
		});
		expect(post.status).toBe(200);
		expect(post.data.Contacts[0]).toMatchObject({
			ContactID: id,
			Name: 'Sam Wilson',
			EmailAddress: 'falcon@avengers.com',
		});
		const badEmail = await x.api.post(`/Contacts/${id}`, {
			Contacts: [{ EmailAddress: 'not-an-email' }],
		});
		expect(badEmail.status).toBe(400);
	});

	it('frees an archived contact\'s name and hides it unless includeArchived=true', async () => {
		const created = await x.api.put('/Contacts', { Contacts: [{ Name: 'Old Customer' }] });
		const id = created.data.Contacts[0].ContactID;
		const archived = await x.api.post(`/Contacts/${id}`, { Contacts: [{ ContactStatus: 'ARCHIVED' }] });
		expect(archived.data.Contacts[0].ContactStatus).toBe('ARCHIVED');
		const where = 'Name=="Old Customer"';
		expect((await x.api.get('/Contacts', { params: { where } })).data.Contacts).toHaveLength(0);
		const all = await x.api.get('/Contacts', { params: { where, includeArchived: true } });
		expect(all.data.Contacts).toHaveLength(1);
		// Names are unique among active contacts only.
		expect((await x.api.put('/Contacts', { Contacts: [{ Name: 'Old Customer' }] })).status).toBe(200);
	});
});
