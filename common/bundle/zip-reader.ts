/**
 * The zip reader of the bundle verifier: reads the end of central directory (zip64 too), the
 * central directory and, per entry, its local header, over a random-access source, so a bundle of
 * any size is checked with a few small reads. It accepts only what format 1 writes: one disk, no
 * encryption, every entry stored (method 0), entries laid out one after another in the order the
 * central directory lists them, nothing before the first or between the last and the directory.
 * Anything else is refused with a `BundleProblemError`. Isomorphic: no Node built-ins.
 */
import { BundleProblemError } from './problems';
import type { RandomAccessSource } from './random-access';

export interface ZipEntry {
  name: string;
  /** Bytes of the stored data (stored, so compressed and uncompressed sizes are equal). */
  size: number;
  localHeaderOffset: number;
  /** Where the next entry (or the central directory) starts: the entry's data must end by then. */
  limit: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
const CENTRAL_FIXED_SIZE = 46;
const LOCAL_FIXED_SIZE = 30;
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
/** A format-1 directory holds one short record per file; 512 MiB is millions of files. */
const MAX_CENTRAL_DIRECTORY = 512 * 1024 * 1024;
const FLAG_ENCRYPTED = 1;
const METHOD_STORED = 0;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const corrupt = (detail: string) => new BundleProblemError('bundle.zip_corrupt', detail);

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(data: DataView, at: number): number {
  const value = data.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('A zip64 size or offset is out of range.');
  return Number(value);
}

/** The directory's position, size and entry count, from the end record (and its zip64 twin). */
interface Directory {
  offset: number;
  size: number;
  count: number;
  /** Where the directory must end: the zip64 end record, or the end record. */
  end: number;
}

async function readEndOfDirectory(source: RandomAccessSource): Promise<Directory> {
  if (source.size < EOCD_SIZE) throw new BundleProblemError('bundle.zip_truncated', 'It is too short to be a zip.');
  const tailLength = Math.min(source.size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const data = view(tail);
  // The end record is the last thing in the file; its comment must reach exactly to the end.
  let at = -1;
  let misplaced = false;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (data.getUint32(i, true) !== EOCD_SIGNATURE) continue;
    if (data.getUint16(i + 20, true) === tail.length - EOCD_SIZE - i) {
      at = i;
      break;
    }
    misplaced = true;
  }
  if (at < 0 && misplaced) throw corrupt('There are bytes after the zip’s end record.');
  if (at < 0) throw new BundleProblemError('bundle.zip_truncated', 'The zip’s closing record is not there (or this is not a zip at all).');
  const eocdOffset = tailStart + at;
  if (data.getUint16(at + 4, true) !== 0 || data.getUint16(at + 6, true) !== 0) throw corrupt('It claims to span several disks.');
  let count = data.getUint16(at + 10, true);
  let size = data.getUint32(at + 12, true);
  let offset = data.getUint32(at + 16, true);
  if (data.getUint16(at + 8, true) !== count) throw corrupt('The end record’s entry counts disagree.');
  let end = eocdOffset;

  const locatorOffset = eocdOffset - ZIP64_LOCATOR_SIZE;
  const hasLocator = locatorOffset >= 0 && view(await source.read(locatorOffset, 4)).getUint32(0, true) === ZIP64_LOCATOR_SIGNATURE;
  if (hasLocator) {
    const locator = view(await source.read(locatorOffset, ZIP64_LOCATOR_SIZE));
    const zip64Offset = u64(locator, 8);
    if (locator.getUint32(4, true) !== 0 || locator.getUint32(16, true) !== 1) throw corrupt('It claims to span several disks.');
    if (zip64Offset + ZIP64_EOCD_SIZE > locatorOffset) throw corrupt('The zip64 end record is out of place.');
    const record = view(await source.read(zip64Offset, ZIP64_EOCD_SIZE));
    if (record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) throw corrupt('The zip64 end record is missing.');
    // Format 1 writes the version-1 record (no extensible data), so it ends where the locator starts.
    if (zip64Offset + 12 + u64(record, 4) !== locatorOffset) throw corrupt('The zip64 end record has an unexpected length.');
    if (record.getUint32(16, true) !== 0 || record.getUint32(20, true) !== 0) throw corrupt('It claims to span several disks.');
    count = u64(record, 32);
    if (u64(record, 24) !== count) throw corrupt('The zip64 end record’s entry counts disagree.');
    size = u64(record, 40);
    offset = u64(record, 48);
    end = zip64Offset;
  } else if (count === U16_MAX || size === U32_MAX || offset === U32_MAX) {
    throw corrupt('It needs a zip64 end record but has none.');
  }
  if (offset + size !== end) throw corrupt('The central directory is not where the end record says.');
  if (size > MAX_CENTRAL_DIRECTORY) throw corrupt('The central directory is implausibly large.');
  if (count * CENTRAL_FIXED_SIZE > size) throw corrupt('The central directory is too small for its entry count.');
  return { offset, size, count, end };
}

/** The 64-bit values of a zip64 extra field, present only for the 32-bit fields that are maxed out. */
function applyZip64Extra(extra: DataView, fields: { size: number; compressedSize: number; offset: number }): void {
  let at = 0;
  while (at + 4 <= extra.byteLength) {
    const id = extra.getUint16(at, true);
    const length = extra.getUint16(at + 2, true);
    if (at + 4 + length > extra.byteLength) throw corrupt('An extra field runs past its entry.');
    if (id === 0x0001) {
      let p = at + 4;
      const take = (): number => {
        if (p + 8 > at + 4 + length) throw corrupt('A zip64 extra field is too short.');
        const value = u64(extra, p);
        p += 8;
        return value;
      };
      if (fields.size === U32_MAX) fields.size = take();
      if (fields.compressedSize === U32_MAX) fields.compressedSize = take();
      if (fields.offset === U32_MAX) fields.offset = take();
    }
    at += 4 + length;
  }
}

/**
 * Every entry of the central directory, in its order, checked for format 1's layout.
 * @throws BundleProblemError `bundle.zip_truncated`, `bundle.zip_corrupt`, `bundle.not_format_1` (an
 * encrypted or compressed entry), `bundle.out_of_order` (the data is not laid out in directory order).
 */
export async function readZipEntries(source: RandomAccessSource): Promise<ZipEntry[]> {
  const directory = await readEndOfDirectory(source);
  const bytes = await source.read(directory.offset, directory.size);
  const data = view(bytes);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < directory.count; i++) {
    if (at + CENTRAL_FIXED_SIZE > bytes.length || data.getUint32(at, true) !== CENTRAL_SIGNATURE) throw corrupt(`Central directory record ${i + 1} is damaged.`);
    const flags = data.getUint16(at + 8, true);
    const method = data.getUint16(at + 10, true);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    const recordEnd = at + CENTRAL_FIXED_SIZE + nameLength + extraLength + commentLength;
    if (recordEnd > bytes.length) throw corrupt(`Central directory record ${i + 1} runs past the directory.`);
    let name: string;
    try {
      name = utf8.decode(bytes.subarray(at + CENTRAL_FIXED_SIZE, at + CENTRAL_FIXED_SIZE + nameLength));
    } catch {
      throw corrupt(`Entry ${i + 1}’s name is not UTF-8.`);
    }
    if (flags & FLAG_ENCRYPTED) throw new BundleProblemError('bundle.not_format_1', `“${name}” is encrypted.`);
    if (method !== METHOD_STORED) throw new BundleProblemError('bundle.not_format_1', `“${name}” is compressed (method ${method}); format 1 stores every entry as is.`);
    if (data.getUint16(at + 34, true) !== 0 && data.getUint16(at + 34, true) !== U16_MAX) throw corrupt('It claims to span several disks.');
    const fields = { size: data.getUint32(at + 24, true), compressedSize: data.getUint32(at + 20, true), offset: data.getUint32(at + 42, true) };
    const extraStart = at + CENTRAL_FIXED_SIZE + nameLength;
    applyZip64Extra(new DataView(bytes.buffer, bytes.byteOffset + extraStart, extraLength), fields);
    if (fields.size !== fields.compressedSize) throw corrupt(`“${name}” claims different stored and original sizes.`);
    entries.push({ name, size: fields.size, localHeaderOffset: fields.offset, limit: 0 });
    at = recordEnd;
  }
  if (at !== bytes.length) throw corrupt('The central directory holds more than its entry count says.');

  // Format 1 writes the entries one after another from the start of the file, in directory order.
  let previous = -1;
  for (const [i, entry] of entries.entries()) {
    if (i === 0 && entry.localHeaderOffset !== 0) throw corrupt('There are bytes before the first entry.');
    if (entry.localHeaderOffset <= previous) throw new BundleProblemError('bundle.out_of_order', 'The entries are not stored in the order the central directory lists them.');
    if (entry.localHeaderOffset >= directory.offset) throw corrupt(`“${entry.name}” starts inside the central directory.`);
    previous = entry.localHeaderOffset;
    entry.limit = entries[i + 1]?.localHeaderOffset ?? directory.offset;
  }
  return entries;
}

/**
 * Reads an entry's local header and returns where its data starts, checking that the header agrees
 * with the directory (name, stored) and that the data ends before the next entry.
 * @throws BundleProblemError `bundle.zip_corrupt`, `bundle.not_format_1`
 */
export async function entryDataOffset(source: RandomAccessSource, entry: ZipEntry): Promise<number> {
  if (entry.localHeaderOffset + LOCAL_FIXED_SIZE > entry.limit) throw corrupt(`“${entry.name}”’s local header is cut short.`);
  const header = view(await source.read(entry.localHeaderOffset, LOCAL_FIXED_SIZE));
  if (header.getUint32(0, true) !== LOCAL_SIGNATURE) throw corrupt(`“${entry.name}”’s local header is missing.`);
  if (header.getUint16(6, true) & FLAG_ENCRYPTED) throw new BundleProblemError('bundle.not_format_1', `“${entry.name}” is encrypted.`);
  if (header.getUint16(8, true) !== METHOD_STORED) throw new BundleProblemError('bundle.not_format_1', `“${entry.name}” is compressed; format 1 stores every entry as is.`);
  const nameLength = header.getUint16(26, true);
  const extraLength = header.getUint16(28, true);
  const dataOffset = entry.localHeaderOffset + LOCAL_FIXED_SIZE + nameLength + extraLength;
  if (dataOffset + entry.size > entry.limit) throw corrupt(`“${entry.name}”’s data runs into the next entry.`);
  let name: string;
  try {
    name = utf8.decode(await source.read(entry.localHeaderOffset + LOCAL_FIXED_SIZE, nameLength));
  } catch {
    name = '';
  }
  if (name !== entry.name) throw corrupt(`The local header of “${entry.name}” names another file.`);
  return dataOffset;
}
