/**
 * Worker thread that runs the table analysers (sdc, microdata) of one large CSV/TSV while the
 * thread that streams the file hashes it and runs the line detectors (table-thread.ts): the two
 * halves of the work then use two cores. It receives the file's chunks, decodes them as that
 * thread does (the same ChunkDecoder over the same bytes: the same text), reads their rows,
 * hands each chunk's buffer back with `read`, then answers `end` with the findings.
 */
import { parentPort } from 'node:worker_threads';
import { errorReason } from '../shared/error-reason';
import type { ScanParameters } from '../shared/presets';
import { ChunkDecoder, pushPieces } from './scan-buffer';
import { textFileScanner } from './text-scan';
import type { CheckContext, FileInfo, Finding, PackageKind } from './types';

export interface TableStart {
  file: FileInfo;
  parameters: ScanParameters;
  packageKind: PackageKind;
  delimiter: string;
}

/** To the worker: `start` once, then the file's bytes chunk by chunk (`chunk[0, length)`, transferred), then `end`. */
export type TableWorkerRequest = { start: TableStart } | { chunk: ArrayBuffer; length: number } | { end: true };
/** From the worker: `read` per chunk (its buffer, transferred back), then `findings` (or `error`). */
export type TableWorkerReply = { read: ArrayBuffer } | { findings: Finding[] } | { error: string };

let scanner: ReturnType<typeof textFileScanner> | undefined;
const decoder = new ChunkDecoder();
const reply = (message: TableWorkerReply, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);

parentPort?.on('message', (message: TableWorkerRequest) => {
  try {
    if ('start' in message) {
      const { file, parameters, packageKind, delimiter } = message.start;
      // The budget is kept by the thread that streams the file: it ends this one when it runs out.
      const ctx: CheckContext = { parameters, packageKind, signal: new AbortController().signal };
      scanner = textFileScanner(file, ctx, delimiter, []);
    } else if ('chunk' in message) {
      pushPieces(Buffer.from(message.chunk, 0, message.length), decoder, scanner!);
      reply({ read: message.chunk }, [message.chunk]);
    } else {
      scanner!.push(decoder.end());
      reply({ findings: scanner!.end() });
    }
  } catch (error) {
    reply({ error: errorReason(error) });
  }
});
