/**
 * Zip reading with yauzl from the in-memory buffer. Pass 1 reads only the central directory and
 * local headers (names, declared sizes, offsets) and decides on traversal, bombs and overlapping
 * members; pass 2 inflates the members with a byte cap, only when pass 1 found no bomb. Members
 * are stored, deflated, or compressed with bzip2 (method 12, decoded by bzip2.ts); any other
 * method is reported as not inspected.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { CheckerReason } from '../../shared/error-reason';
import { memberLabel } from '../../shared/mask-name';
import type { CheckContext, Extracted, Member } from '../../engine/types';
import { decodeBzip2 } from './bzip2';
import {
  bombFinding,
  CapExceeded,
  collect,
  encryptedFinding,
  errorText,
  FindingList,
  limitsFor,
  NameTracker,
  notInspectedFinding,
  ratioExceeded,
  traversalFinding,
  unreadable,
  unsafeLinkTarget,
  unsafeMemberName,
  type ArchiveLimits,
} from './limits';

/** One central-directory entry with what pass 1 learned about it. */
interface Listed {
  entry: Entry;
  name: string;
  /** 1-based order in the central directory. */
  position: number;
  dataStart: number;
  dataEnd: number;
  headerStart: number;
}

const LOCAL_HEADER_BYTES = 30;
/** Zip's compression method number for bzip2 (stored is 0, deflate 8). */
const BZIP2_METHOD = 12;
const MAX_LINK_BYTES = 4096;

/** Decodes a raw member name (UTF-8 flag, Info-ZIP Unicode extra field, else CP437), keeping backslashes. */
function entryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

function isDirectory(name: string): boolean {
  return name.endsWith('/') || name.endsWith('\\');
}

function isSymlink(entry: Entry): boolean {
  return entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

/** Lists every entry and its local-header data range without reading member data; stops at the first corrupt header. */
async function listEntries(zip: ZipFile, signal: AbortSignal): Promise<{ listed: Listed[]; error?: string }> {
  const listed: Listed[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (signal.aborted) return { listed, error: 'time budget exceeded' };
      const name = entryName(entry);
      const header = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const headerStart = entry.relativeOffsetOfLocalHeader;
      listed.push({ entry, name, position: listed.length + 1, headerStart, dataStart: header.fileDataStart, dataEnd: header.fileDataStart + entry.compressedSize });
    }
  } catch (err) {
    return { listed, error: errorText(err) };
  }
  return { listed };
}

/** Finds the first member whose local header or data starts inside another member's range. */
function firstOverlap(listed: Listed[]): Listed | null {
  const sorted = [...listed].sort((a, b) => a.headerStart - b.headerStart);
  let end = -1;
  for (const item of sorted) {
    if (item.headerStart < end) return item;
    end = Math.max(end, item.dataEnd, item.headerStart + LOCAL_HEADER_BYTES);
  }
  return null;
}

/** Header-only checks: traversal, duplicates, encryption, declared sizes, ratios, overlap. */
function checkHeaders(listed: Listed[], fileBytes: number, limits: ArchiveLimits, out: FindingList): void {
  const names = new NameTracker();
  let declared = 0;
  for (const item of listed) {
    const { entry, name } = item;
    const why = unsafeMemberName(name);
    if (why) out.add(traversalFinding(item, why));
    out.add(names.add(item));
    if (entry.isEncrypted()) out.add(encryptedFinding(item));
    declared += entry.uncompressedSize;
    if (ratioExceeded(entry.uncompressedSize, entry.compressedSize, limits)) {
      out.add(bombFinding(`Member declares an expansion of ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1, over the limit of ${limits.maxRatio}:1`, item));
    }
  }
  if (declared > limits.maxTotal) {
    out.add(bombFinding(`Members declare ${declared} bytes uncompressed in total, over the limit of ${limits.maxTotal}`));
  } else if (!out.has('archive.bomb') && ratioExceeded(declared, fileBytes, limits)) {
    out.add(bombFinding(`Archive declares an overall expansion of ${Math.round(declared / fileBytes)}:1, over the limit of ${limits.maxRatio}:1`));
  }
  const overlap = firstOverlap(listed);
  if (overlap) {
    out.add(bombFinding('Members overlap: several entries share the same compressed data (a non-recursive zip bomb)', overlap));
  }
}

/** Members this small (compressed) are inflated in one call from the buffer; larger ones are streamed. */
const SMALL_MEMBER_BYTES = 1024 * 1024;

/** Inflates a small member straight from the buffer, never past `cap` bytes. */
function readSmall(bytes: Buffer, item: Listed, cap: number): Buffer {
  const raw = bytes.subarray(item.dataStart, item.dataEnd);
  if (raw.length !== item.entry.compressedSize) throw new CheckerReason('member data is truncated');
  if (item.entry.compressionMethod === 0) return Buffer.from(raw);
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(cap, 1), chunkSize: Math.min(Math.max(cap + 1, 64), 64 * 1024) });
  } catch (err) {
    if (err instanceof RangeError) throw new CapExceeded(cap);
    throw err;
  }
}

/** A member compressed with bzip2, decoded from the buffer block by block under the cap (bzip2.ts). */
async function readBzip2(bytes: Buffer, item: Listed, cap: number, signal: AbortSignal): Promise<Buffer> {
  const raw = bytes.subarray(item.dataStart, item.dataEnd);
  if (raw.length !== item.entry.compressedSize) throw new CheckerReason('member data is truncated');
  return collect(decodeBzip2(raw, cap), cap, signal);
}

/** Reads one member's bytes, never more than `cap` (its declared size); verifies size and CRC. */
async function readMember(zip: ZipFile, bytes: Buffer, item: Listed, cap: number, signal: AbortSignal): Promise<Buffer> {
  const { entry } = item;
  const data =
    entry.compressionMethod === BZIP2_METHOD
      ? await readBzip2(bytes, item, cap, signal)
      : entry.compressedSize <= SMALL_MEMBER_BYTES
        ? readSmall(bytes, item, cap)
        : await collect(await zip.openReadStreamPromise(entry), cap, signal);
  if (data.length > cap) throw new CapExceeded(cap);
  if (data.length !== entry.uncompressedSize) throw new CheckerReason('member is shorter than its declared size');
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new CheckerReason('member CRC does not match');
  return data;
}

/** Pass 2: inflate members within the memory budget; symlinks are checked, not returned. */
async function readMembers(zip: ZipFile, bytes: Buffer, listed: Listed[], limits: ArchiveLimits, ctx: CheckContext, out: FindingList) {
  const members: Member[] = [];
  const errors: string[] = [];
  let held = 0;
  for (const item of listed) {
    const { entry, name } = item;
    if (ctx.signal.aborted) throw new CheckerReason('time budget exceeded');
    if (isDirectory(name) || entry.isEncrypted()) continue;
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8 && entry.compressionMethod !== BZIP2_METHOD) {
      out.add(notInspectedFinding(item, `compression method ${entry.compressionMethod} is not supported`));
      continue;
    }
    if (isSymlink(entry)) {
      if (entry.uncompressedSize > MAX_LINK_BYTES) continue;
      try {
        const target = (await readMember(zip, bytes, item, MAX_LINK_BYTES, ctx.signal)).toString('utf8');
        const why = unsafeLinkTarget(name, target);
        if (why) out.add(traversalFinding(item, why));
      } catch (err) {
        errors.push(`${memberLabel(item.position, name)}: ${errorText(err)}`);
      }
      continue;
    }
    if (held + entry.uncompressedSize > limits.memory) {
      out.add(notInspectedFinding(item, 'the archive members exceed the in-memory budget'));
      continue;
    }
    try {
      const data = await readMember(zip, bytes, item, entry.uncompressedSize, ctx.signal);
      held += data.length;
      members.push({ name, bytes: data, position: item.position });
    } catch (err) {
      if (err instanceof CapExceeded || /too many bytes/.test(err instanceof Error ? err.message : '')) out.add(bombFinding('Member inflates past its declared size', item));
      else errors.push(`${memberLabel(item.position, name)}: ${errorText(err)}`);
    }
  }
  return { members, errors };
}

/** Opens a zip held in memory; never throws. */
export async function extractZip(bytes: Buffer, ctx: CheckContext): Promise<Extracted> {
  const limits = limitsFor(ctx);
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (err) {
    return unreadable(`corrupt or truncated zip: ${errorText(err)}`);
  }
  const out = new FindingList();
  try {
    if (zip.entryCount > limits.maxEntries) {
      out.add(bombFinding(`Archive declares ${zip.entryCount} members, over the limit of ${limits.maxEntries}`));
      return { findings: out.all(), members: [] };
    }
    const { listed, error } = await listEntries(zip, ctx.signal);
    checkHeaders(listed, bytes.length, limits, out);
    if (out.has('archive.bomb')) return { findings: out.all(), members: [] };
    if (error) return unreadable(`corrupt or truncated zip: ${error}`, out.all());
    const files = listed.filter((l) => !isDirectory(l.name));
    if (files.length > 0 && files.every((l) => l.entry.isEncrypted())) {
      return unreadable('encrypted archive members cannot be inspected', out.all());
    }
    const { members, errors } = await readMembers(zip, bytes, listed, limits, ctx, out);
    if (out.has('archive.bomb')) return { findings: out.all(), members: [] };
    if (errors.length > 0) {
      return unreadable(`corrupt zip: ${errors.length} member(s) could not be read (${errors[0]})`, out.all(), members);
    }
    return { findings: out.all(), members };
  } catch (err) {
    return unreadable(`zip could not be read: ${errorText(err)}`, out.all());
  } finally {
    zip.close();
  }
}
