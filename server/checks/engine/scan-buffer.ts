/**
 * Checks one file held in memory, and recursively the files inside it (archive members,
 * attachments, embedded images), which become its `entries`.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import { detectMediaType, isTextType } from '../formats/detect-type';
import { errorReason } from '../shared/error-reason';
import { memberLabel, safeExtension } from '../shared/mask-name';
import { FORMAT_HANDLERS, expectsBinaryContent, filetypeFindings } from '../registry';
import { linesAsRows, scanTable, scanText, textFileScanner } from './text-scan';
import { type CheckContext, type FileInfo, type Finding, finding } from './types';
import { capFindings, verdictOf } from './verdict';

/**
 * Text is decoded and scanned in pieces of this size. A one-byte string of a piece stays under
 * V8's largest ordinary heap object (128 KiB): a larger one goes to the large-object space, whose
 * every allocation maps fresh pages (measured: a second of system time per GiB at 512 KiB).
 */
export const TEXT_PIECE_BYTES = 120 * 1024;

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * UTF-8 text without its byte-order mark, or undefined when the bytes are not valid UTF-8.
 * ASCII (most data files) is checked and copied natively, far faster than a TextDecoder.
 */
function utf8Text(bytes: Buffer, atStart: boolean): string | undefined {
  const body = atStart && startsWithBom(bytes) ? bytes.subarray(3) : bytes;
  if (isAscii(body)) return body.toString('latin1');
  return isUtf8(body) ? body.toString('utf8') : undefined;
}

/** Where the bytes stop being whole UTF-8 characters: before a sequence cut off at the end. */
function wholeCharactersEnd(bytes: Buffer): number {
  let i = bytes.length - 1;
  while (i >= 0 && bytes.length - i <= 3 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return bytes.length;
  const lead = bytes[i]!;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - i < length ? i : bytes.length;
}

/**
 * Decodes text as UTF-8, or as Latin-1 when it is not valid UTF-8 (Node's `latin1`, the same as
 * its TextDecoder('latin1')), chunk by chunk: a character split between chunks is held back for
 * the next one, and once a chunk is not valid UTF-8 it and every later chunk are read as Latin-1
 * (earlier chunks stay as read: UTF-8 where it was valid).
 */
export class ChunkDecoder {
  private held: Buffer | undefined;
  private atStart = true;
  private latin1 = false;

  /** The text of the next chunk, and the bytes it was read from (its lines are the text's lines). */
  decode(chunk: Buffer): { text: string; bytes: Buffer } {
    const bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = undefined;
    if (this.latin1) return { text: bytes.toString('latin1'), bytes };
    const end = wholeCharactersEnd(bytes);
    const whole = end === bytes.length ? bytes : bytes.subarray(0, end);
    const first = this.atStart;
    const text = utf8Text(whole, first);
    // A byte-order mark is only looked for in the first whole characters of the stream.
    if (whole.length > 0) this.atStart = false;
    if (text === undefined) {
      this.latin1 = true;
      // A UTF-8 byte-order mark before bytes that are not UTF-8 still belongs to the file, not to its text.
      const body = first && startsWithBom(bytes) ? bytes.subarray(3) : bytes;
      return { text: body.toString('latin1'), bytes: body };
    }
    if (end < bytes.length) this.held = Buffer.from(bytes.subarray(end));
    return { text, bytes: whole };
  }

  /** What is left at the end of the stream (a character cut off by the end of the file, as Latin-1). */
  end(): string {
    const held = this.held;
    this.held = undefined;
    return held ? held.toString('latin1') : '';
  }
}

/** Decodes `bytes` piece by piece (TEXT_PIECE_BYTES) into `scanner`: one place for every reader of text. */
export function pushPieces(bytes: Buffer, decoder: ChunkDecoder, scanner: { push(text: string, bytes?: Uint8Array): void }): void {
  for (let at = 0; at < bytes.length; at += TEXT_PIECE_BYTES) {
    const { text, bytes: read } = decoder.decode(bytes.subarray(at, at + TEXT_PIECE_BYTES));
    scanner.push(text, read);
  }
}

export function delimiterFor(mediaType: string): string | undefined {
  if (mediaType === 'text/csv') return ',';
  if (mediaType === 'text/tab-separated-values') return '\t';
  return undefined;
}

/**
 * Checks `bytes`, reported under `path`. `name` is the file's own name when it differs from the
 * end of `path` (an archive member, whose path shows its name masked): a hint for the type only.
 */
export async function scanBuffer(bytes: Buffer, path: string, ctx: CheckContext, depth = 0, name = basename(path)): Promise<ScannedEntry> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const mediaType = await detectMediaType(name, bytes);
  const file: FileInfo = { path, name: name.toLowerCase(), bytes: bytes.length, mediaType };
  const findings: Finding[] = filetypeFindings(file, ctx);
  const entries: ScannedEntry[] = [];
  let unreadable: string | undefined;

  const handler = FORMAT_HANDLERS.find((h) => h.matches(file));
  if (expectsBinaryContent(file.name) && (bytes.length === 0 || mediaType === 'application/octet-stream')) {
    const ext = safeExtension(file.name) || 'binary';
    unreadable = bytes.length === 0 ? `empty file: not a valid ${ext} file` : `not a valid ${ext} file: its content is not recognised`;
  } else if (handler) {
    try {
      const extracted = await handler.extract(bytes, file, ctx);
      findings.push(...extracted.findings);
      for (const t of extracted.texts ?? []) {
        const found = scanText(t.text, file, ctx, t.location);
        findings.push(...(t.linesAreRows ? linesAsRows(found) : found));
      }
      for (const t of extracted.tables ?? []) findings.push(...scanTable(t.rows, file, ctx, t.location));
      unreadable = extracted.unreadable;
      for (const [index, member] of (extracted.members ?? []).entries()) {
        // A member's name is the file's text: it is shown masked, with its position to tell entries apart.
        const shown = member.generated ? member.name : memberLabel(member.position ?? index + 1, member.name);
        if (depth + 1 > ctx.parameters.archiveMaxDepth) {
          findings.push(finding('archive', 'too_deep', 'block', `Nested more than ${ctx.parameters.archiveMaxDepth} levels deep; the inner files were not checked`, { entry: shown }));
          break;
        }
        // Entries are named `outer!/inner`, so the depth of nesting is visible (and counted) in the path.
        entries.push(await scanBuffer(member.bytes, `${path}!/${shown}`, ctx, depth + 1, basename(member.name.replace(/\\/g, '/'))));
      }
    } catch (error) {
      unreadable = `could not be read: ${errorReason(error)}`;
    }
  } else if (isTextType(mediaType)) {
    const scanner = textFileScanner(file, ctx, delimiterFor(mediaType));
    const decoder = new ChunkDecoder();
    pushPieces(bytes, decoder, scanner);
    scanner.push(decoder.end());
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
