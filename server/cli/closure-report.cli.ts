/**
 * `egress closure report PROJECT [--pdf] [--out FILE]`: a closed project's closure report
 * (docs/closure.md "Closure report"), read from the blob store and verified against the sha256
 * the audit chain holds. The HTML goes to stdout or FILE; the PDF needs `--out FILE`. Runs as the
 * system (the CLI is inside the environment, like a programme manager).
 */
import { writeFile } from 'node:fs/promises';
import { readClosureReport } from '../commands/closure-report.queries';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

export interface ClosureReportOptions {
  pdf: boolean;
  out?: string;
}

/** Writes the report; exit 0, or 2 with the refusal (`closure.report_not_ready` before the project closed). */
export async function closureReportCommand(io: Io, host: CliHost, projectId: string, o: ClosureReportOptions): Promise<number> {
  if (o.pdf && !o.out) {
    io.err('egress: the PDF is binary; give --out FILE to write it');
    return EXIT.usage;
  }
  try {
    const blobs = await host.root.blobStore(host.config);
    try {
      return await asSystem(host, 'cli: closure report', async (ctx) => {
        const doc = await readClosureReport(ctx, blobs, projectId, o.pdf ? 'pdf' : 'html');
        if (o.out) {
          await writeFile(o.out, doc.bytes);
          io.err(`Wrote ${o.out} (${doc.bytes.length} bytes, sha256 ${doc.sha256}).`);
        } else {
          // io.out ends the text with a newline; the HTML already ends with one, so stdout gets its exact bytes.
          io.out(doc.bytes.toString('utf8').replace(/\n$/, ''));
        }
        return EXIT.ok;
      });
    } finally {
      await blobs.close?.();
    }
  } catch (error) {
    return reportError(io, error, false);
  }
}
