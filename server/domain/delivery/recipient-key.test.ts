import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRecipientKey } from './recipient-key';

// A key printed by age-keygen 1.1.1.
const KEY = 'age1fcehahplgkf6sjfhynx62nprdrg74zdgjaktpypdpa7aaav8cyustypmjs';

describe('a recipient public key', () => {
  it('parses an age recipient and fingerprints its 32 key bytes', () => {
    const parsed = parseRecipientKey(`# created: today\n  ${KEY}  \n`);
    expect(parsed.key).toBe(KEY);
    expect(parsed.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect(parseRecipientKey(KEY.toUpperCase()).fingerprint).toBe(parsed.fingerprint);
    expect(parsed.fingerprint).not.toBe(`SHA256:${createHash('sha256').update(KEY).digest('hex')}`);
  });

  it.each([
    ['an empty text', ''],
    ['a mistyped key (checksum)', KEY.slice(0, -1) + (KEY.endsWith('s') ? 'q' : 's')],
    ['a truncated key', KEY.slice(0, 40)],
    ['two keys', `${KEY}\n${KEY}`],
    ['an OpenPGP key', '-----BEGIN PGP PUBLIC KEY BLOCK-----'],
    ['an age identity (the secret half)', 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ'],
    ['mixed case', KEY.slice(0, 10) + KEY.slice(10).toUpperCase()],
  ])('refuses %s', (_what, text) => {
    expect(() => parseRecipientKey(text)).toThrow(expect.objectContaining({ code: 'destination.recipient_key_invalid' }));
  });
});
