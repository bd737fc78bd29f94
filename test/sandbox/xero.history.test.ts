/** History & Notes: PUT adds notes to a record, GET lists them, an Idempotency-Key replays the first answer. */
import { forTenant, startXero, type XeroFixture } from './xero-client';

describe('Xero History & Notes', () => {
	let x: XeroFixture;
	afterEach(() => x.sandbox.stop());

	it('adds a note to a contact, replays a repeated key with the first note, refuses an empty one', async () => {
		x = await startXero();
		const made = await x.api.put('/Contacts', { Contacts: [{ Name: 'History Ltd' }] });
		const id = made.data.Contacts[0].ContactID as string;
		const note = (details: string, key: string) =>
			x.api.put(
				`/Contacts/${id}/History`,
				{ HistoryRecords: [{ Details: details }] },
				forTenant(x.uk, { 'Idempotency-Key': key }),
			);
		const first = await note('first note', 'k1');
		expect(first.status).toBe(200);
		expect(first.data.HistoryRecords[0]).toMatchObject({ Details: 'first note', Changes: 'Note' });
		const replay = await note('second note', 'k1');
		expect(replay.data.HistoryRecords[0].Details).toBe('first note');
		expect((await note('third note', 'k2')).data.HistoryRecords[0].Details).toBe('third note');
		const listed = await x.api.get(`/Contacts/${id}/History`);
		expect(listed.data.HistoryRecords.map((h: { Details: string }) => h.Details)).toEqual([
			'first note',
			'third note',
		]);
		expect((await note('  ', 'k3')).status).toBe(400);
		expect(
			(await x.api.put('/Invoices/00000000-0000-0000-0000-000000000000/History', {
				HistoryRecords: [{ Details: 'x' }],
			})).status,
		).toBe(404);
	});
});
