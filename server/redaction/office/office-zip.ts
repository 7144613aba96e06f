/**
 * An Office or OpenDocument zip held in memory as ordered parts, read through the checks'
 * bounded zip reader (entry count, declared sizes and expansion ratio are checked before anything
 * is inflated) and written again with yazl. OpenDocument's `mimetype` stays the first entry,
 * stored uncompressed, as the format requires. Entries get a fixed timestamp, so the same input
 * and parameters always give the same bytes (and the same sha256 in the provenance record).
 *
 * Example: `const zip = await readOfficeZip(path, budget); zip.setText('word/document.xml', xml); await zip.write(out)`.
 */
import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { openZip, decodeText } from '../../checks/families/hidden-content/zip-package';
import { RedactionError } from '../types';

const FIXED_TIME = new Date(Date.UTC(2000, 0, 1));

/** The parts of a package, in their stored order; part names without a leading slash. */
export class OfficeZip {
  private readonly parts = new Map<string, Buffer>();
  private readonly changed = new Set<string>();

  constructor(entries: [string, Buffer][]) {
    for (const [name, data] of entries) this.parts.set(name, data);
  }

  get names(): string[] {
    return [...this.parts.keys()];
  }

  /** The stored name of a part, looked up case-insensitively (Office treats part names so). */
  nameOf(name: string): string | undefined {
    const wanted = name.replace(/^\/+/, '').toLowerCase();
    return this.names.find((n) => n.toLowerCase() === wanted);
  }

  has(name: string): boolean {
    return this.nameOf(name) !== undefined;
  }

  text(name: string): string | undefined {
    const stored = this.nameOf(name);
    const data = stored === undefined ? undefined : this.parts.get(stored);
    return data === undefined ? undefined : decodeText(data);
  }

  /** Replaces a part's text (written as UTF-8 without a byte-order mark). */
  setText(name: string, text: string): void {
    const stored = this.nameOf(name) ?? name;
    const before = this.text(stored);
    if (before === text) return;
    this.parts.set(stored, Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8'));
    this.changed.add(stored);
  }

  /** Deletes a part; true when it was there. */
  delete(name: string): boolean {
    const stored = this.nameOf(name);
    if (stored === undefined) return false;
    this.parts.delete(stored);
    this.changed.add(stored);
    return true;
  }

  /** Parts changed or deleted since reading. */
  get changedParts(): string[] {
    return [...this.changed];
  }

  /** Writes the package to `outPath`. */
  async write(outPath: string): Promise<void> {
    const zip = new yazl.ZipFile();
    const names = this.names;
    // OpenDocument: `mimetype` first and stored, so the type can be read at a fixed offset.
    const mimetype = names.find((n) => n === 'mimetype');
    const ordered = mimetype ? [mimetype, ...names.filter((n) => n !== mimetype)] : names;
    for (const name of ordered) {
      const data = this.parts.get(name) ?? Buffer.alloc(0);
      zip.addBuffer(data, name, { mtime: FIXED_TIME, compress: name !== 'mimetype' });
    }
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(outPath));
  }
}

/**
 * Reads the package at `path`. Refuses (RedactionError) a file over the memory budget, a package
 * inflating past it, and anything that is not a readable zip (encrypted, damaged, a zip bomb).
 */
export async function readOfficeZip(path: string, memoryBudgetBytes: number): Promise<OfficeZip> {
  const size = (await stat(path)).size;
  if (size > memoryBudgetBytes) throw new RedactionError('redaction.too_large', `The document is ${size} bytes, over the ${memoryBudgetBytes}-byte memory budget for redacting documents`);
  let pkg;
  try {
    pkg = await openZip(await readFile(path));
  } catch (e) {
    throw new RedactionError('redaction.unparseable', `The document cannot be read as an Office package: ${(e as Error).message}`);
  }
  const declared = pkg.names.reduce((sum, n) => sum + (pkg.size(n) ?? 0), 0);
  if (declared > memoryBudgetBytes) {
    throw new RedactionError('redaction.too_large', `The document inflates to ${declared} bytes, over the ${memoryBudgetBytes}-byte memory budget for redacting documents`);
  }
  const entries: [string, Buffer][] = [];
  try {
    for (const name of pkg.names) entries.push([name, (await pkg.read(name)) ?? Buffer.alloc(0)]);
  } catch (e) {
    throw new RedactionError('redaction.unparseable', `The document cannot be read as an Office package: ${(e as Error).message}`);
  }
  return new OfficeZip(entries);
}
