import { describe, expect, it } from 'vitest';
import type { ScannedEntry } from '../../../../common/contracts/scan.contract';
import { detectMediaType } from '../../formats/detect-type';
import { scanBuffer } from '../../engine/scan-buffer';
import type { Extracted } from '../../engine/types';
import { extractBzip2 } from './bzip2';
import { archiveHandlers, bzip2Handler, zipHandler } from './index';
import { context, fileInfo, makeBzip2, makeBzip2Zeros, makeTar, rawZip, yazlZip } from './archives.testing';

const BZIP2 = 'application/x-bzip2';
const ctx = context();
const bz = (bytes: Buffer, path = 'data.csv.bz2', c = ctx) => bzip2Handler.extract(bytes, fileInfo(path, BZIP2, bytes.length), c);
const rules = (r: Extracted | ScannedEntry) => r.findings.map((f) => `${f.rule}/${f.severity}`);
const names = (r: Extracted) => (r.members ?? []).map((m) => m.name);

/** Text that bzip2 cannot shrink much: `bytes` long, so it spans several blocks. */
function varied(bytes: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, n = 0; n < bytes; i++) {
    const line = `${i},${(i * 7919) % 10007},${(i * 104729) % 65521}\n`;
    lines.push(line);
    n += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** Runs an extraction and reports the growth of buffer memory it caused. */
async function measured(run: () => Promise<Extracted>) {
  const before = process.memoryUsage().arrayBuffers;
  const result = await run();
  return { result, grew: process.memoryUsage().arrayBuffers - before };
}

describe('which files are read as bzip2', () => {
  it('detects bzip2 content and routes it to the bzip2 handler', async () => {
    const bytes = makeBzip2('a,b\n1,2\n');
    const mediaType = await detectMediaType('data.csv.bz2', bytes);
    expect(mediaType).toBe(BZIP2);
    expect(archiveHandlers.find((h) => h.matches(fileInfo('data.csv.bz2', mediaType)))?.name).toBe('bzip2');
  });

  it('does not take a text file that starts with the letters BZh for bzip2', async () => {
    expect(await detectMediaType('notes.txt', Buffer.from('BZh is how bzip2 files begin\n'))).toBe('text/plain');
  });
});

describe('bzip2 streams', () => {
  it('returns the content as one member named after the file', async () => {
    const data = varied(2_000_000);
    const r = await bz(makeBzip2(data, 1));
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBeUndefined();
    expect(names(r)).toEqual(['data.csv']);
    expect(r.members?.[0]?.bytes.equals(data)).toBe(true);
    expect(names(await bz(makeBzip2('x'), 'out.tbz2'))).toEqual(['out.tar']);
    expect(names(await bz(makeBzip2(''), 'empty.txt.bz2'))).toEqual(['empty.txt']);
  });

  it('reads streams written one after another as one content, as bzip2 -d does', async () => {
    const r = await bz(Buffer.concat([makeBzip2('first\n'), makeBzip2('second\n', 1)]), 'log.txt.bz2');
    expect(r.members).toEqual([{ name: 'log.txt', bytes: Buffer.from('first\nsecond\n') }]);
  });

  it('reads a bzip2-compressed tar straight into its members', async () => {
    const r = await bz(
      makeBzip2(
        await makeTar([
          { name: 'files/.env.prod', data: 'DB_PASSWORD=x\n' },
          { name: 'files/a.txt', data: 'a' },
        ]),
      ),
      'files.tar.bz2',
    );
    expect(r.unreadable).toBeUndefined();
    expect(r.members).toEqual([
      { name: 'files/.env.prod', bytes: Buffer.from('DB_PASSWORD=x\n'), position: 1 },
      { name: 'files/a.txt', bytes: Buffer.from('a'), position: 2 },
    ]);
  });

  it('blocks a tar.bz2 with a member that climbs out of the folder', async () => {
    const bytes = makeBzip2(
      await makeTar([
        { name: 'ok.txt', data: 'fine' },
        { name: '../../home/evil.sh', data: 'x' },
      ]),
    );
    const r = await bz(bytes, 'out.tar.bz2');
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.path_traversal', severity: 'block', location: { entry: '#2 ••••.sh' } })]);
    const scanned = await scanBuffer(bytes, 'out.tar.bz2', ctx);
    expect(scanned.verdict).toBe('block');
  });

  it('blocks 200 MB of zeros in a few hundred bytes, decoding only up to the limit and keeping none of it', async () => {
    const bytes = await makeBzip2Zeros(200 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(1000);
    const { result, grew } = await measured(() => bz(bytes, 'zeros.bin.bz2'));
    expect(rules(result)).toEqual(['archive.bomb/block']);
    expect(result.findings[0]?.message).toBe('Content expands past 1048576 bytes, over the expansion limit of 100:1 or the total-size limit');
    expect(result.members).toEqual([]);
    expect(grew).toBeLessThan(8 * 1024 * 1024);
  });

  it('blocks a bomb of 100 streams of 40 MB of zeros (4 GB) long before it could all be decoded', async () => {
    const bytes = Buffer.concat(Array.from<Buffer>({ length: 100 }).fill(makeBzip2(Buffer.alloc(40 * 1024 * 1024))));
    const { result: r, grew } = await measured(() => bz(bytes, 'zeros.bin.bz2'));
    expect(rules(r)).toEqual(['archive.bomb/block']);
    // Stopped at the cap: nothing of the 4 GB was kept (decoding it all would take the best part of a minute).
    expect(r.members).toEqual([]);
    expect(grew).toBeLessThan(8 * 1024 * 1024);
  });

  it('blocks content past the total-size limit and keeps none of it', async () => {
    const r = await bz(makeBzip2(varied(3 * 1024 * 1024), 1), 'big.csv.bz2', context({ archiveMaxTotalBytes: 2 * 1024 * 1024 }));
    expect(rules(r)).toEqual(['archive.bomb/block']);
    expect(r.members).toEqual([]);
  });

  it('makes content too large to hold but under the limits unreadable, not a bomb', async () => {
    const r = await bz(makeBzip2(varied(20_000)), 'x.csv.bz2', context({ maxFileBytesInMemory: 10_000 }));
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBe('decompressed content is larger than the in-memory budget of 10000 bytes');
  });

  it('reports truncated, corrupt, foreign and trailing bytes as unreadable with the reason', async () => {
    const bytes = makeBzip2(varied(300_000), 1);
    for (const cut of [1, 4, 11, Math.floor(bytes.length / 2), bytes.length - 20]) {
      expect((await bz(bytes.subarray(0, bytes.length - cut))).unreadable).toBe('corrupt or truncated bzip2: unexpected end of input');
    }
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 3)]! ^= 0x10;
    // The decoder's own message is not passed on: it could quote the data.
    expect((await bz(flipped)).unreadable).toBe('corrupt or truncated bzip2: the data is malformed');
    expect((await bz(Buffer.concat([makeBzip2('x'), Buffer.from('hidden after the end')]))).unreadable).toBe('corrupt or truncated bzip2: 20 bytes of other data after the end of the bzip2 stream');
    expect((await bz(Buffer.from('plain text, not bzip2 at all'))).unreadable).toBe('not a bzip2 stream or truncated header');
  });

  it('lets the time budget run out between blocks of a long decode', async () => {
    const controller = new AbortController();
    const data = varied(3_000_000);
    const bytes = makeBzip2(data);
    // The worker's budget is a timer: it can only fire if the decoder gives the event loop a turn.
    setTimeout(() => controller.abort(), 0);
    const r = await extractBzip2(bytes, fileInfo('data.csv.bz2', BZIP2, bytes.length), context({}, controller.signal));
    expect(r.unreadable).toBe('time budget exceeded');
    expect(r.members ?? []).toEqual([]);
  });
});

describe('bzip2 inside the engine', () => {
  it('checks the content of a .bz2 text file as an entry, finding the email address in it', async () => {
    const scanned = await scanBuffer(makeBzip2('Contact the team at jane.doe@example.org\n'), 'notes.txt.bz2', ctx);
    expect(scanned.mediaType).toBe(BZIP2);
    expect(scanned.status).toBe('checked');
    expect(scanned.entries.map((e) => [e.path, e.mediaType])).toEqual([['notes.txt.bz2!/#1 n••••.txt', 'text/plain']]);
    expect(rules(scanned.entries[0]!)).toContain('pii.email/review');
  });

  it('opens a .bz2 inside a zip and a tar as entries of entries', async () => {
    const inner = makeBzip2('name,contact\nAda,ada@example.org\n');
    const zipped = await scanBuffer(await yazlZip([{ name: 'exports/people.csv.bz2', data: inner, compress: false }]), 'out.zip', ctx);
    const viaZip = zipped.entries[0]!;
    expect([viaZip.path, viaZip.mediaType, viaZip.status]).toEqual(['out.zip!/#1 e••••.bz2', BZIP2, 'checked']);
    expect(viaZip.entries.map((e) => e.path)).toEqual(['out.zip!/#1 e••••.bz2!/#1 p••••.csv']);
    expect(rules(viaZip.entries[0]!)).toContain('pii.email/review');

    const tarred = await scanBuffer(await makeTar([{ name: 'people.csv.bz2', data: inner }]), 'out.tar', ctx);
    expect(tarred.entries[0]?.entries.map((e) => e.path)).toEqual(['out.tar!/#1 p••••.bz2!/#1 p••••.csv']);
    expect(rules(tarred.entries[0]!.entries[0]!)).toContain('pii.email/review');
  });

  it('marks a truncated .bz2 entry unreadable inside its zip', async () => {
    const inner = makeBzip2('hello '.repeat(100));
    const zipped = await scanBuffer(await yazlZip([{ name: 'a.txt.bz2', data: inner.subarray(0, inner.length - 10) }]), 'out.zip', ctx);
    expect(zipped.entries[0]).toEqual(expect.objectContaining({ path: 'out.zip!/#1 a••••.bz2', status: 'unreadable', reason: 'corrupt or truncated bzip2: unexpected end of input' }));
  });
});

describe('zip members compressed with bzip2 (method 12)', () => {
  const people = Buffer.from('name,contact\nAda,ada@example.org\n');

  it('reads the member and checks it as an entry', async () => {
    const bytes = rawZip([
      { name: 'people.csv', data: people, body: makeBzip2(people), method: 12 },
      { name: 'plain.txt', data: Buffer.from('ok') },
    ]);
    const scanned = await scanBuffer(bytes, 'out.zip', ctx);
    expect(scanned.status).toBe('checked');
    expect(scanned.findings.map((f) => f.rule)).not.toContain('archive.not_inspected');
    expect(scanned.entries.map((e) => [e.path, e.status])).toEqual([
      ['out.zip!/#1 p••••.csv', 'checked'],
      ['out.zip!/#2 p••••.txt', 'checked'],
    ]);
    expect(rules(scanned.entries[0]!)).toContain('pii.email/review');
  });

  it('blocks a member that decodes past its declared size, keeping none of it', async () => {
    const zeros = await makeBzip2Zeros(50 * 1024 * 1024);
    const bytes = rawZip([{ name: 'small.bin', data: Buffer.alloc(1000), body: zeros, method: 12 }]);
    const { result, grew } = await measured(() => zipHandler.extract(bytes, fileInfo('out.zip', 'application/zip', bytes.length), ctx));
    expect(rules(result)).toEqual(['archive.bomb/block']);
    expect(result.members).toEqual([]);
    expect(grew).toBeLessThan(8 * 1024 * 1024);
  });

  it('makes the zip unreadable, naming the member, when its bzip2 data is cut short or its CRC is wrong', async () => {
    const body = makeBzip2(people);
    const cut = rawZip([{ name: 'people.csv', data: people, body: body.subarray(0, body.length - 8), method: 12 }]);
    expect((await zipHandler.extract(cut, fileInfo('out.zip', 'application/zip', cut.length), ctx)).unreadable).toBe(
      'corrupt zip: 1 member(s) could not be read (#1 p••••.csv: unexpected end of input)',
    );
    const other = rawZip([{ name: 'people.csv', data: Buffer.from('name,contact\nBob,bob@example.org\n'), body, method: 12 }]);
    expect((await zipHandler.extract(other, fileInfo('out.zip', 'application/zip', other.length), ctx)).unreadable).toMatch(
      /#1 p••••\.csv: member (CRC does not match|is shorter than its declared size)/,
    );
  });
});
