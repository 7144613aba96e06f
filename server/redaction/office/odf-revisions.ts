/**
 * Accepting or rejecting the tracked changes of an OpenDocument text. The changes are listed in
 * `<text:tracked-changes>` (each `<text:changed-region>` an insertion, a deletion with the deleted
 * content, or a format change) and marked in the body: an insertion between
 * `<text:change-start>` and `<text:change-end>`, a deletion at a `<text:change>` point.
 * Accepting drops the markers and the list (the deleted content lived only there). Rejecting
 * removes the inserted content and puts the deleted content back at its point; an insertion
 * spanning paragraphs merges the paragraphs it joined. Format changes keep the current format.
 *
 * Example (reject): `<text:p>A<text:change-start text:change-id="c1"/>B<text:change-end text:change-id="c1"/>C</text:p>`
 * becomes `<text:p>AC</text:p>`.
 */
import type { ChangeLog } from './change-log';
import { RedactionError } from '../types';
import type { OfficeZip } from './office-zip';
import type { RevisionChoice } from './docx-revisions';
import { attrValue, parseSpans, XmlEdits } from './xml-edit';
import type { XmlDocument, XmlSpan } from './xml-edit';

/** Applies `choice` to every tracked change in content.xml; returns how many were resolved. */
export function resolveOdfRevisions(zip: OfficeZip, choice: RevisionChoice, log: ChangeLog): number {
  const xml = zip.text('content.xml');
  if (xml === undefined) return 0;
  const doc = parseSpans(xml, 'content.xml');
  const lists = doc.find('tracked-changes').filter((t) => t.name === 'text:tracked-changes');
  const regions = new Map<string, XmlSpan>();
  for (const list of lists) for (const r of list.children.filter((c) => c.local === 'changed-region')) regions.set(attrValue(r, 'text:id') ?? attrValue(r, 'xml:id') ?? '', r);
  if (regions.size === 0 && lists.length === 0) return 0;
  const edits = new XmlEdits(xml);
  for (const list of lists) edits.remove(list);
  const kindOf = (id: string) => regions.get(id)?.children.find((c) => ['insertion', 'deletion', 'format-change'].includes(c.local));

  const ends = new Map<string, XmlSpan>();
  for (const e of doc.find('change-end')) ends.set(attrValue(e, 'text:change-id') ?? '', e);
  for (const start of doc.find('change-start')) {
    const id = attrValue(start, 'text:change-id') ?? '';
    const end = ends.get(id);
    if (choice === 'reject' && kindOf(id)?.local === 'insertion' && end) removeBetween(doc, start, end, edits);
    else {
      edits.remove(start);
      if (end) edits.remove(end);
    }
  }
  for (const point of doc.find('change')) {
    const id = attrValue(point, 'text:change-id') ?? '';
    const kind = kindOf(id);
    if (choice === 'reject' && kind?.local === 'deletion') restoreDeletion(doc, point, kind, edits);
    else edits.remove(point);
  }
  if (choice === 'reject' && [...regions.values()].some((r) => r.children.some((c) => c.local === 'format-change'))) {
    log.note('Rejected formatting changes keep the current formatting (OpenDocument does not store the earlier one).');
  }
  zip.setText('content.xml', edits.apply());
  const n = regions.size;
  log.add({ part: 'content.xml' }, `${choice === 'accept' ? 'accepted' : 'rejected'} ${n} tracked change${n === 1 ? '' : 's'}`);
  return n;
}

/** The paragraph (text:p or text:h) holding `el`, if any. */
function paragraphOf(el: XmlSpan): XmlSpan | undefined {
  for (let p = el.parent; p; p = p.parent) if (p.name === 'text:p' || p.name === 'text:h') return p;
  return undefined;
}

/** Removes an inserted range: within one parent, or from one paragraph to a later sibling paragraph (merging them). */
function removeBetween(doc: XmlDocument, start: XmlSpan, end: XmlSpan, edits: XmlEdits): void {
  if (start.parent === end.parent) {
    edits.removeRange(start.start, end.end);
    return;
  }
  const first = paragraphOf(start);
  const last = paragraphOf(end);
  if (!first || !last || first.parent !== last.parent || start.parent !== first || end.parent !== last) {
    throw new RedactionError(
      'redaction.unsupported_format',
      'A tracked insertion spans parts of the document this operation cannot take apart (tables or frames); accept the changes instead, or reject them in an editor inside.',
    );
  }
  // Cutting from the start marker to the end marker also cuts the first paragraph's end tag and
  // the last one's start tag: what is left of the two joins as one paragraph.
  edits.removeRange(start.start, end.end);
}

/** Puts deleted content back at its `<text:change>` point (split across paragraphs if it held several). */
function restoreDeletion(doc: XmlDocument, point: XmlSpan, deletion: XmlSpan, edits: XmlEdits): void {
  const content = deletion.children.filter((c) => c.local !== 'change-info');
  const host = paragraphOf(point);
  const paragraphs = content.filter((c) => c.name === 'text:p' || c.name === 'text:h');
  if (!host || paragraphs.length !== content.length || paragraphs.length === 0) {
    // A deleted table, section or list (or a point between paragraphs): put it back as it was stored.
    edits.replace(point.start, point.end, content.map((c) => doc.outer(c)).join(''));
    return;
  }
  if (paragraphs.length === 1) {
    edits.replace(point.start, point.end, doc.inner(paragraphs[0] as XmlSpan));
    return;
  }
  const firstPara = paragraphs[0] as XmlSpan;
  const lastPara = paragraphs[paragraphs.length - 1] as XmlSpan;
  const middle = paragraphs.slice(1, -1).map((p) => doc.outer(p));
  const reopen = `<${host.name}${host.attrs}>`;
  edits.replace(point.start, point.end, `${doc.inner(firstPara)}</${host.name}>${middle.join('')}${reopen}${doc.inner(lastPara)}`);
}
