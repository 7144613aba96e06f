/**
 * Worker thread that runs the table analysers (sdc, microdata) of one large CSV/TSV while the
 * thread that streams the file hashes it and runs the line detectors (table-thread.ts): the two
 * halves of the work then use two cores. It decodes the same bytes itself, splits them into rows
 * and gives each chunk's memory back once read (the streaming thread reads the next chunk into it),
 * then answers `end` with the findings.
 */
import { parentPort } from 'node:worker_threads';
import { ChunkDecoder, pushPieces } from './scan-buffer';
import { textFileScanner } from './text-scan';
import type { CheckContext, FileInfo, Finding, PackageKind } from './types';
import type { ScanParameters } from './presets';

export interface TableStart {
  file: FileInfo;
  parameters: ScanParameters;
  packageKind: PackageKind;
  delimiter: string;
}

/** To the worker: `start` once, then chunks of the file's bytes, then `end`. */
export type TableWorkerRequest = { start: TableStart } | { chunk: ArrayBuffer } | { end: true };
/** From the worker: each chunk given back once read (for the next read), then `findings` (or `error`). */
export type TableWorkerReply = { read: ArrayBuffer } | { findings: Finding[] } | { error: string };

let scanner: ReturnType<typeof textFileScanner> | undefined;
const decoder = new ChunkDecoder();
const reply = (message: TableWorkerReply) => parentPort?.postMessage(message);

parentPort?.on('message', (message: TableWorkerRequest) => {
  try {
    if ('start' in message) {
      const { file, parameters, packageKind, delimiter } = message.start;
      // The budget is kept by the thread that streams the file: it ends this one when it runs out.
      const ctx: CheckContext = { parameters, packageKind, signal: new AbortController().signal };
      scanner = textFileScanner(file, ctx, delimiter, []);
    } else if ('chunk' in message) {
      pushPieces(Buffer.from(message.chunk), decoder, scanner!);
      // The decoder keeps a copy of any bytes it holds back, so the chunk's memory can go back.
      parentPort?.postMessage({ read: message.chunk } satisfies TableWorkerReply, [message.chunk]);
    } else {
      scanner!.push(decoder.end());
      reply({ findings: scanner!.end() });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});
