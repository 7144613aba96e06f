/**
 * Keeping an Office Open XML package consistent while parts leave it: a removed part also loses
 * its own relationships part, its content-type override and every relationship that pointed at
 * it; parts that only the removed ones reached (a comment's people list, a sheet's drawing, a
 * pivot cache's records) are removed after them, so nothing orphaned is left behind.
 *
 * Example: `removePart(zip, 'word/comments.xml')` deletes the part, `word/_rels/comments.xml.rels`
 * if any, its `<Override PartName="/word/comments.xml">` and the `rId` in
 * `word/_rels/document.xml.rels` that targeted it.
 */
import { posix } from 'node:path';
import { relsPartOf, resolvePart } from '../../checks/families/hidden-content/ooxml-package';
import type { OfficeZip } from './office-zip';
import { attrValue, parseSpans, XmlEdits } from './xml-edit';

/** A relationship; `type` is the whole Type URI, `short` its last segment. */
export interface OpcRelationship {
  id: string;
  type: string;
  short: string;
  /** Resolved part name (internal) or raw target (external). */
  target: string;
  external: boolean;
}

/** The source part of a .rels part ('' for the package's own `_rels/.rels`). */
export function sourceOfRels(relsPart: string): string {
  const dir = posix.dirname(posix.dirname(relsPart));
  const base = posix.basename(relsPart).replace(/\.rels$/i, '');
  if (base === '') return '';
  return dir === '.' ? base : `${dir}/${base}`;
}

/** The relationships whose source is `source`. */
export function readRels(zip: OfficeZip, source: string): OpcRelationship[] {
  const part = relsPartOf(source);
  const xml = zip.text(part);
  if (xml === undefined) return [];
  const base = source === '' ? '' : posix.dirname(source);
  return parseSpans(xml, part)
    .find('Relationship')
    .map((r) => {
      const external = (attrValue(r, 'TargetMode') ?? '').toLowerCase() === 'external';
      const raw = attrValue(r, 'Target') ?? '';
      const type = attrValue(r, 'Type') ?? '';
      return { id: attrValue(r, 'Id') ?? '', type, short: type.split('/').pop() ?? '', target: external ? raw : resolvePart(base, raw), external };
    });
}

/** Every source part that has a relationships part. */
export function relSources(zip: OfficeZip): string[] {
  return zip.names.filter((n) => /(^|\/)_rels\/[^/]*\.rels$/i.test(n)).map(sourceOfRels);
}

/** Removes the relationships of `source` that `drop` selects; returns the removed ones. */
export function removeRels(zip: OfficeZip, source: string, drop: (r: OpcRelationship) => boolean): OpcRelationship[] {
  const part = relsPartOf(source);
  const xml = zip.text(part);
  if (xml === undefined) return [];
  const rels = readRels(zip, source);
  const doc = parseSpans(xml, part);
  const edits = new XmlEdits(xml);
  const removed: OpcRelationship[] = [];
  doc.find('Relationship').forEach((el, i) => {
    const rel = rels[i];
    if (rel && drop(rel)) {
      edits.remove(el);
      removed.push(rel);
    }
  });
  if (removed.length > 0) zip.setText(part, edits.apply());
  return removed;
}

/** Looks up content types (Override, else Default by extension, lower case); reads [Content_Types].xml once. */
export function contentTypes(zip: OfficeZip): (part: string) => string {
  const xml = zip.text('[Content_Types].xml') ?? '';
  const doc = parseSpans(xml, '[Content_Types].xml');
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const o of doc.find('Override')) overrides.set((attrValue(o, 'PartName') ?? '').replace(/^\/+/, '').toLowerCase(), (attrValue(o, 'ContentType') ?? '').toLowerCase());
  for (const d of doc.find('Default')) defaults.set((attrValue(d, 'Extension') ?? '').toLowerCase(), (attrValue(d, 'ContentType') ?? '').toLowerCase());
  return (part) => overrides.get(part.toLowerCase()) ?? defaults.get(posix.extname(part).slice(1).toLowerCase()) ?? '';
}

/** Parts whose content type ends with `suffix` (lower case, e.g. 'comments+xml'). */
export function partsOfType(zip: OfficeZip, suffix: string): string[] {
  const typeOf = contentTypes(zip);
  return zip.names.filter((n) => typeOf(n).endsWith(suffix));
}

function removeOverride(zip: OfficeZip, part: string): void {
  const xml = zip.text('[Content_Types].xml');
  if (xml === undefined) return;
  const doc = parseSpans(xml, '[Content_Types].xml');
  const edits = new XmlEdits(xml);
  for (const o of doc.find('Override')) if ((attrValue(o, 'PartName') ?? '').toLowerCase() === `/${part}`.toLowerCase()) edits.remove(o);
  if (edits.count > 0) zip.setText('[Content_Types].xml', edits.apply());
}

/**
 * Removes a part, its relationships part, its content-type override and every internal
 * relationship targeting it. Returns the removed relationships (source and id) so the caller
 * can remove the elements that referred to them. A part that is not there removes nothing.
 */
export function removePart(zip: OfficeZip, part: string): { source: string; rel: OpcRelationship }[] {
  const stored = zip.nameOf(part);
  const removed: { source: string; rel: OpcRelationship }[] = [];
  const name = stored ?? part;
  for (const source of relSources(zip)) {
    for (const rel of removeRels(zip, source, (r) => !r.external && r.target.toLowerCase() === name.toLowerCase())) removed.push({ source, rel });
  }
  if (stored === undefined) return removed;
  zip.delete(stored);
  zip.delete(relsPartOf(stored));
  removeOverride(zip, stored);
  return removed;
}

/** Parts reachable from the package through internal relationships. */
export function reachableParts(zip: OfficeZip): Set<string> {
  const seen = new Set<string>();
  const queue = [''];
  while (queue.length > 0) {
    const source = queue.shift() ?? '';
    for (const rel of readRels(zip, source)) {
      if (rel.external) continue;
      const stored = zip.nameOf(rel.target);
      if (stored === undefined || seen.has(stored)) continue;
      seen.add(stored);
      queue.push(stored);
    }
  }
  return seen;
}

/** Removes the parts that were reachable in `before` and no longer are; returns their names. */
export function removeOrphans(zip: OfficeZip, before: Set<string>): string[] {
  const after = reachableParts(zip);
  const gone = [...before].filter((p) => !after.has(p) && zip.has(p));
  for (const p of gone) removePart(zip, p);
  return gone;
}
