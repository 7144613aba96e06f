/** text.mask: masked values disappear on re-check, whole, and every other line stays byte-identical. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../checks/engine/scan-file';
import { TEST_CHECK_CONTEXT } from '../../checks/engine/line-detectors.testing';
import type { Finding } from '../../checks/engine/types';
import { detectMediaType } from '../../checks/formats/detect-type';
import { PRESETS } from '../../checks/shared/presets';
import { RedactionError, type RedactionOutcome, type TargetFinding } from '../types';
import { textMaskOperation, type TextMaskParameters } from './text-mask.operation';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-mask-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
/** Writes `content` as `name`, masks it, and returns the input, the output and the outcome. */
async function mask(name: string, content: Buffer | string, params: TextMaskParameters, targets: (findings: Finding[]) => TargetFinding[] = () => [], memoryBudgetBytes = 64 * 1024 * 1024) {
  const sub = join(dir, String(++counter));
  await writeFile(`${sub}-${name}`, content);
  const path = `${sub}-${name}`;
  const bytes = Buffer.from(content);
  const before = (await scanFile(path, TEST_CHECK_CONTEXT)).findings;
  const source = { path, name, bytes: bytes.length, mediaType: await detectMediaType(name, bytes) };
  const outPath = `${sub}-out-${name}`;
  const outcome: RedactionOutcome = await textMaskOperation.apply(source, params, outPath, {
    parameters: PRESETS.acro,
    signal: new AbortController().signal,
    memoryBudgetBytes,
    targets: targets(before),
  });
  const output = await readFile(outPath);
  const after = (await scanFile(outPath, TEST_CHECK_CONTEXT)).findings;
  return { input: bytes, output, outcome, before, after };
}

const textFindings = (findings: Finding[]) => findings.filter((f) => f.family === 'pii' || f.family === 'secrets');
const allTargets = (findings: Finding[]): TargetFinding[] => textFindings(findings).map((f) => ({ rule: f.rule, location: f.location! }));
const lines = (b: Buffer) => b.toString('latin1').split('\n');

/** Pieces of a value a reader could recognise it by: its runs of letters and digits, three or more long. */
function fragments(value: string): string[] {
  return value.match(/[A-Za-z0-9]{3,}/g) ?? [];
}

function randomish(length: number, seed0: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let seed = seed0;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out += alphabet[(seed >>> 0) % alphabet.length];
  }
  return out;
}

/** One line per kind of value, with the value alone (for the fragment test); `null` lines hold nothing. */
const GITHUB = ['gh', 'p_', randomish(36, 17)].join('');
const AWS_ID = ['AK', 'IA', 'Q3EGRK7Z4NT6WXM2'].join('');
const JWT = ['ey', 'JhbGciOiJIUzI1NiJ9', '.ey', 'JzdWIiOiIxMjM0NTY3ODkwIn0', '.', randomish(43, 29)].join('');
const KEY_BODY = [randomish(64, 31), randomish(64, 37), randomish(40, 41)];
const FIXTURE: [string, string | null][] = [
  ['Notes from the study, nothing personal here.', null],
  ['contact zelda.quaver@examplemail.org for access', 'zelda.quaver@examplemail.org'],
  ['Call 020 7946 0958 after lunch', '020 7946 0958'],
  ['NHS no: 943 476 5919', '943 476 5919'],
  ['card 4111 1111 1111 1111 on file', '4111 1111 1111 1111'],
  ['lives at SW1A 1AA, apparently', 'SW1A 1AA'],
  ['My NI number is AZ 12 34 56 A', 'AZ 12 34 56 A'],
  ['client 81.2.69.160 connected', '81.2.69.160'],
  ['My date of birth is 17/06/1976.', '17/06/1976'],
  ['Seen by Mrs Jolanda Quarterman-Smyth today', 'Jolanda Quarterman-Smyth'],
  ['db_password = "Xq7#vLp2!mZ9wQ"', 'Xq7#vLp2!mZ9wQ'],
  [`aws_id: ${AWS_ID}`, AWS_ID],
  [`token ${GITHUB} end`, GITHUB],
  ['DATABASE_URL=postgres://analyst:Tr0ub4dor3zz@db.internal:5432/cohort', 'analyst:Tr0ub4dor3zz'],
  [`auth ${JWT}`, JWT],
  ['-----BEGIN RSA PRIVATE KEY-----', null],
  [KEY_BODY[0]!, KEY_BODY[0]!],
  [KEY_BODY[1]!, KEY_BODY[1]!],
  [KEY_BODY[2]!, KEY_BODY[2]!],
  ['-----END RSA PRIVATE KEY-----', null],
  ['The end, with a number 12 and a word.', null],
];

describe('text.mask on a text file', () => {
  it('masks every chosen finding whole, the re-check finds none of them, and every other line is byte-identical', async () => {
    const text = `${FIXTURE.map(([l]) => l).join('\r\n')}\r\n`;
    const { input, output, outcome, before, after } = await mask('notes.txt', text, {}, allTargets);
    const rulesBefore = new Set(textFindings(before).map((f) => f.rule));
    // The fixture has a value for every rule it names, and the checks saw each of them.
    expect(rulesBefore).toEqual(
      new Set([
        'pii.email',
        'pii.phone',
        'pii.nhs_number',
        'pii.payment_card',
        'pii.uk_postcode',
        'pii.ni_number',
        'pii.ip_address',
        'pii.date_of_birth',
        'pii.person_name',
        'secrets.password_assignment',
        'secrets.aws_access_key',
        'secrets.github_token',
        'secrets.credentials_in_url',
        'secrets.jwt',
        'secrets.private_key',
      ]),
    );
    expect(textFindings(after)).toEqual([]);
    const out = output.toString('latin1');
    for (const [, value] of FIXTURE) for (const piece of value ? fragments(value) : []) expect(out, piece).not.toContain(piece);
    // Lines with nothing chosen are the same bytes, CRLF included; the line count is kept.
    const inLines = lines(input);
    const outLines = lines(output);
    expect(outLines).toHaveLength(inLines.length);
    FIXTURE.forEach(([line, value], i) => {
      if (value === null && !line.includes('PRIVATE KEY')) expect(outLines[i]).toBe(inLines[i]);
      expect(outLines[i]!.endsWith('\r')).toBe(true);
    });
    expect(outLines[1]).toBe('contact [EMAIL REMOVED] for access\r');
    expect(outLines[9]).toBe('Seen by [NAME REMOVED] today\r');
    expect(outLines[10]).toBe('db_password = "[SECRET REMOVED]"\r');
    expect(outLines[13]).toBe('DATABASE_URL=postgres://[SECRET REMOVED]@db.internal:5432/cohort\r');
    expect(outLines.slice(15, 20)).toEqual(['[SECRET REMOVED]\r', '\r', '\r', '\r', '\r']);
    expect(outcome.changeCount).toBe(rulesBefore.size);
    expect(outcome.changes).toContainEqual({ location: { line: 2, column: 9 }, change: 'masked as [EMAIL REMOVED]' });
    // The outcome names places and markers, never a value.
    const listed = JSON.stringify(outcome);
    for (const [, value] of FIXTURE) for (const piece of value ? fragments(value) : []) expect(listed).not.toContain(piece);
  });

  it('masks only the chosen finding, and every value of its rule on its line', async () => {
    const text = ['a ada@example.org and bob.smith@example.net', 'b carol@example.com', 'c dave@example.org'].join('\n');
    const { output, after } = await mask('mail.md', text, {}, (found) => found.filter((f) => f.location?.line === 1).map((f) => ({ rule: f.rule, location: f.location! })));
    expect(lines(output)).toEqual(['a [EMAIL REMOVED] and [EMAIL REMOVED]', 'b carol@example.com', 'c dave@example.org']);
    expect(textFindings(after).map((f) => f.location?.line)).toEqual([2, 3]);
  });

  it('masks every value of a rule, past the 50 findings the checks list per rule', async () => {
    const text = Array.from({ length: 120 }, (_, i) => `row ${i} person${i}@example.org; other${i}@example.net`).join('\n');
    const { output, before, after } = await mask('list.txt', text, { rules: ['pii.email'] });
    expect(before.some((f) => f.rule === 'pii.email' && f.severity === 'info')).toBe(true);
    expect(output.toString()).not.toContain('@');
    expect(textFindings(after)).toEqual([]);
    expect(lines(output)[7]).toBe('row 7 [EMAIL REMOVED]; [EMAIL REMOVED]');
  });

  it('masks a family in CSV cells, keeping the columns, and the name and date-of-birth columns', async () => {
    const text = 'child_first_name,dob,email,count\nAda,10/12/1985,ada@example.org,12\n"Jane",01/02/1990,jane@example.org,15\n';
    const { output, after } = await mask('people.csv', text, { families: ['pii'] });
    expect(output.toString()).toBe('child_first_name,dob,email,count\n[NAME REMOVED],[DATE REMOVED],[EMAIL REMOVED],12\n[NAME REMOVED],[DATE REMOVED],[EMAIL REMOVED],15\n');
    expect(textFindings(after)).toEqual([]);
  });

  it('keeps JSON valid: a bare number becomes a quoted marker', async () => {
    const json = JSON.stringify({ name: 'x', phone: 2079460958, mail: 'ada@example.org', list: [1, 2] }, null, 2);
    const phoneJson = json.replace('2079460958', '02079460958');
    const { output, after } = await mask('contact.json', phoneJson.replace('"phone": 02079460958', '"phone": "020 7946 0958", "nhs": 9434765919'), { families: ['pii'] });
    const parsed = JSON.parse(output.toString()) as Record<string, unknown>;
    expect(parsed).toEqual({ name: 'x', phone: '[PHONE REMOVED]', nhs: '[NHS NUMBER REMOVED]', mail: '[EMAIL REMOVED]', list: [1, 2] });
    expect(textFindings(after)).toEqual([]);
  });

  it('keeps the encoding: a Latin-1 line and a UTF-8 byte-order mark come out as they went in', async () => {
    const latin1 = Buffer.concat([Buffer.from('caf\xe9 ada@example.org\n', 'latin1'), Buffer.from('na\xefve line\n', 'latin1')]);
    const a = await mask('latin.txt', latin1, { rules: ['pii.email'] });
    expect(a.output.equals(Buffer.from('caf\xe9 [EMAIL REMOVED]\nna\xefve line\n', 'latin1'))).toBe(true);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ada@example.org — é\nzoë', 'utf8')]);
    const b = await mask('bom.txt', bom, { rules: ['pii.email'] });
    expect(b.output.equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[EMAIL REMOVED] — é\nzoë', 'utf8')]))).toBe(true);
  });

  it('masks a private key whose END marker is on the same line, and a key in a JSON string', async () => {
    const text = `k: "-----BEGIN EC PRIVATE KEY-----\\n${KEY_BODY[0]}\\n-----END EC PRIVATE KEY-----" tail\n`;
    const { output, after } = await mask('keys.yml', text, { families: ['secrets'] });
    expect(output.toString()).toBe('k: "[SECRET REMOVED]" tail\n');
    expect(textFindings(after)).toEqual([]);
  });
});

describe('text.mask refuses what it cannot do', () => {
  const expectCode = async (promise: Promise<unknown>, code: string) => {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedactionError);
    expect((error as RedactionError).code).toBe(code);
  };

  it('refuses a binary file as an unsupported format', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await expectCode(mask('x.png', png, { families: ['pii'] }), 'redaction.unsupported_format');
  });

  it('refuses a finding that is not a value in text, and an empty choice', async () => {
    await expectCode(
      mask('t.txt', 'a ada@example.org', {}, () => [{ rule: 'sdc.small_count', location: { row: 2 } }]),
      'redaction.invalid_parameters',
    );
    await expectCode(mask('t.txt', 'a ada@example.org', {}), 'redaction.invalid_parameters');
    expect(textMaskOperation.parameters.safeParse({ families: ['sdc'] }).success).toBe(false);
  });

  it('says there is nothing to change when no chosen value is in the file, and writes no output', async () => {
    await expectCode(mask('t.txt', 'nothing here\n', { families: ['secrets'] }), 'redaction.nothing_to_change');
    await expect(stat(join(dir, `${counter}-out-t.txt`))).rejects.toThrow();
  });

  it('refuses a line longer than the memory budget', async () => {
    await expectCode(
      mask('long.txt', `${'x'.repeat(4 * 1024 * 1024)} ada@example.org\n`, { families: ['pii'] }, () => [], 1024 * 1024),
      'redaction.too_large',
    );
  });
});
