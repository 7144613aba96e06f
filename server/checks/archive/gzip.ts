/**
 * Gzip reading: the header's stored name and the trailer's declared size are checked first; the
 * data is then inflated as a stream that stops at a byte cap (never unbounded). A gzipped tar is
 * read as a tar directly; anything else becomes one member.
 */
import { createGunzip } from 'node:zlib';
import type { CheckContext, Extracted, FileInfo, Finding } from '../types';
import {
  bombFinding,
  CapExceeded,
  collect,
  errorText,
  limitsFor,
  RATIO_FLOOR_BYTES,
  ratioExceeded,
  traversalFinding,
  unreadable,
  unsafeMemberName,
} from './limits';
import { extractTar, looksLikeTar } from './tar';

const FEXTRA = 4;
const FNAME = 8;

/** The stored file name (FNAME) of a gzip header, if any; null when the magic number is wrong. */
export function gzipStoredName(buf: Buffer): { name?: string } | null {
  if (buf.length < 18 || buf[0] !== 0x1f || buf[1] !== 0x8b) return null;
  const flags = buf[3] ?? 0;
  let pos = 10;
  if (flags & FEXTRA) pos += 2 + buf.readUInt16LE(pos);
  if (!(flags & FNAME)) return {};
  const end = buf.indexOf(0, pos);
  if (end < 0) return {};
  return { name: buf.subarray(pos, end).toString('latin1') };
}

/** The member name for a gzip's content: the stored name, else the file name without `.gz`. */
function memberName(file: FileInfo, stored: string | undefined): string {
  if (stored) return stored;
  const base = file.name.split(/[\\/]/).pop() ?? file.name;
  if (/\.tgz$/i.test(base)) return base.replace(/\.tgz$/i, '.tar');
  return base.replace(/\.gz$/i, '') || 'content';
}

/** Inflates without keeping the output: true past `cap` bytes, false when it ends under it, the error if corrupt. */
async function count(bytes: Buffer, cap: number, signal: AbortSignal): Promise<boolean | Error> {
  try {
    await collect(createGunzip().end(bytes), cap, signal, false);
    return false;
  } catch (err) {
    return err instanceof CapExceeded ? true : err instanceof Error ? err : new Error(String(err));
  }
}

/** Opens a gzip held in memory; never throws. */
export async function extractGzip(bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted> {
  const limits = limitsFor(ctx);
  const header = gzipStoredName(bytes);
  if (!header) return unreadable('not a gzip stream or truncated header');
  const findings: Finding[] = [];
  const why = header.name === undefined ? null : unsafeMemberName(header.name);
  if (why && header.name !== undefined) findings.push(traversalFinding(header.name, why));

  // The trailer's size (mod 2^32) is only a hint: a truncated file ends in garbage. When it claims
  // a bomb, inflate counting (keeping nothing) up to the limit to tell a bomb from a broken file.
  const declared = bytes.readUInt32LE(bytes.length - 4);
  const ratioCap = Math.max(RATIO_FLOOR_BYTES, bytes.length * limits.maxRatio);
  const bombCap = Math.min(ratioCap, limits.maxTotal);
  const cap = Math.min(bombCap, limits.memory);
  const overCap = (c: number) => count(bytes, c, ctx.signal);
  const bombFound = () => {
    findings.push(bombFinding(`Content inflates past ${bombCap} bytes (gzip trailer declares ${declared}), over the expansion limit of ${limits.maxRatio}:1`));
    return { findings, members: [] };
  };
  if (ratioExceeded(declared, bytes.length, limits) || declared > limits.maxTotal) {
    const verdict = await overCap(bombCap);
    if (verdict === true) return bombFound();
    if (verdict instanceof Error) return unreadable(`corrupt or truncated gzip: ${errorText(verdict)}`, findings);
  }

  let content: Buffer;
  try {
    content = await collect(createGunzip().end(bytes), cap, ctx.signal);
  } catch (err) {
    if (!(err instanceof CapExceeded)) return unreadable(`corrupt or truncated gzip: ${errorText(err)}`, findings);
    // Too big to hold: count up to the bomb cap to tell a bomb from a merely large file.
    if (cap === bombCap || (await overCap(bombCap)) === true) return bombFound();
    return unreadable(`decompressed content is larger than the in-memory budget of ${cap} bytes`, findings);
  }

  if (looksLikeTar(content)) {
    const inner = await extractTar(content, ctx);
    return { ...inner, findings: [...findings, ...inner.findings] };
  }
  return { findings, members: [{ name: memberName(file, header.name), bytes: content }] };
}
