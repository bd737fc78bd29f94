import { createHmac } from 'node:crypto';
import { verifyXeroSignature, xeroSignatureOf } from '../../core/triggers/xeroSignature';
import { newSecretToken, tokensEqual } from '../../core/triggers/secretToken';

const KEY = 'x3Vh9sZb0nYk2T7cQe1Lr4Wm8Pd6Ga5J+fUoHiNtKsB/lXyMwRzCvAq==';
const body = Buffer.from(
	'{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"ABCDEF"}',
);

function sign(raw: Buffer | string, key = KEY): string {
	return createHmac('sha256', key).update(raw).digest('base64');
}

describe('verifyXeroSignature', () => {
	it('accepts the base64 HMAC-SHA256 of the raw body under the signing key', () => {
		expect(verifyXeroSignature(body, sign(body), KEY)).toBe(true);
		expect(xeroSignatureOf(body, KEY)).toBe(sign(body));
	});

	it('rejects a signature made with another key (forged)', () => {
		expect(verifyXeroSignature(body, sign(body, 'another-key-entirely'), KEY)).toBe(false);
	});

	it('rejects a missing or empty header', () => {
		expect(verifyXeroSignature(body, undefined, KEY)).toBe(false);
		expect(verifyXeroSignature(body, '', KEY)).toBe(false);
	});

	it('rejects a signature of the wrong length without throwing', () => {
		const good = sign(body);
		expect(verifyXeroSignature(body, good.slice(0, -4), KEY)).toBe(false);
		expect(verifyXeroSignature(body, `${good}AAAA`, KEY)).toBe(false);
		expect(verifyXeroSignature(body, 'x', KEY)).toBe(false);
	});

	it('rejects a valid signature replayed over a different body', () => {
		const tampered = Buffer.from(body.toString().replace('ABCDEF', 'ABCDEG'));
		expect(verifyXeroSignature(tampered, sign(body), KEY)).toBe(false);
	});

	it('checks the raw bytes, so re-serialised JSON with other whitespace does not verify', () => {
		const raw = Buffer.from('{ "events": [] ,"entropy":"A"}');
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
		expect(verifyXeroSignature(raw, sign(raw), KEY)).toBe(true);
		expect(verifyXeroSignature(reserialised, sign(raw), KEY)).toBe(false);
	});

	it('refuses to verify anything under an empty key', () => {
		expect(verifyXeroSignature(body, sign(body, ''), '')).toBe(false);
	});
});

describe('webhook URL tokens', () => {
	it('are long, URL-safe and different every time', () => {
		const a = newSecretToken();
		const b = newSecretToken();
		expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(a).not.toBe(b);
	});

	it('match only the stored token', () => {
		const token = newSecretToken();
		expect(tokensEqual(token, token)).toBe(true);
		expect(tokensEqual(`${token}x`, token)).toBe(false);
		expect(tokensEqual(token.slice(1), token)).toBe(false);
		expect(tokensEqual(undefined, token)).toBe(false);
		expect(tokensEqual(['a'], token)).toBe(false);
		expect(tokensEqual('', '')).toBe(false);
		expect(tokensEqual(token, undefined)).toBe(false);
	});
});
