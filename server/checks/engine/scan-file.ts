/**
 * Checks one file on disk. Files up to `maxFileBytesInMemory` are read once and checked in
 * memory (scan-buffer.ts). Larger text files are streamed: the hash, the line detectors and
 * the table analysers all consume the same chunks, so memory stays flat as files grow. Larger
 * binary files are hashed and reported as too large to inspect.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import { detectMediaType, isTextType } from '../formats/detect-type';
import { CheckerReason } from '../shared/error-reason';
import { filetypeFindings } from '../registry';
import { ChunkDecoder, TEXT_PIECE_BYTES, delimiterFor, pushPieces, scanBuffer } from './scan-buffer';
import { TableThread } from './table-thread';
import { LineScanner, textFileScanner } from './text-scan';
import type { CheckContext, FileInfo, Finding } from './types';
import { capFindings, verdictOf } from './verdict';

const HEAD_BYTES = 64 * 1024;

/** Checks the file at `path`; `knownSize` spares a second stat when the caller already has it. */
export async function scanFile(path: string, ctx: CheckContext, knownSize?: number): Promise<ScannedEntry> {
  const size = knownSize ?? (await stat(path)).size;
  if (size <= ctx.parameters.maxFileBytesInMemory) return scanBuffer(await readFile(path), path, ctx);

  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
  await handle.read(head, 0, head.length, 0);
  await handle.close();
  const mediaType = await detectMediaType(basename(path), head);
  const file: FileInfo = { path, name: basename(path).toLowerCase(), bytes: size, mediaType };
  const findings: Finding[] = filetypeFindings(file, ctx);
  const hash = createHash('sha256');
  let unreadable: string | undefined;

  if (isTextType(mediaType)) {
    findings.push(...(await streamText(path, file, ctx, hash)));
  } else {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    unreadable = `too large to inspect (${size} bytes; the limit for ${mediaType} is ${ctx.parameters.maxFileBytesInMemory})`;
  }
  const capped = capFindings(findings);
  return {
    path,
    sha256: hash.digest('hex'),
    bytes: size,
    mediaType,
    status: unreadable ? 'unreadable' : 'checked',
    ...(unreadable ? { reason: unreadable } : {}),
    verdict: verdictOf(capped, [], unreadable !== undefined),
    findings: capped,
    entries: [],
  };
}

/** Bytes read from disk at a time (decoded in pieces of TEXT_PIECE_BYTES): fewer, larger reads cost less. */
const READ_BYTES = 8 * TEXT_PIECE_BYTES;

/**
 * Streams a text file once through the hash, the line detectors and (for CSV/TSV) the table
 * analysers. The tables of a CSV/TSV are read on a second thread (table-thread.ts), from the
 * same chunks once this thread has read them.
 */
async function streamText(path: string, file: FileInfo, ctx: CheckContext, hash: ReturnType<typeof createHash>): Promise<Finding[]> {
  const handle = await open(path, 'r');
  const delimiter = delimiterFor(file.mediaType);
  let tables: TableThread | undefined;
  try {
    tables = delimiter ? new TableThread(file, ctx, delimiter) : undefined;
    const lines = tables ? new LineScanner(file, ctx) : textFileScanner(file, ctx, undefined);
    const decoder = new ChunkDecoder();
    const reused = Buffer.allocUnsafeSlow(READ_BYTES);
    for (;;) {
      if (ctx.signal.aborted) throw new CheckerReason('time budget exceeded');
      // A chunk of a CSV/TSV goes to the table thread after this one has read it.
      const chunk = tables ? tables.buffer(READ_BYTES) : reused;
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const bytes = chunk.subarray(0, bytesRead);
      hash.update(bytes);
      pushPieces(bytes, decoder, lines);
      if (tables) await tables.push(bytes);
    }
    lines.push(decoder.end());
    const found = lines.end();
    return tables ? [...found, ...(await tables.end())] : found;
  } finally {
    await handle.close();
    await tables?.close();
  }
}
