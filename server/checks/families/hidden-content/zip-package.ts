/**
 * Reads an Office (OPC) zip from memory with yauzl: the central directory is checked before any
 * part is inflated (entry count, declared sizes, expansion ratio, overlapping or duplicate
 * entries), and every part is read with a hard cap on its inflated bytes, so a zip bomb dressed
 * as a .docx ends as `unreadable` with the reason instead of filling memory.
 */
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { errorReason } from '../../shared/error-reason';
import { ENCRYPTED_REASON, ExtractProblem } from '../../engine/extract-guard';
import { shownPart } from './part-names';

/** Limits for one Office package; parts over `maxPartBytes` are refused when read. */
export interface ZipLimits {
  maxEntries: number;
  maxPartBytes: number;
  maxTotalBytes: number;
  /** A part inflating more than this many times its stored size is a bomb (when also over 1 MB). */
  maxPartRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxPartBytes: 50 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxPartRatio: 1000,
};

/** An opened package: part names (without a leading slash) and bounded reads. */
export interface ZipPackage {
  /** Part names as stored. */
  readonly names: string[];
  /** Declared inflated size of a part, or undefined when there is no such part. */
  size(name: string): number | undefined;
  /** The bytes of a part (case-insensitive name), or undefined when there is no such part. */
  read(name: string): Promise<Buffer | undefined>;
  /** A part as UTF-8 (or UTF-16 with a BOM) text. */
  text(name: string): Promise<string | undefined>;
}

/** Opens `bytes` as a zip and validates its directory; throws ExtractProblem with the reason. */
export async function openZip(bytes: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipPackage> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
      if (err || !z) reject(new ExtractProblem(`not a valid zip package: ${errorReason(err)}`));
      else resolve(z);
    });
  });
  if (zip.entryCount > limits.maxEntries) throw new ExtractProblem(`package has ${zip.entryCount} parts, more than the limit of ${limits.maxEntries}`);
  const entries = await readDirectory(zip, limits);
  const byName = new Map<string, Entry>();
  for (const e of entries) byName.set(e.fileName.replace(/^\/+/, '').toLowerCase(), e);
  let inflated = 0;
  const lookup = (name: string) => byName.get(name.replace(/^\/+/, '').toLowerCase());
  const read = async (name: string): Promise<Buffer | undefined> => {
    const entry = lookup(name);
    if (!entry) return undefined;
    if (entry.uncompressedSize > limits.maxPartBytes)
      throw new ExtractProblem(`part ${shownPart(entry.fileName)} is ${entry.uncompressedSize} bytes inflated, over the ${limits.maxPartBytes}-byte limit`);
    const data = await readEntry(zip, entry, limits.maxPartBytes);
    inflated += data.length;
    if (inflated > limits.maxTotalBytes) throw new ExtractProblem(`package inflates to more than ${limits.maxTotalBytes} bytes`);
    return data;
  };
  return {
    names: entries.map((e) => e.fileName.replace(/^\/+/, '')),
    size: (name) => lookup(name)?.uncompressedSize,
    read,
    text: async (name) => {
      const data = await read(name);
      return data === undefined ? undefined : decodeText(data);
    },
  };
}

async function readDirectory(zip: ZipFile, limits: ZipLimits): Promise<Entry[]> {
  const entries: Entry[] = [];
  const names = new Set<string>();
  const offsets = new Set<number>();
  let declared = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (err: Error) => reject(new ExtractProblem(`corrupt zip package: ${errorReason(err)}`)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      try {
        if (entry.isEncrypted()) throw new ExtractProblem(ENCRYPTED_REASON);
        const key = entry.fileName.replace(/^\/+/, '').toLowerCase();
        if (names.has(key)) throw new ExtractProblem(`package has two parts named ${shownPart(entry.fileName)} (malformed or crafted)`);
        if (offsets.has(entry.relativeOffsetOfLocalHeader)) throw new ExtractProblem('package has overlapping zip entries (a zip-bomb technique)');
        names.add(key);
        offsets.add(entry.relativeOffsetOfLocalHeader);
        declared += entry.uncompressedSize;
        if (declared > limits.maxTotalBytes) throw new ExtractProblem(`package declares more than ${limits.maxTotalBytes} bytes inflated (zip bomb?)`);
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxPartRatio) {
          throw new ExtractProblem(`part ${shownPart(entry.fileName)} would inflate ${Math.round(ratio)} times (zip bomb)`);
        }
        if (!entry.fileName.endsWith('/')) entries.push(entry);
        zip.readEntry();
      } catch (e) {
        reject(e);
      }
    });
    zip.readEntry();
  });
  return entries;
}

function readEntry(zip: ZipFile, entry: Entry, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new ExtractProblem(`part ${shownPart(entry.fileName)} cannot be read: ${errorReason(err)}`));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > cap) {
          stream.destroy();
          reject(new ExtractProblem(`part ${shownPart(entry.fileName)} inflates past the ${cap}-byte limit`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) => reject(new ExtractProblem(`part ${shownPart(entry.fileName)} is corrupt: ${errorReason(e)}`)));
      stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    });
  });
}

/** Decodes XML bytes: UTF-16 when a BOM says so, otherwise UTF-8. */
export function decodeText(data: Buffer): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    const swapped = Buffer.from(data.subarray(2, 2 + ((data.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return data.toString('utf8');
}
