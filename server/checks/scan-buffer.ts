/**
 * Checks one file held in memory, and recursively the files inside it (archive members,
 * attachments, embedded images), which become its `entries`.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import { detectMediaType, isTextType } from './detect-type';
import { expectsBinaryContent, filetypeFindings } from './filetype.check';
import { FORMAT_HANDLERS } from './registry';
import { scanTable, scanText, textFileScanner } from './text-scan';
import { type CheckContext, type FileInfo, type Finding, finding } from './types';
import { capFindings, verdictOf } from './verdict';

/** Decodes text as UTF-8, or as Latin-1 when it is not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

export function delimiterFor(mediaType: string): string | undefined {
  if (mediaType === 'text/csv') return ',';
  if (mediaType === 'text/tab-separated-values') return '\t';
  return undefined;
}


export async function scanBuffer(bytes: Buffer, path: string, ctx: CheckContext, depth = 0): Promise<ScannedEntry> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const mediaType = await detectMediaType(basename(path), bytes);
  const file: FileInfo = { path, name: basename(path).toLowerCase(), bytes: bytes.length, mediaType };
  const findings: Finding[] = filetypeFindings(file, ctx);
  const entries: ScannedEntry[] = [];
  let unreadable: string | undefined;

  const handler = FORMAT_HANDLERS.find((h) => h.matches(file));
  if (expectsBinaryContent(file.name) && (bytes.length === 0 || mediaType === 'application/octet-stream')) {
    unreadable = bytes.length === 0 ? `empty file: not a valid ${extname(file.name)} file` : `not a valid ${extname(file.name)} file: its content is not recognised`;
  } else if (handler) {
    try {
      const extracted = await handler.extract(bytes, file, ctx);
      findings.push(...extracted.findings);
      for (const t of extracted.texts ?? []) findings.push(...scanText(t.text, file, ctx, t.location));
      for (const t of extracted.tables ?? []) findings.push(...scanTable(t.rows, file, ctx, t.location));
      unreadable = extracted.unreadable;
      for (const member of extracted.members ?? []) {
        if (depth + 1 > ctx.parameters.archiveMaxDepth) {
          findings.push(finding('archive', 'too_deep', 'block', `Nested more than ${ctx.parameters.archiveMaxDepth} levels deep; the inner files were not checked`, { entry: member.name }));
          break;
        }
        // Entries are named `outer!/inner`, so the depth of nesting is visible (and counted) in the path.
        entries.push(await scanBuffer(member.bytes, `${path}!/${member.name}`, ctx, depth + 1));
      }
    } catch (error) {
      unreadable = `could not be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else if (isTextType(mediaType)) {
    const scanner = textFileScanner(file, ctx, delimiterFor(mediaType));
    scanner.push(decodeText(bytes));
    findings.push(...scanner.end());
  }
  const capped = capFindings(findings);
  return {
    path,
    sha256,
    bytes: bytes.length,
    mediaType,
    status: unreadable ? 'unreadable' : 'checked',
    ...(unreadable ? { reason: unreadable } : {}),
    verdict: verdictOf(capped, entries, unreadable !== undefined),
    findings: capped,
    entries,
  };
}
