/**
 * A minimal, bounded reader for OLE compound files (CFB: old binary Office files, and the
 * container Office wraps an encrypted OOXML document in): the directory's stream names and the
 * first bytes of a stream. Every sector chain is walked with a step limit, so a cyclic or
 * truncated chain ends in an ExtractProblem rather than a hang.
 */
import { ExtractProblem } from '../../engine/extract-guard';

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const MAX_DIRECTORY_ENTRIES = 100_000;

export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  start: number;
  size: number;
}

export interface CfbFile {
  entries: CfbEntry[];
  /** Up to `max` bytes from the start of a stream. */
  readStream(entry: CfbEntry, max: number): Buffer;
}

/** True when `bytes` start with the compound-file signature. */
export function isCfb(bytes: Buffer): boolean {
  return bytes.length >= 512 && bytes.subarray(0, 8).equals(SIGNATURE);
}

/** Parses the header, FAT and directory of a compound file; throws ExtractProblem when corrupt. */
export function readCfb(bytes: Buffer): CfbFile {
  if (!isCfb(bytes)) throw new ExtractProblem('not an OLE compound file (bad signature)');
  const shift = bytes.readUInt16LE(0x1e);
  const miniShift = bytes.readUInt16LE(0x20);
  if ((shift !== 9 && shift !== 12) || miniShift !== 6) throw new ExtractProblem('corrupt OLE compound file: bad sector size');
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const offsetOf = (sector: number) => (sector + 1) * sectorSize;
  const fatSectors = readDifat(bytes, sectorSize, offsetOf, sectorCount);
  const fat: number[] = [];
  for (const s of fatSectors) {
    const at = offsetOf(s);
    if (at + sectorSize > bytes.length) throw new ExtractProblem('corrupt OLE compound file: FAT sector outside the file');
    for (let i = 0; i < sectorSize; i += 4) fat.push(bytes.readUInt32LE(at + i));
  }
  const chain = (start: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; s = fat[s] ?? END_OF_CHAIN) {
      if (s >= sectorCount || out.length > sectorCount) throw new ExtractProblem('corrupt OLE compound file: broken sector chain');
      out.push(s);
    }
    return out;
  };
  const entries: CfbEntry[] = [];
  for (const s of chain(bytes.readUInt32LE(0x30))) {
    for (let at = offsetOf(s); at < offsetOf(s) + sectorSize && entries.length < MAX_DIRECTORY_ENTRIES; at += 128) {
      const nameLength = Math.min(64, bytes.readUInt16LE(at + 0x40));
      const name = bytes.toString('utf16le', at, at + Math.max(0, nameLength - 2));
      entries.push({ name, type: bytes[at + 0x42] ?? 0, start: bytes.readUInt32LE(at + 0x74), size: bytes.readUInt32LE(at + 0x78) });
    }
  }
  const root = entries.find((e) => e.type === 5);
  const cutoff = bytes.readUInt32LE(0x38);
  const readStream = (entry: CfbEntry, max: number): Buffer => {
    const want = Math.min(entry.size, max);
    if (entry.size >= cutoff || !root) return gather(chain(entry.start), sectorSize, offsetOf, bytes, want);
    // Small streams live in the mini stream, addressed through the mini FAT.
    const miniStream = gather(chain(root.start), sectorSize, offsetOf, bytes, root.size);
    const miniFatBytes = gather(chain(bytes.readUInt32LE(0x3c)), sectorSize, offsetOf, bytes, Number.MAX_SAFE_INTEGER);
    const parts: Buffer[] = [];
    let got = 0;
    for (let s = entry.start, steps = 0; s !== END_OF_CHAIN && got < want; steps++) {
      if (steps > miniStream.length / 64 + 1 || (s + 1) * 64 > miniStream.length) throw new ExtractProblem('corrupt OLE compound file: broken mini-stream chain');
      parts.push(miniStream.subarray(s * 64, s * 64 + 64));
      got += 64;
      s = s * 4 + 4 <= miniFatBytes.length ? miniFatBytes.readUInt32LE(s * 4) : END_OF_CHAIN;
    }
    return Buffer.concat(parts).subarray(0, want);
  };
  return { entries, readStream };
}

function readDifat(bytes: Buffer, sectorSize: number, offsetOf: (s: number) => number, sectorCount: number): number[] {
  const fatCount = bytes.readUInt32LE(0x2c);
  if (fatCount > sectorCount) throw new ExtractProblem('corrupt OLE compound file: FAT larger than the file');
  const sectors: number[] = [];
  for (let i = 0; i < 109 && sectors.length < fatCount; i++) sectors.push(bytes.readUInt32LE(0x4c + i * 4));
  let next = bytes.readUInt32LE(0x44);
  for (let steps = 0; sectors.length < fatCount && next < sectorCount; steps++) {
    if (steps > sectorCount) throw new ExtractProblem('corrupt OLE compound file: DIFAT loop');
    const at = offsetOf(next);
    for (let i = 0; i < sectorSize - 4 && sectors.length < fatCount; i += 4) sectors.push(bytes.readUInt32LE(at + i));
    next = bytes.readUInt32LE(at + sectorSize - 4);
  }
  return sectors;
}

function gather(sectors: number[], sectorSize: number, offsetOf: (s: number) => number, bytes: Buffer, want: number): Buffer {
  const parts: Buffer[] = [];
  let got = 0;
  for (const s of sectors) {
    if (got >= want) break;
    const at = offsetOf(s);
    parts.push(bytes.subarray(at, Math.min(at + sectorSize, bytes.length)));
    got += sectorSize;
  }
  return Buffer.concat(parts).subarray(0, Math.min(got, want));
}
