/**
 * The frame every office operation runs in: refuse what is not an office package this family
 * edits, read the package within the memory budget, let the operation edit it, tidy up (parts
 * only the removed ones reached, the stale preview picture), refuse when nothing changed, and
 * write the result. Malformed XML inside the package is reported as unparseable; nothing is
 * written to `outPath` unless the whole edit succeeded.
 *
 * Example: `runOffice(source, outPath, ctx, (zip, kind, log) => removeWordComments(zip, log))`.
 */
import { ExtractProblem } from '../../checks/engine/extract-guard';
import type { RedactionContext, RedactionOutcome, RedactionSource } from '../types';
import { RedactionError } from '../types';
import { ChangeLog } from './change-log';
import { isOdf, officeKind } from './office-kind';
import type { OfficeKind } from './office-kind';
import { readOfficeZip } from './office-zip';
import type { OfficeZip } from './office-zip';
import { removeOdfThumbnail } from './odf-clean';
import { removeThumbnail } from './ooxml-clean';
import { reachableParts, removeOrphans } from './opc';
import { XmlEditError } from './xml-edit';

/** What an operation does to the opened package; it logs its changes and notes in `log`. */
export type OfficeEdit = (zip: OfficeZip, kind: OfficeKind, log: ChangeLog, stop: () => void) => void;

export async function runOffice(source: RedactionSource, outPath: string, ctx: RedactionContext, edit: OfficeEdit): Promise<RedactionOutcome> {
  const kind = officeKind(source.mediaType);
  if (!kind) throw new RedactionError('redaction.unsupported_format', `Office operations work on Word, Excel, PowerPoint and OpenDocument files, not ${source.mediaType}`);
  const zip = await readOfficeZip(source.path, ctx.memoryBudgetBytes);
  const stop = () => {
    if (ctx.signal.aborted) throw new RedactionError('redaction.too_large', 'The document took longer than the time budget allows to redact');
  };
  const log = new ChangeLog();
  try {
    if (!isOdf(kind) && !zip.has('[Content_Types].xml')) throw new XmlEditError('the package has no [Content_Types].xml');
    if (isOdf(kind) && !zip.has('content.xml')) throw new XmlEditError('the package has no content.xml');
    if (isOdf(kind) && /<(\w+:)?encryption-data\b/.test(zip.text('META-INF/manifest.xml') ?? '')) throw new RedactionError('redaction.unparseable', 'The document is encrypted; it cannot be redacted');
    const before = isOdf(kind) ? new Set<string>() : reachableParts(zip);
    edit(zip, kind, log, stop);
    stop();
    if (log.count === 0) throw new RedactionError('redaction.nothing_to_change', 'The document holds none of what the operation removes; it is unchanged');
    if (isOdf(kind)) removeOdfThumbnail(zip, log);
    else {
      removeOrphans(zip, before);
      removeThumbnail(zip, log);
    }
  } catch (e) {
    if (e instanceof RedactionError) throw e;
    if (e instanceof XmlEditError || e instanceof ExtractProblem) throw new RedactionError('redaction.unparseable', `The document cannot be edited: ${e.message}`);
    throw e;
  }
  await zip.write(outPath);
  return log.outcome();
}
