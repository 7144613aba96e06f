/**
 * What gzip, xz and bzip2 share: a single compressed stream holding one file (often a tar). The
 * stream is decoded under the same bomb limits, with a byte cap (never unbounded): content
 * past the expansion or total limit is a bomb (block, nothing kept); content that is merely
 * larger than the in-memory budget is unreadable. A decoded tar is read straight into its
 * members; anything else becomes one member.
 */
import type { CheckContext, Extracted, Finding } from '../../engine/types';
import { bombFinding, type ByteStream, CapExceeded, collect, errorText, limitsFor, RATIO_FLOOR_BYTES, unreadable } from './limits';
import { extractTar, looksLikeTar } from './tar';

/** How to decode one compressed stream: `open` starts a fresh decoder over the same bytes each time it is called. */
export interface SingleStream {
  /** The format's name for messages (`gzip`, `xz`, `bzip2`). */
  format: string;
  /**
   * `cap` is the byte cap the caller will apply: a decoder that can stop itself there (bzip2)
   * throws CapExceeded as soon as it is passed; the others may ignore it.
   */
  open: (cap: number) => ByteStream;
  /** The member name for content that is not a tar. */
  memberName: string;
  /** The bomb finding's message, given the cap the content passed. */
  bombMessage: (cap: number, maxRatio: number) => string;
}

/** The byte caps for one compressed file: past `bomb` it is a bomb, past `memory` it cannot be held. */
export function streamCaps(compressedBytes: number, ctx: CheckContext): { bomb: number; memory: number; maxRatio: number } {
  const limits = limitsFor(ctx);
  const bomb = Math.min(Math.max(RATIO_FLOOR_BYTES, compressedBytes * limits.maxRatio), limits.maxTotal);
  return { bomb, memory: Math.min(bomb, limits.memory), maxRatio: limits.maxRatio };
}

/** Decodes without keeping the output: true past `cap` bytes, false when it ends under it, the error if corrupt. */
export async function passesCap(stream: SingleStream, cap: number, signal: AbortSignal): Promise<boolean | Error> {
  try {
    await collect(stream.open(cap), cap, signal, false);
    return false;
  } catch (err) {
    return err instanceof CapExceeded ? true : err instanceof Error ? err : new Error(String(err));
  }
}

/** The bomb result: a block finding and no members. */
export function bombResult(stream: SingleStream, compressedBytes: number, ctx: CheckContext, findings: Finding[]): Extracted {
  const caps = streamCaps(compressedBytes, ctx);
  return { findings: [...findings, bombFinding(stream.bombMessage(caps.bomb, caps.maxRatio))], members: [] };
}

/**
 * Decodes the stream into members under the caps; `findings` (from the format's header) are kept.
 * Never throws.
 */
export async function extractSingleStream(stream: SingleStream, compressedBytes: number, ctx: CheckContext, findings: Finding[] = []): Promise<Extracted> {
  const caps = streamCaps(compressedBytes, ctx);
  let content: Buffer;
  try {
    content = await collect(stream.open(caps.memory), caps.memory, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) return unreadable('time budget exceeded', findings);
    if (!(err instanceof CapExceeded)) return unreadable(`corrupt or truncated ${stream.format}: ${errorText(err)}`, findings);
    // Too big to hold: count up to the bomb cap to tell a bomb from a merely large file.
    if (caps.memory === caps.bomb || (await passesCap(stream, caps.bomb, ctx.signal)) === true) return bombResult(stream, compressedBytes, ctx, findings);
    if (ctx.signal.aborted) return unreadable('time budget exceeded', findings);
    return unreadable(`decompressed content is larger than the in-memory budget of ${caps.memory} bytes`, findings);
  }
  if (looksLikeTar(content)) {
    const inner = await extractTar(content, ctx);
    return { ...inner, findings: [...findings, ...inner.findings] };
  }
  return { findings, members: [{ name: stream.memberName, bytes: content }] };
}
