/**
 * Test-only builders for archive fixtures: well-formed zips with yazl, tars with tar-stream,
 * bzip2 with the system `bzip2` (installed here and on CI; seek-bzip only decodes), and
 * hand-written zip, gzip and xz bytes for what the libraries refuse to write (traversal names,
 * lying sizes, overlapping members, encryption flags). Imported by tests only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { crc32, deflateRawSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import { PRESETS, type ScanParameters } from '../../shared/presets';
import type { CheckContext, FileInfo } from '../../engine/types';

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
  /** Compression method to declare instead of 0/8 (the data is written as given, or `body` when set). */
  method?: number;
  /** The member's compressed bytes, written in place of `data` (which is what they decompress to: its size and CRC are declared). */
  body?: Buffer;
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
    const body = e.body ?? (e.deflate ? deflateRawSync(e.data) : e.data);
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

/** An xz integer: 7 bits a byte, low bits first. */
function xzVarint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
};
const pad4 = (length: number) => Buffer.alloc((4 - (length % 4)) % 4);

/**
 * An xz file written by hand (there is no xz encoder in node): one block whose LZMA2 data is
 * stored in uncompressed chunks, a CRC32 check, the index and the footer. Real decoders read it
 * like any other xz file. `corruptCheck` spoils the CRC32 of the content.
 */
export function makeXz(data: Buffer, corruptCheck = false): Buffer {
  const flags = Buffer.from([0x00, 0x01]); // check type 1: CRC32
  const streamHeader = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), flags, u32(crc32(flags))]);
  // Block header: size, flags (one filter, no sizes), LZMA2 (0x21) with one property byte (4 KiB dictionary).
  const fields = Buffer.from([0x00, 0x21, 0x01, 0x00]);
  const headerLength = 1 + fields.length + pad4(1 + fields.length).length + 4;
  const headerBody = Buffer.concat([Buffer.from([headerLength / 4 - 1]), fields, pad4(1 + fields.length)]);
  const blockHeader = Buffer.concat([headerBody, u32(crc32(headerBody))]);
  const chunks: Buffer[] = [];
  for (let at = 0, first = true; at < data.length; at += 0x10000, first = false) {
    const piece = data.subarray(at, at + 0x10000);
    const head = Buffer.from([first ? 0x01 : 0x02, (piece.length - 1) >> 8, (piece.length - 1) & 0xff]);
    chunks.push(head, piece);
  }
  const lzma2 = Buffer.concat([...chunks, Buffer.from([0x00])]);
  const check = u32(crc32(data) ^ (corruptCheck ? 1 : 0));
  const block = Buffer.concat([blockHeader, lzma2, pad4(blockHeader.length + lzma2.length), check]);
  const unpadded = blockHeader.length + lzma2.length + check.length;
  const indexBody = Buffer.concat([Buffer.from([0x00]), xzVarint(1), xzVarint(unpadded), xzVarint(data.length)]);
  const indexPadded = Buffer.concat([indexBody, pad4(indexBody.length)]);
  const index = Buffer.concat([indexPadded, u32(crc32(indexPadded))]);
  const footerBody = Buffer.concat([u32(index.length / 4 - 1), flags]);
  const footer = Buffer.concat([u32(crc32(footerBody)), footerBody, Buffer.from('YZ', 'latin1')]);
  return Buffer.concat([streamHeader, block, index, footer]);
}

/** `data` compressed by the system `bzip2` as one stream, with blocks of `level` × 100 kB. */
export function makeBzip2(data: Buffer | string, level = 9): Buffer {
  return execFileSync('bzip2', ['-c', `-${level}`], { input: data, maxBuffer: 1024 * 1024 * 1024 });
}

/** `bytes` zero bytes compressed by the system `bzip2`, fed to it in pieces so they are never all held. */
export async function makeBzip2Zeros(bytes: number): Promise<Buffer> {
  const child = spawn('bzip2', ['-c', '-9'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  const closed = once(child, 'close');
  const piece = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= piece.length) {
    if (!child.stdin.write(piece.subarray(0, Math.min(left, piece.length)))) await once(child.stdin, 'drain');
  }
  child.stdin.end();
  const [code] = (await closed) as [number | null];
  if (code !== 0) throw new Error(`bzip2 exited with ${code}`);
  return Buffer.concat(out);
}
