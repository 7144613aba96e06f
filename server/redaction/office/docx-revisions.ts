/**
 * Accepting or rejecting a Word document's tracked changes, in every story. Accepting keeps
 * insertions (their markers go) and drops deletions with the deleted text; rejecting drops
 * insertions and restores deletions (`w:delText` becomes `w:t` again). Moves follow the same
 * rule (moveTo is an insertion, moveFrom a deletion). Formatting changes: accepting keeps the
 * current formatting; rejecting restores the earlier run and paragraph properties, and keeps the
 * current table and section properties (said in the notes). Table rows inserted or deleted as a
 * change are removed or kept accordingly. Revision tracking is switched off in settings.
 *
 * Example (accept): `<w:ins w:author="A"><w:r><w:t>new</w:t></w:r></w:ins><w:del w:author="A"><w:r><w:delText>old</w:delText></w:r></w:del>`
 * becomes `<w:r><w:t>new</w:t></w:r>`; rejecting it gives `<w:r><w:t>old</w:t></w:r>`.
 */
import { shownPart } from '../../checks/families/hidden-content/part-names';
import type { ChangeLog } from './change-log';
import { wordStories } from './docx-clean';
import type { OfficeZip } from './office-zip';
import { partsOfType } from './opc';
import { childrenNamed, parseSpans, XmlEdits } from './xml-edit';
import type { XmlDocument, XmlSpan } from './xml-edit';

export type RevisionChoice = 'accept' | 'reject';

const FORMAT_CHANGES = ['rPrChange', 'pPrChange', 'sectPrChange', 'tblPrChange', 'trPrChange', 'tcPrChange', 'tblGridChange', 'numberingChange', 'tblPrExChange'];
const MARKERS = ['moveFromRangeStart', 'moveFromRangeEnd', 'moveToRangeStart', 'moveToRangeEnd', 'cellIns', 'cellMerge'];

/** Applies `choice` to every tracked change; returns how many revisions were resolved. */
export function resolveWordRevisions(zip: OfficeZip, choice: RevisionChoice, log: ChangeLog): number {
  let total = 0;
  for (const story of wordStories(zip)) {
    const xml = zip.text(story);
    if (xml === undefined) continue;
    const doc = parseSpans(xml, story);
    const edits = new XmlEdits(xml);
    const count = resolveStory(doc, choice, edits, log);
    if (count > 0) {
      zip.setText(story, edits.apply());
      log.add({ part: shownPart(story) }, `${choice === 'accept' ? 'accepted' : 'rejected'} ${count} tracked change${count === 1 ? '' : 's'}`);
      total += count;
    }
  }
  if (total > 0) stopTracking(zip);
  return total;
}

function resolveStory(doc: XmlDocument, choice: RevisionChoice, edits: XmlEdits, log: ChangeLog): number {
  let count = 0;
  const keep = choice === 'accept' ? ['ins', 'moveTo'] : ['del', 'moveFrom'];
  const drop = choice === 'accept' ? ['del', 'moveFrom'] : ['ins', 'moveTo'];
  const emptied = new Set<XmlSpan>();

  for (const local of [...keep, ...drop]) {
    for (const el of doc.find(local)) {
      count++;
      const parent = el.parent;
      if (parent?.local === 'rPr' || parent?.local === 'trPr') {
        // A marker on a paragraph mark or a table row: the mark or row itself was inserted or deleted.
        edits.remove(el);
        if (drop.includes(local) && parent.local === 'trPr' && parent.parent?.local === 'tr') edits.remove(parent.parent);
        const paragraph = parent.parent?.local === 'pPr' ? parent.parent.parent : undefined;
        if (drop.includes(local) && paragraph?.local === 'p') emptied.add(paragraph);
        continue;
      }
      if (keep.includes(local)) {
        edits.unwrap(el);
        if (local === 'del') for (const t of doc.find('delText', el)) edits.rename(t, t.name.replace(/delText$/, 't'));
        if (local === 'del') for (const t of doc.find('delInstrText', el)) edits.rename(t, t.name.replace(/delInstrText$/, 'instrText'));
      } else edits.remove(el);
    }
  }
  // A paragraph whose mark was dropped and that keeps no text of its own goes entirely.
  for (const p of emptied) {
    const kept = doc.find('t', p).filter((t) => !hasAncestor(t, drop));
    if (kept.every((t) => doc.text(t) === '')) edits.remove(p);
    else log.note('A paragraph mark was removed by the change but its paragraph still holds text; it stays a separate paragraph.');
  }
  for (const local of MARKERS) for (const el of doc.find(local)) edits.remove(el);
  count += doc.find('cellDel').length;
  for (const el of doc.find('cellDel')) edits.remove(el);
  for (const local of FORMAT_CHANGES) {
    for (const el of doc.find(local)) {
      count++;
      if (choice === 'reject' && (local === 'rPrChange' || local === 'pPrChange')) restoreProperties(doc, el, edits);
      else {
        edits.remove(el);
        if (choice === 'reject') log.note('Rejected formatting changes to tables, sections and numbering keep the current formatting.');
      }
    }
  }
  return count;
}

function hasAncestor(el: XmlSpan, locals: string[]): boolean {
  for (let p = el.parent; p; p = p.parent) if (locals.includes(p.local)) return true;
  return false;
}

/** Rejecting a run or paragraph formatting change: the earlier properties replace the current ones. */
function restoreProperties(doc: XmlDocument, change: XmlSpan, edits: XmlEdits): void {
  const holder = change.parent;
  if (!holder) return;
  const earlier = change.children.find((c) => c.local === 'rPr' || c.local === 'pPr');
  // Paragraph properties also hold the mark's run properties and the section, which come last: those stay.
  const stays = (c: XmlSpan) => holder.local === 'pPr' && (c.local === 'rPr' || c.local === 'sectPr');
  for (const c of holder.children) if (c !== change && !stays(c)) edits.remove(c);
  const restored = earlier ? doc.inner(earlier) : '';
  const anchor = holder.children.find((c) => stays(c));
  if (anchor) {
    edits.insert(anchor.start, restored);
    edits.remove(change);
  } else edits.replace(change.start, change.end, restored);
}

/** Turns off "track changes" so the next edit is not recorded with a reviser's name. */
function stopTracking(zip: OfficeZip): void {
  const parts = partsOfType(zip, 'wordprocessingml.settings+xml');
  for (const part of parts.length > 0 ? parts : zip.names.filter((n) => /^word\/settings\.xml$/i.test(n))) {
    const xml = zip.text(part);
    if (xml === undefined) continue;
    const doc = parseSpans(xml, part);
    const edits = new XmlEdits(xml);
    for (const settings of doc.find('settings')) for (const el of childrenNamed(settings, 'trackRevisions')) edits.remove(el);
    if (edits.count > 0) zip.setText(part, edits.apply());
  }
}
