/**
 * Worker thread that runs the table analysers (sdc, microdata) of one large CSV/TSV while the
 * thread that streams the file hashes it and runs the line detectors (table-thread.ts): the two
 * halves of the work then use two cores. It receives the text that thread decoded, splits it
 * into rows, answers each chunk with `read`, then answers `end` with the findings.
 */
import { parentPort } from 'node:worker_threads';
import type { ScanParameters } from './presets';
import { textFileScanner } from './text-scan';
import type { CheckContext, FileInfo, Finding, PackageKind } from './types';

export interface TableStart {
  file: FileInfo;
  parameters: ScanParameters;
  packageKind: PackageKind;
  delimiter: string;
}

/** To the worker: `start` once, then the file's text in pieces, then `end`. */
export type TableWorkerRequest = { start: TableStart } | { texts: string[] } | { end: true };
/** From the worker: `read` per chunk of pieces, then `findings` (or `error`). */
export type TableWorkerReply = { read: true } | { findings: Finding[] } | { error: string };

let scanner: ReturnType<typeof textFileScanner> | undefined;
const reply = (message: TableWorkerReply) => parentPort?.postMessage(message);

parentPort?.on('message', (message: TableWorkerRequest) => {
  try {
    if ('start' in message) {
      const { file, parameters, packageKind, delimiter } = message.start;
      // The budget is kept by the thread that streams the file: it ends this one when it runs out.
      const ctx: CheckContext = { parameters, packageKind, signal: new AbortController().signal };
      scanner = textFileScanner(file, ctx, delimiter, []);
    } else if ('texts' in message) {
      for (const text of message.texts) scanner!.push(text);
      reply({ read: true });
    } else {
      reply({ findings: scanner!.end() });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});
