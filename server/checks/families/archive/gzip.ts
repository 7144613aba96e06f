/**
 * Gzip reading: the header's stored name and the trailer's declared size are checked first; the
 * data is then inflated as a capped stream (single-stream.ts). A gzipped tar is read as a tar
 * directly; anything else becomes one member.
 */
import { createGunzip } from 'node:zlib';
import type { CheckContext, Extracted, FileInfo, Finding } from '../../engine/types';
import { errorText, limitsFor, ratioExceeded, traversalFinding, unreadable, unsafeMemberName } from './limits';
import { bombResult, extractSingleStream, passesCap, type SingleStream, streamCaps } from './single-stream';

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

/** Opens a gzip held in memory; never throws. */
export async function extractGzip(bytes: Buffer, file: FileInfo, ctx: CheckContext): Promise<Extracted> {
  const header = gzipStoredName(bytes);
  if (!header) return unreadable('not a gzip stream or truncated header');
  const findings: Finding[] = [];
  const why = header.name === undefined ? null : unsafeMemberName(header.name);
  if (why && header.name !== undefined) findings.push(traversalFinding({ position: 1, name: header.name }, why));

  const declared = bytes.readUInt32LE(bytes.length - 4);
  const stream: SingleStream = {
    format: 'gzip',
    open: () => createGunzip().end(bytes),
    memberName: memberName(file, header.name),
    bombMessage: (cap, maxRatio) => `Content inflates past ${cap} bytes (gzip trailer declares ${declared}), over the expansion limit of ${maxRatio}:1`,
  };
  // The trailer's size (mod 2^32) is only a hint: a truncated file ends in garbage. When it claims
  // a bomb, inflate counting (keeping nothing) up to the limit to tell a bomb from a broken file.
  const limits = limitsFor(ctx);
  if (ratioExceeded(declared, bytes.length, limits) || declared > limits.maxTotal) {
    const verdict = await passesCap(stream, streamCaps(bytes.length, ctx).bomb, ctx.signal);
    if (verdict === true) return bombResult(stream, bytes.length, ctx, findings);
    if (verdict instanceof Error) return unreadable(`corrupt or truncated gzip: ${errorText(verdict)}`, findings);
  }
  return extractSingleStream(stream, bytes.length, ctx, findings);
}
