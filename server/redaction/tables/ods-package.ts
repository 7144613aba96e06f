/**
 * An OpenDocument spreadsheet package for the table operations: read through the checks' bounded
 * zip reader (entry count, declared sizes and expansion ratio checked before anything is
 * inflated), refused when its content.xml would not fit the memory budget, and written again
 * with only content.xml replaced. `mimetype` stays the first entry, stored uncompressed, as the
 * format requires; every other entry keeps its name, order, time and bytes.
 *
 * Example: `const pkg = await readOdsPackage(source, ctx); await pkg.write(out, editedXml)`.
 */
import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { decodeText, openZip } from '../../checks/families/hidden-content/zip-package';
import { RedactionError, type RedactionContext, type RedactionSource } from '../types';

export const ODS_MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';
/** Memory for content.xml while it is scanned, planned and spliced, as a multiple of its size (kept generous, like SHEET_MEMORY_FACTOR). */
export const ODS_MEMORY_FACTOR = 10;
const CONTENT = 'content.xml';

export function isOdsSource(file: { mediaType: string }): boolean {
  return file.mediaType === ODS_MEDIA_TYPE;
}

/** An entry as stored: its name, modification time and inflated bytes (none for a folder entry). */
interface StoredEntry {
  name: string;
  time: Date;
  data: Buffer | undefined;
}

export class OdsPackage {
  constructor(
    private readonly entries: StoredEntry[],
    /** content.xml as text. */
    readonly content: string,
  ) {}

  /** Writes the package with content.xml replaced by `content` (UTF-8). */
  async write(outPath: string, content: string): Promise<void> {
    const zip = new yazl.ZipFile();
    const mimetype = this.entries.find((e) => e.name === 'mimetype');
    const ordered = mimetype ? [mimetype, ...this.entries.filter((e) => e !== mimetype)] : this.entries;
    for (const entry of ordered) {
      if (entry.data === undefined) zip.addEmptyDirectory(entry.name, { mtime: entry.time });
      else zip.addBuffer(entry.name === CONTENT ? Buffer.from(content, 'utf8') : entry.data, entry.name, { mtime: entry.time, compress: entry.name !== 'mimetype' });
    }
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(outPath));
  }
}

/** The zip's directory in stored order: each entry's name and modification time. */
function directory(bytes: Buffer): Promise<{ name: string; time: Date }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(new RedactionError('redaction.unparseable', 'The spreadsheet is not a readable zip file'));
      const entries: { name: string; time: Date }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push({ name: entry.fileName, time: entry.getLastModDate() });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', () => reject(new RedactionError('redaction.unparseable', 'The spreadsheet is not a readable zip file')));
      zip.readEntry();
    });
  });
}

/**
 * Reads the package at `source.path`. Refuses (RedactionError) a file or a content.xml over the
 * memory budget (`redaction.too_large`), and anything that is not a readable OpenDocument zip
 * (`redaction.unparseable`).
 */
export async function readOdsPackage(source: RedactionSource, ctx: RedactionContext): Promise<OdsPackage> {
  const size = (await stat(source.path)).size;
  if (size > ctx.memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The spreadsheet is ${size} bytes, over the ${ctx.memoryBudgetBytes}-byte memory budget`);
  const bytes = await readFile(source.path);
  let pkg;
  try {
    pkg = await openZip(bytes);
  } catch {
    throw new RedactionError('redaction.unparseable', 'The spreadsheet is not a readable zip file');
  }
  const contentSize = pkg.size(CONTENT);
  if (contentSize === undefined) throw new RedactionError('redaction.unparseable', 'The file has no content.xml: it is not an OpenDocument spreadsheet');
  if (size + contentSize * ODS_MEMORY_FACTOR > ctx.memoryBudgetBytes)
    throw new RedactionError('redaction.too_large', `The spreadsheet's sheets are too large to redact within the memory budget (${ctx.memoryBudgetBytes} bytes)`);
  const entries: StoredEntry[] = [];
  try {
    for (const { name, time } of await directory(bytes)) entries.push({ name, time, data: name.endsWith('/') ? undefined : ((await pkg.read(name)) ?? Buffer.alloc(0)) });
  } catch {
    throw new RedactionError('redaction.unparseable', 'A part of the spreadsheet cannot be read');
  }
  const content = entries.find((e) => e.name === CONTENT)?.data;
  if (!content) throw new RedactionError('redaction.unparseable', 'The file has no content.xml: it is not an OpenDocument spreadsheet');
  return new OdsPackage(entries, decodeText(content));
}
