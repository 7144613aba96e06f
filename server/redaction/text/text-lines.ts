/**
 * Streams a text file line by line and writes it out again, each line either as its original
 * bytes or as the text a callback returns, encoded as the line was read: UTF-8 where the line is
 * valid UTF-8, Latin-1 otherwise (as the checks decode, scan-buffer.ts). Line ends (`\n`,
 * `\r\n`), a UTF-8 byte-order mark and a last line without an end are kept as they were, so every
 * line the callback leaves alone is byte-identical.
 *
 * Example: `rewriteLines(a, b, (text, n) => (n === 2 ? text.toUpperCase() : undefined), …)`
 * copies `a` to `b` with only its second line changed.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { RedactionError } from '../types';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const READ_BYTES = 1024 * 1024;
const WRITE_BATCH = 1024 * 1024;

/** A line's new text, or undefined to keep it as it is. */
export type LineRewrite = (text: string, lineNo: number) => string | undefined;

/**
 * Copies `inPath` to `outPath` line by line through `rewrite`; returns how many lines changed.
 * A line longer than `maxLineBytes` is refused (`redaction.too_large`): lines are held whole.
 */
export async function rewriteLines(inPath: string, outPath: string, rewrite: LineRewrite, limits: { maxLineBytes: number; signal: AbortSignal }): Promise<number> {
  const out = createWriteStream(outPath);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let changed = 0;
  let lineNo = 0;
  let carry: Buffer | undefined;

  const flush = async () => {
    if (pending.length === 0) return;
    const ok = out.write(Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
    if (!ok) await Promise.race([once(out, 'drain'), failed]);
  };
  const emit = (bytes: Buffer) => {
    pending.push(bytes);
    pendingBytes += bytes.length;
  };
  const line = (bytes: Buffer) => {
    lineNo += 1;
    let bodyEnd = bytes.length;
    if (bodyEnd > 0 && bytes[bodyEnd - 1] === 0x0a) bodyEnd--;
    if (bodyEnd > 0 && bytes[bodyEnd - 1] === 0x0d) bodyEnd--;
    const bodyStart = lineNo === 1 && bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
    const body = bytes.subarray(bodyStart, bodyEnd);
    const encoding = isAscii(body) || !isUtf8(body) ? 'latin1' : 'utf8';
    const text = rewrite(body.toString(encoding), lineNo);
    if (text === undefined) return emit(bytes);
    changed += 1;
    emit(bytes.subarray(0, bodyStart));
    emit(Buffer.from(text, encoding));
    emit(bytes.subarray(bodyEnd));
  };

  try {
    for await (const chunk of createReadStream(inPath, { highWaterMark: READ_BYTES }) as AsyncIterable<Buffer>) {
      if (limits.signal.aborted) throw limits.signal.reason ?? new Error('aborted');
      const data = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
        line(data.subarray(start, nl + 1));
        start = nl + 1;
      }
      carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
      if (carry && carry.length > limits.maxLineBytes) throw new RedactionError('redaction.too_large', `A line is longer than the memory budget (${limits.maxLineBytes} bytes)`);
      if (pendingBytes >= WRITE_BATCH) await flush();
    }
    if (carry) line(carry);
    await flush();
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (error) {
    out.destroy();
    throw error;
  }
  return changed;
}
