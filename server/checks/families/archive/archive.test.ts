import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Extracted, FileInfo } from '../../engine/types';
import { memberLabel } from '../../shared/mask-name';
import { archiveHandlers, gzipHandler, nestingDepth, tarHandler, unsafeMemberName, unsupportedArchiveHandler, xzHandler, zipHandler } from './index';
import { context, fileInfo, gzipWithName, makeTar, makeXz, rawZip, yazlZip } from './archives.testing';

const ZIP = 'application/zip';
const ctx = context();
const zip = (bytes: Buffer, path = 'out.zip', c = ctx) => zipHandler.extract(bytes, fileInfo(path, ZIP, bytes.length), c);
const tarx = (bytes: Buffer, c = ctx) => tarHandler.extract(bytes, fileInfo('out.tar', 'application/x-tar', bytes.length), c);
const gz = (bytes: Buffer, path = 'data.csv.gz') => gzipHandler.extract(bytes, fileInfo(path, 'application/gzip', bytes.length), ctx);
const xz = (bytes: Buffer, path = 'data.csv.xz', c = ctx) => xzHandler.extract(bytes, fileInfo(path, 'application/x-xz', bytes.length), c);
const rules = (r: Extracted) => r.findings.map((f) => `${f.rule}/${f.severity}`);
const names = (r: Extracted) => (r.members ?? []).map((m) => m.name);

/** Runs an extraction and reports the growth of buffer memory it caused. */
async function measured(run: () => Promise<Extracted>) {
  const before = process.memoryUsage().arrayBuffers;
  const result = await run();
  return { result, grew: process.memoryUsage().arrayBuffers - before };
}

describe('which files the archive handlers open', () => {
  it('matches plain zips, tars, gzips, xz and bzip2 streams and the unsupported 7z and rar types', () => {
    const pick = (mediaType: string) => archiveHandlers.find((h) => h.matches(fileInfo('f', mediaType)))?.name;
    const types = [ZIP, 'application/x-tar', 'application/gzip', 'application/x-xz', 'application/x-bzip2', 'application/x-7z-compressed', 'application/vnd.rar'];
    expect(types.map(pick)).toEqual(['zip', 'tar', 'gzip', 'xz', 'bzip2', 'unsupported-archive', 'unsupported-archive']);
  });

  it('does not match office documents, which are zips with their own media types', () => {
    const docx = fileInfo('report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(archiveHandlers.some((h) => h.matches(docx))).toBe(false);
    expect(archiveHandlers.some((h) => h.matches(fileInfo('x', 'application/octet-stream')))).toBe(false);
  });
});

describe('zip archives', () => {
  it('returns each member with its exact bytes and no findings for a clean zip', async () => {
    const bytes = await yazlZip([
      { name: 'a.txt', data: 'hello world\n' },
      { name: 'dir/b.csv', data: 'x,y\n1,2\n', compress: false },
    ]);
    const r = await zip(bytes);
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBeUndefined();
    expect(r.members).toEqual([
      { name: 'a.txt', bytes: Buffer.from('hello world\n'), position: 1 },
      { name: 'dir/b.csv', bytes: Buffer.from('x,y\n1,2\n'), position: 2 },
    ]);
  });

  it.each([['../../home/evil.txt'], ['..\\..\\home\\evil.txt'], ['root/../../../etc/passwd'], ['/etc/passwd'], ['C:\\Windows\\evil.dll']])(
    'blocks the traversal or absolute member name %s from its header',
    async (name) => {
      const bytes = rawZip([
        { name: 'good.txt', data: Buffer.from('good') },
        { name, data: Buffer.from('evil') },
      ]);
      const r = await zip(bytes);
      expect(r.findings).toEqual([expect.objectContaining({ family: 'archive', rule: 'archive.path_traversal', severity: 'block', location: { entry: memberLabel(2, name) } })]);
      expect(names(r)).toEqual(['good.txt', name]);
    },
  );

  it('blocks a symlink member whose target leaves the archive', async () => {
    const bytes = rawZip([
      { name: 'docs/link', data: Buffer.from('../../etc/passwd'), unixMode: 0o120777 },
      { name: 'ok', data: Buffer.from('x') },
    ]);
    const r = await zip(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.path_traversal', severity: 'block', location: { entry: '#1 d••••' } })]);
    expect(names(r)).toEqual(['ok']);
  });

  it('flags duplicate member names for review once per name', async () => {
    const bytes = rawZip(['foo.txt', 'foo.txt', 'foo.txt', 'bar.txt'].map((name, i) => ({ name, data: Buffer.from(`v${i}`) })));
    const r = await zip(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.duplicate_entry', severity: 'review', location: { entry: '#2 f••••.txt' } })]);
    expect(names(r)).toHaveLength(4);
  });

  it('blocks a bomb declaring 4 GB from its headers without inflating anything', async () => {
    const bytes = rawZip([{ name: 'zeros.bin', data: Buffer.alloc(64 * 1024), deflate: true, declaredSize: 0xfff00000 }]);
    const { result, grew } = await measured(() => zip(bytes));
    expect(rules(result)).toContain('archive.bomb/block');
    expect(result.members).toEqual([]);
    expect(grew).toBeLessThan(16 * 1024 * 1024);
  });

  it('blocks a member whose declared expansion ratio is over the limit even under the size limit', async () => {
    const bytes = rawZip([{ name: 'z.bin', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]);
    const r = await zip(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.bomb', severity: 'block', location: { entry: '#1 z••••.bin' } })]);
    expect(r.findings[0]?.message).toMatch(/expansion of \d+:1, over the limit of 100:1/);
    expect(r.members).toEqual([]);
  });

  it('does not call a small, very compressible file a bomb', async () => {
    const r = await zip(rawZip([{ name: 'blank.csv', data: Buffer.alloc(200 * 1024, 0x30), deflate: true }]));
    expect(r.findings).toEqual([]);
    expect(r.members?.[0]?.bytes.length).toBe(200 * 1024);
  });

  it('blocks a member that inflates past its (lying) declared size, stopping at the declared size', async () => {
    const bytes = rawZip([{ name: 'liar.bin', data: Buffer.alloc(4 * 1024 * 1024), deflate: true, declaredSize: 400_000 }]);
    const r = await zip(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.bomb', severity: 'block', location: { entry: '#1 l••••.bin' } })]);
    expect(r.members).toEqual([]);
  });

  it('blocks overlapping members (the non-recursive zip bomb) without reading them', async () => {
    const kernel = { name: 'k0', data: Buffer.alloc(1000, 0x41), deflate: true };
    const bytes = rawZip([kernel, ...Array.from({ length: 50 }, (_, i) => ({ ...kernel, name: `k${i + 1}`, sharesWith: 0 }))]);
    const r = await zip(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.bomb', severity: 'block', location: { entry: '#2 k••••' } })]);
    expect(r.findings[0]?.message).toMatch(/overlap/);
    expect(r.members).toEqual([]);
  });

  it('blocks an archive with more members than the limit before reading any', async () => {
    const bytes = await yazlZip(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    const r = await zip(bytes, 'out.zip', context({ archiveMaxEntries: 5 }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.bomb', severity: 'block' })]);
    expect(r.findings[0]?.message).toMatch(/6 members, over the limit of 5/);
    expect(r.members).toEqual([]);
  });

  it('notes encrypted members and still returns the readable ones', async () => {
    const bytes = rawZip([
      { name: 'secret.txt', data: Buffer.alloc(32), declaredSize: 20, flags: 1 },
      { name: 'plain.txt', data: Buffer.from('ok') },
    ]);
    const r = await zip(bytes);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.encrypted_entry', severity: 'review', location: { entry: '#1 s••••.txt' } })]);
    expect(r.unreadable).toBeUndefined();
    expect(names(r)).toEqual(['plain.txt']);
  });

  it('makes a zip whose members are all encrypted unreadable', async () => {
    const r = await zip(rawZip([{ name: 'a', data: Buffer.alloc(32), declaredSize: 20, flags: 1 }]));
    expect(r.unreadable).toBe('encrypted archive members cannot be inspected');
    expect(rules(r)).toEqual(['archive.encrypted_entry/review']);
  });

  it('reports a truncated zip as unreadable instead of throwing', async () => {
    const bytes = await yazlZip([{ name: 'a.txt', data: 'hello '.repeat(100) }]);
    const r = await zip(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(r.unreadable).toMatch(/^corrupt or truncated zip/);
    expect(r.members).toEqual([]);
  });

  it('reports corrupt member data as unreadable, naming the member', async () => {
    const bytes = rawZip([{ name: 'a.txt', data: Buffer.from('hello hello hello hello'), deflate: true }]);
    bytes.fill(0xff, 40, 45);
    const r = await zip(bytes);
    expect(r.unreadable).toBe('corrupt zip: 1 member(s) could not be read (#1 a••••.txt: the data is malformed (Z_BUF_ERROR))');
  });

  it('opens a 42.zip-style nest level by level and refuses the levels past the depth limit', async () => {
    let inner = await yazlZip([{ name: 'leaf.txt', data: 'leaf' }]);
    for (let level = 4; level >= 1; level--)
      inner = await yazlZip([
        { name: `l${level}a.zip`, data: inner },
        { name: `l${level}b.zip`, data: inner },
      ]);
    const opened: string[] = [];
    const refused: string[] = [];
    // What the engine does: scan each member, recursing into zips with `outer!/inner` paths.
    const walk = async (bytes: Buffer, path: string): Promise<void> => {
      const r = await zip(bytes, path);
      if (r.findings.some((f) => f.rule === 'archive.bomb')) refused.push(path);
      else opened.push(path);
      for (const m of r.members ?? []) if (m.name.endsWith('.zip')) await walk(m.bytes, `${path}!/${m.name}`);
    };
    await walk(inner, 'top.zip');
    expect(opened).toHaveLength(1 + 2 + 4);
    expect(refused).toHaveLength(8);
    expect(refused[0]).toBe('top.zip!/l1a.zip!/l2a.zip!/l3a.zip');
    expect(nestingDepth(fileInfo(refused[0]!, ZIP))).toBe(3);
    const deep = await zip(Buffer.alloc(0), refused[0]);
    expect(deep.findings[0]?.message).toMatch(/nested 3 levels deep, past the limit of 3/);
    expect(deep.members).toEqual([]);
  });

  it('notes members it cannot inflate or hold in memory for review by hand', async () => {
    const bytes = rawZip([
      { name: 'bz.bin', data: Buffer.from('LZMA'), method: 14 },
      { name: 'big.bin', data: Buffer.alloc(3000, 1) },
      { name: 'small.txt', data: Buffer.from('ok') },
    ]);
    const r = await zip(bytes, 'out.zip', context({ maxFileBytesInMemory: 2000 }));
    expect(r.findings.map((f) => [f.rule, f.severity, f.location])).toEqual([
      ['archive.not_inspected', 'review', { entry: '#1 b••••.bin' }],
      ['archive.not_inspected', 'review', { entry: '#2 b••••.bin' }],
    ]);
    expect(names(r)).toEqual(['small.txt']);
  });

  it('gives up with unreadable when the time budget is already spent', async () => {
    const spent = new AbortController();
    spent.abort();
    const bytes = await yazlZip([{ name: 'a.txt', data: 'x' }]);
    expect((await zip(bytes, 'a.zip', context({}, spent.signal))).unreadable).toBe('time budget exceeded');
  });
});

describe('tar and gzip archives', () => {
  it('returns tar members with their bytes and skips directories', async () => {
    const bytes = await makeTar([
      { name: 'out/', type: 'directory' },
      { name: 'out/t.csv', data: 'a,b\n1,2\n' },
      { name: 'out/empty.txt', data: '' },
    ]);
    const r = await tarx(bytes);
    expect(r.findings).toEqual([]);
    expect(r.members).toEqual([
      { name: 'out/t.csv', bytes: Buffer.from('a,b\n1,2\n'), position: 2 },
      { name: 'out/empty.txt', bytes: Buffer.alloc(0), position: 3 },
    ]);
  });

  it('blocks tar members with traversal names and links that leave the archive', async () => {
    const bytes = await makeTar([
      { name: '../evil.sh', data: 'x' },
      { name: 'a/link', type: 'symlink', linkname: '../../etc/shadow' },
      { name: 'a/ok-link', type: 'symlink', linkname: '../b.txt' },
      { name: 'hard', type: 'link', linkname: '/etc/passwd' },
    ]);
    const r = await tarx(bytes);
    expect(r.findings.map((f) => [f.rule, f.severity, f.location])).toEqual([
      ['archive.path_traversal', 'block', { entry: '#1 ••••.sh' }],
      ['archive.path_traversal', 'block', { entry: '#2 a••••' }],
      ['archive.path_traversal', 'block', { entry: '#4 h••••' }],
    ]);
  });

  it('flags duplicate tar member names and blocks a tar over the member limit', async () => {
    const bytes = await makeTar([
      { name: 'a', data: '1' },
      { name: 'a', data: '2' },
      { name: 'b', data: '3' },
    ]);
    expect(rules(await tarx(bytes))).toEqual(['archive.duplicate_entry/review']);
    const over = await tarx(bytes, context({ archiveMaxEntries: 2 }));
    expect(rules(over)).toEqual(['archive.duplicate_entry/review', 'archive.bomb/block']);
    expect(over.members).toEqual([]);
  });

  it('reports truncated and garbage tars as unreadable', async () => {
    const bytes = await makeTar([{ name: 'a.txt', data: 'x'.repeat(2000) }]);
    expect((await tarx(bytes.subarray(0, 1024))).unreadable).toMatch(/^corrupt or truncated tar/);
    expect((await tarx(Buffer.from('not a tar at all '.repeat(64)))).unreadable).toMatch(/^corrupt or truncated tar/);
  });

  it('returns a gzip as one member named after the file, or after the stored name', async () => {
    expect((await gz(gzipSync('a,b\n1,2\n'))).members).toEqual([{ name: 'data.csv', bytes: Buffer.from('a,b\n1,2\n') }]);
    expect(names(await gz(gzipWithName(Buffer.from('x'), 'orig.txt')))).toEqual(['orig.txt']);
  });

  it('blocks a gzip whose stored name climbs out of the folder', async () => {
    const r = await gz(gzipWithName(Buffer.from('x'), '../../.bashrc'));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'archive.path_traversal', severity: 'block', location: { entry: '#1 ••••' } })]);
  });

  it('reads a gzipped tar straight into its members', async () => {
    const r = await gz(gzipSync(await makeTar([{ name: 'x/secret.env', data: 'K=V\n' }])), 'out.tar.gz');
    expect(r.members).toEqual([{ name: 'x/secret.env', bytes: Buffer.from('K=V\n'), position: 1 }]);
  });

  it('blocks a gzip bomb its trailer declares, inflating only up to the limit and keeping none of it', async () => {
    const bytes = gzipSync(Buffer.alloc(32 * 1024 * 1024));
    const { result, grew } = await measured(() => gz(bytes));
    expect(rules(result)).toEqual(['archive.bomb/block']);
    expect(result.members).toEqual([]);
    expect(grew).toBeLessThan(8 * 1024 * 1024);
  });

  it('blocks a gzip bomb with a lying trailer once the actual expansion passes the limit', async () => {
    const bytes = gzipSync(Buffer.alloc(32 * 1024 * 1024));
    bytes.writeUInt32LE(1000, bytes.length - 4);
    const { result, grew } = await measured(() => gz(bytes));
    expect(rules(result)).toEqual(['archive.bomb/block']);
    expect(result.findings[0]?.message).toMatch(/inflates past 3\d{6} bytes/);
    expect(grew).toBeLessThan(24 * 1024 * 1024);
  });

  it('makes a gzip too large to hold but under the expansion limit unreadable, not a bomb', async () => {
    const data = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 251));
    const r = await gzipHandler.extract(gzipSync(data), fileInfo('x.gz', 'application/gzip'), context({ maxFileBytesInMemory: 10_000 }));
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBe('decompressed content is larger than the in-memory budget of 10000 bytes');
  });

  it('reports a truncated gzip as unreadable', async () => {
    const bytes = gzipSync('hello '.repeat(1000));
    for (const cut of [4, 12, 30]) expect((await gz(bytes.subarray(0, bytes.length - cut))).unreadable).toMatch(/^corrupt or truncated gzip/);
    expect((await gz(Buffer.from('plain text, not gzip'))).unreadable).toBe('not a gzip stream or truncated header');
  });
});

describe('xz streams', () => {
  it('reads an xz-compressed tar straight into its members', async () => {
    const r = await xz(
      makeXz(
        await makeTar([
          { name: 'files/.env.prod', data: 'DB_PASSWORD=x\n' },
          { name: 'files/a.txt', data: 'a' },
        ]),
      ),
      'files.tar.xz',
    );
    expect(r.unreadable).toBeUndefined();
    expect(r.members).toEqual([
      { name: 'files/.env.prod', bytes: Buffer.from('DB_PASSWORD=x\n'), position: 1 },
      { name: 'files/a.txt', bytes: Buffer.from('a'), position: 2 },
    ]);
  });

  it('returns other xz content as one member named after the file, across several LZMA2 chunks', async () => {
    const data = Buffer.from('a,b\n1,2\n'.repeat(20_000));
    expect((await xz(makeXz(data))).members).toEqual([{ name: 'data.csv', bytes: data }]);
    expect(names(await xz(makeXz(Buffer.from('x')), 'out.txz'))).toEqual(['out.tar']);
  });

  it('blocks xz content past the total-size limit and keeps none of it', async () => {
    const bytes = makeXz(Buffer.alloc(3 * 1024 * 1024, 0x61));
    const r = await xz(bytes, 'big.xz', context({ archiveMaxTotalBytes: 2 * 1024 * 1024 }));
    expect(rules(r)).toEqual(['archive.bomb/block']);
    expect(r.members).toEqual([]);
  });

  it('makes xz content too large to hold but under the limits unreadable, not a bomb', async () => {
    const r = await xz(makeXz(Buffer.alloc(20_000, 0x61)), 'x.xz', context({ maxFileBytesInMemory: 10_000 }));
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBe('decompressed content is larger than the in-memory budget of 10000 bytes');
  });

  it('reports corrupt, truncated and foreign bytes as unreadable', async () => {
    expect((await xz(makeXz(Buffer.from('hello'), true))).unreadable).toMatch(/^corrupt or truncated xz/);
    const bytes = makeXz(Buffer.from('hello '.repeat(1000)));
    expect((await xz(bytes.subarray(0, bytes.length - 40))).unreadable).toMatch(/^corrupt or truncated xz/);
    expect((await xz(Buffer.from('plain text, not xz at all, long enough'))).unreadable).toBe('not an xz stream or truncated header');
  });
});

describe('archives that cannot be decoded here', () => {
  it.each([
    ['application/x-7z-compressed', '7z'],
    ['application/vnd.rar', 'rar'],
  ])('makes %s unreadable with a review finding', async (mediaType, kind) => {
    const r = await unsupportedArchiveHandler.extract(Buffer.from('xx'), fileInfo('a', mediaType) as FileInfo, ctx);
    expect(r.unreadable).toBe(`${kind} archives cannot be read; review by hand`);
    expect(r.findings).toEqual([expect.objectContaining({ family: 'archive', rule: 'archive.unsupported_format', severity: 'review' })]);
  });
});

describe('member name checks', () => {
  it('accepts names that stay inside the folder, including dots inside names', () => {
    expect(['a/b.txt', './a', 'a..b/c', '...', 'x/.hidden'].map(unsafeMemberName)).toEqual([null, null, null, null, null]);
  });
});
