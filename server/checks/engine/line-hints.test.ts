import { describe, expect, it } from 'vitest';
import { ANY, type HintedLineDetector, LinePrefilter } from './line-hints';
import { runLineDetectors } from './line-detectors.testing';
import { LINE_DETECTORS } from '../registry';
import { LineScanner } from './text-scan';
import { TEST_CHECK_CONTEXT } from './line-detectors.testing';
import type { LineDetector, LineDetectorFactory } from './types';

/** Pieces of lines that wake each detector up, and plain data around them. */
const FRAGMENTS = [
  'ada@example.org',
  'user@host',
  'call 07700 900123',
  '+44 20 7946 0958',
  '943 476 5919',
  '4111 1111 1111 1111',
  'SW1A 1AA',
  'ls1 9ab',
  'AB 12 34 56 C',
  '81.2.69.160',
  '10.0.0.1',
  'dob: 10/12/1815',
  'Date of birth:',
  '22-11-1972',
  'born 4 June 1976',
  'Mrs Jane Smith',
  'Name: Ada Lovelace',
  'first_name',
  'surname,dob',
  'password = "hunter22x"',
  'api_key: Zx8vQ2mN4pL7rT1yW3eR5uI9oP0aS6dF',
  'AKIAHI38FAKE1IWUQEEN',
  'ghp_0123456789abcdefghijABCDEFGHIJ0123456789',
  'https://bob:s3cretPa55@db.example.com/x',
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA',
  '-----END RSA PRIVATE KEY-----',
  'machine host login u password p4ssw0rdX',
  'Bearer abcdefghij0123456789KLMNOPQRST',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmnop0123',
  'Miss Brown',
  'Mx Lee',
  'Ms Khan',
  'Dr Who',
  'Prof Smith',
  'Sir John',
  'Dame Judi',
  'given: ["Jane"]',
  'FORENAME: JOHN SMITH',
  'D.O.B. 01/02/1990',
  'BIRTH DATE',
  'BORN',
  'Surname: Smith',
  'glpat-abcdefghij0123456789',
  'xoxb-1234567890-abcdefghij',
  'npm_abcdefghijklmnopqrstuvwxyz0123456789',
  'hf_abcdefghijklmnopqrstuvwxyzabcdefgh',
  'sk-proj-Zx8vQ2mN4pL7rT1yW3eR5uI9oP0aS6dFgH',
  'hooks.slack.com/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx',
  'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq',
  'AccountKey=Zx8vQ2mN4pL7rT1yW3eR5uI9oP0aS6dFgHjKlZxCvBnM==',
  'AIzaSyD-abcdefghijklmnopqrstuvwxyz12345',
  'sk_live_abcdefghijklmnopqrstuvwx',
  'default login x password Zq9#mmm2',
  'account',
  '<password>Zq9mmm2x</password>',
  'token: Zq9mmm2xYY',
  'North East',
  'Yorkshire',
  'routine follow-up recorded',
  '0-9',
  '4999',
  ',',
  ',',
  ';',
  ' ',
  ' ',
  '\t',
  '"',
  'é',
  'Ünïcödé',
  '’',
  '12',
  '7',
  '2024-01-31',
];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomLines(seed: number, count: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const parts = Math.floor(next() * 6);
    let line = '';
    for (let i = 0; i < parts; i++) line += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]! + (next() < 0.5 ? ',' : ' ');
    return line;
  });
}

describe('the line prefilter', () => {
  it('never hides a finding: every detector finds the same with and without it', () => {
    for (const [seed, name] of [
      [1, 'notes.txt'],
      [2, 'data.csv'],
      [3, 'app.py'],
      [4, 'settings.yml'],
    ] as const) {
      const lines = [...FRAGMENTS, ...randomLines(seed, 3000)];
      expect(runLineDetectors(LINE_DETECTORS, lines, name)).toEqual(runLineDetectors(LINE_DETECTORS, lines, name, true));
    }
  });

  it('finds the same on a CSV whose header names a date-of-birth column (every row is read)', () => {
    const lines = ['id,first_name,dob,note', ...Array.from({ length: 200 }, (_, i) => `${i},Ada,${(i % 28) + 1}/12/1980,routine`)];
    const gated = runLineDetectors(LINE_DETECTORS, lines, 'people.csv');
    expect(gated.length).toBeGreaterThan(50);
    expect(gated).toEqual(runLineDetectors(LINE_DETECTORS, lines, 'people.csv', true));
  });

  it('keeps a detector from lines without its pairs, and calls it on lines with them', () => {
    const seen: string[] = [];
    const atSign: LineDetectorFactory = (): HintedLineDetector => ({
      family: 'pii',
      hints: { pairs: [[ANY, '@']] },
      line: (text) => {
        seen.push(text);
        return [];
      },
    });
    const scanner = new LineScanner({ path: 'a.txt', name: 'a.txt', bytes: 0, mediaType: 'text/plain' }, TEST_CHECK_CONTEXT, undefined, undefined, [atSign]);
    scanner.push('no at sign\r\n@ first\nstill nothing\nends with @\r\nlast line @');
    scanner.end();
    expect(seen).toEqual(['@ first', 'ends with @', 'last line @']);
  });

  it('reads pairs and digit counts per line, from the bytes of UTF-8 text', () => {
    const digits: LineDetector & { hints: object } = { family: 'pii', hints: { minDigits: 3 }, line: () => [] };
    const pair: LineDetector & { hints: object } = { family: 'pii', hints: { pairs: [['M', 'r']] }, line: () => [] };
    const plain: LineDetector = { family: 'pii', line: () => [] };
    const filter = new LinePrefilter([digits, pair, plain]);
    const out: number[] = [];
    expect(filter.lineFlags(Buffer.from('12\n123\nÉMr\nM r\nMr 9', 'utf8'), out)).toBe(4);
    expect(out.slice(0, 4)).toEqual([0b100, 0b101, 0b110, 0b100]);
    expect(filter.flagsOf('Mr 999')).toBe(0b111);
  });

  it("carries a line across the byte pass's 128 KiB segments: a text read whole gives each line the flags it has alone", () => {
    const digits: LineDetector & { hints: object } = { family: 'pii', hints: { minDigits: 9 }, line: () => [] };
    const pair: LineDetector & { hints: object } = { family: 'pii', hints: { pairs: [['@', 'x']] }, line: () => [] };
    const filter = new LinePrefilter([digits, pair]);
    const next = random(9);
    // Long lines of digits and `@x` pairs at every offset, so lines, digit runs and pairs straddle segment ends.
    const lines = Array.from({ length: 600 }, () => Array.from({ length: Math.floor(next() * 1400) }, () => (next() < 0.02 ? '@x' : next() < 0.01 ? '1' : 'a')).join(''));
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(3 * 128 * 1024);
    const out: number[] = [];
    const ends: number[] = [];
    expect(filter.lineFlags(bytes, out, bytes.length, ends)).toBe(lines.length);
    expect(out.slice(0, lines.length)).toEqual(lines.map((line) => filter.flagsOf(line)));
    expect(out.slice(0, lines.length).some((flags) => flags === 0b11)).toBe(true);
    let at = -1;
    expect(ends.slice(0, lines.length)).toEqual(lines.map((line) => (at += line.length + 1)));
  });

  it('gives every line of any bytes the flags and digit count of a plain byte-by-byte reading, at any length', () => {
    const next = random(11);
    // Pairs among a few bytes that the random text is made of, line breaks, digits and bytes above 127.
    const alphabet = [10, 10, 48, 49, 57, 47, 58, 64, 65, 97, 0x0d, 0x20, 0xc3, 0xa9, 0xff, 0x00];
    const pairs = Array.from(
      { length: 24 },
      () => [String.fromCharCode(alphabet[Math.floor(next() * alphabet.length)]!), String.fromCharCode(alphabet[Math.floor(next() * alphabet.length)]!)] as const,
    );
    const detectors = pairs.map(([a, b], i): LineDetector & { hints: object } => ({ family: 'pii', hints: i % 6 === 5 ? { minDigits: i % 4 } : { pairs: [[a, b]] }, line: () => [] }));
    const filter = new LinePrefilter(detectors);
    /** The flags of each line, read one byte at a time, as the kernel must. */
    const plainReading = (bytes: Uint8Array): number[] => {
      const out: number[] = [];
      let prev = 10;
      let flags = 0;
      let digits = 0;
      for (const byte of bytes) {
        if (byte === 10) {
          detectors.forEach((d, i) => {
            if ('minDigits' in d.hints && digits >= (d.hints.minDigits as number)) flags |= 1 << i;
          });
          out.push(flags);
          prev = 10;
          flags = digits = 0;
          continue;
        }
        pairs.forEach(([a, b], i) => {
          if (!('minDigits' in detectors[i]!.hints) && a.charCodeAt(0) === prev && b.charCodeAt(0) === byte) flags |= 1 << i;
        });
        if (byte >= 48 && byte <= 57) digits++;
        prev = byte;
      }
      return out;
    };
    for (const length of [0, 1, 15, 16, 17, 32, 47, 1000, 128 * 1024 - 1, 128 * 1024 + 17, 300_000]) {
      const bytes = Buffer.from(Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]!));
      const out: number[] = [];
      const count = filter.lineFlags(bytes, out);
      expect(out.slice(0, count)).toEqual(plainReading(bytes));
    }
  });

  it('keeps 32 detectors apart, the last one on the sign bit', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef';
    const detectors = [...letters].map((c): LineDetector & { hints: object } => ({ family: 'pii', hints: { pairs: [['#', c]] }, line: () => [] }));
    const filter = new LinePrefilter(detectors);
    [...letters].forEach((c, i) => expect(filter.flagsOf(`x #${c} y`)).toBe(1 << i));
    expect(filter.flagsOf('#A #f') & (1 << 31)).not.toBe(0);
    expect(() => new LinePrefilter([...detectors, detectors[0]!])).toThrow('at most 32 line detectors');
  });
});
