/**
 * Test-only builders for archive fixtures: well-formed zips with yazl, tars with tar-stream, and
 * hand-written zip and gzip bytes for what the libraries refuse to write (traversal names,
 * lying sizes, overlapping members, encryption flags). Imported by tests only.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import { PRESETS, type ScanParameters } from '../presets';
import type { CheckContext, FileInfo } from '../types';

/** A check context with the acro preset, optionally overridden. */
export function context(overrides: Partial<ScanParameters> = {}, signal = new AbortController().signal): CheckContext {
  return { parameters: { ...PRESETS.acro, ...overrides }, packageKind: 'report', signal };
}

/** A FileInfo for a fixture. */
export function fileInfo(path: string, mediaType: string, bytes = 0): FileInfo {
  return { path, name: (path.split('!/').pop() ?? path).toLowerCase(), bytes, mediaType };
}

/** A well-formed zip written by yazl. */
export async function yazlZip(files: { name: string; data: Buffer | string; compress?: boolean }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(Buffer.from(f.data), f.name, { compress: f.compress ?? true, mtime: new Date(2020, 0, 1) });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** One member of a hand-written zip. */
export interface RawEntry {
  name: string;
  data: Buffer;
  /** 0 stored (default) or 8 deflated: `data` is compressed here. */
  deflate?: boolean;
  /** Declared uncompressed size (defaults to the real one). */
  declaredSize?: number;
  flags?: number;
  /** Point the central record at this earlier member's local header instead of writing one. */
  sharesWith?: number;
  /** Compression method to declare instead of 0/8 (the data is written as given). */
  method?: number;
  /** Unix mode bits for the external attributes (e.g. 0o120777 for a symlink). */
  unixMode?: number;
}

/** A zip written byte by byte: local headers, central directory, end record. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const flags = (e.flags ?? 0) | 0x800;
    const method = e.method ?? (e.deflate ? 8 : 0);
    let headerAt = offset;
    if (e.sharesWith === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      locals.push(local, name, body);
      offset += 30 + name.length + body.length;
    } else {
      headerAt = offsets[e.sharesWith] ?? 0;
    }
    offsets.push(headerAt);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(e.unixMode === undefined ? 0 : (e.unixMode << 16) >>> 0, 38);
    central.writeUInt32LE(headerAt, 42);
    centrals.push(central, name);
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** One tar member for `makeTar`. */
export interface TarEntry {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
}

/** A tar written by tar-stream. */
export async function makeTar(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  })();
  for (const e of entries) {
    const header = { name: e.name, type: e.type ?? 'file', linkname: e.linkname, mtime: new Date(2020, 0, 1) };
    await new Promise<void>((resolve, reject) => {
      pack.entry(header, Buffer.from(e.data ?? ''), (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A gzip member written by hand so the header can carry a stored file name (FNAME). */
export function gzipWithName(data: Buffer, storedName: string, declaredSize = data.length): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(declaredSize >>> 0, 4);
  return Buffer.concat([header, Buffer.from(`${storedName}\0`, 'latin1'), deflateRawSync(data), trailer]);
}
