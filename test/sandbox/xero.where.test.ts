import { compileWhere, parseWhere, WhereSyntaxError } from '../../sandbox/xero/where';

const record = {
	Name: 'O\'Brien "Ltd" \\ Co',
	Type: 'ACCREC',
	Status: 'PAID',
	Total: 120.5,
	IsCustomer: true,
	Date: Date.UTC(2026, 0, 15),
	Contact: { ContactID: 'a1b2c3d4-0000-4000-8000-000000000001', Name: 'Acme' },
};
const matches = (where: string) => compileWhere(where)(record);

describe('Xero where parser', () => {
	it('reads escaped quotes and backslashes inside string literals', () => {
		expect(matches('Name=="O\'Brien \\"Ltd\\" \\\\ Co"')).toBe(true);
		expect(matches('Name=="O\'Brien \\"Ltd\\""')).toBe(false);
	});

	it('breaks on an unescaped quote instead of matching something else', () => {
		expect(() => parseWhere('Name=="O\'Brien "Ltd""')).toThrow(WhereSyntaxError);
		expect(() => parseWhere('Name=="abc')).toThrow(/Unterminated string/);
		expect(() => parseWhere('Name==')).toThrow(WhereSyntaxError);
	});

	it('supports ==, !=, comparisons, AND/OR/NOT and parentheses', () => {
		expect(matches('Type=="ACCREC" AND Status=="PAID"')).toBe(true);
		expect(matches('Type=="ACCPAY" OR Status!="DRAFT"')).toBe(true);
		expect(matches('Type=="ACCREC" && (Status=="DRAFT" || Total>=120.5)')).toBe(true);
		expect(matches('NOT (Type=="ACCREC")')).toBe(false);
		expect(matches('Total<100')).toBe(false);
		expect(matches('IsCustomer==true')).toBe(true);
	});

	it('compares GUIDs, dates, nested paths and case-insensitive strings', () => {
		expect(matches('Contact.ContactID==guid("A1B2C3D4-0000-4000-8000-000000000001")')).toBe(true);
		expect(matches('Contact.Name=="acme"')).toBe(true);
		expect(matches('Date>=DateTime(2026, 01, 01) AND Date<DateTime(2026,02,01)')).toBe(true);
		expect(() => parseWhere('Contact.ContactID==guid("nope")')).toThrow(/Guid/);
	});

	it('supports the string methods Xero documents', () => {
		expect(matches('Name.Contains("brien")')).toBe(true);
		expect(matches('Name.StartsWith("O\'B")')).toBe(true);
		expect(matches('Name.EndsWith("Co")')).toBe(true);
		expect(matches('Contact.Name.ToUpper()=="ACME"')).toBe(true);
		expect(() => parseWhere('Name.Explode()')).toThrow(/unknown method/);
	});
});
