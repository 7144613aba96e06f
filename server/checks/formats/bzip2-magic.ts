/**
 * The start of a bzip2 stream, checked past the three bytes `BZh` that file-type looks at, so
 * that a text file beginning with those letters is not taken for bzip2 (detect-type.ts) and a
 * foreign file is turned away before the decoder runs (bzip2.ts).
 */

export const BZIP2_STREAM_MAGIC = Buffer.from('BZh', 'latin1');
/** The 48-bit markers that may follow a stream header: a block, or the end of an empty stream. */
const BLOCK_MAGIC = Buffer.from([0x31, 0x41, 0x59, 0x26, 0x53, 0x59]);
const END_MAGIC = Buffer.from([0x17, 0x72, 0x45, 0x38, 0x50, 0x90]);

/** Whether `head` starts like a bzip2 stream: `BZh`, a block-size digit 1–9, then a block or end-of-stream marker. */
export function looksLikeBzip2(head: Uint8Array): boolean {
  if (head.length < 10 || !BZIP2_STREAM_MAGIC.equals(head.subarray(0, 3))) return false;
  const level = head[3] ?? 0;
  if (level < 0x31 || level > 0x39) return false;
  const marker = head.subarray(4, 10);
  return BLOCK_MAGIC.equals(marker) || END_MAGIC.equals(marker);
}
