/**
 * OpenDocument text, spreadsheets and presentations: document properties in meta.xml (authors,
 * titles, keywords, user-defined fields, dates, template path), comments (office:annotation),
 * hidden text (hidden-text fields, conditionally hidden paragraphs, hidden sections, text in a
 * style that is not displayed), hidden sheets (a table style with `table:display="false"`, with
 * formulas and named ranges that read them turned into values or dropped) and speaker notes
 * (presentation:notes). Comments and hidden text are removed from styles.xml too (headers and
 * footers live there).
 *
 * Example: `<draw:page …><draw:frame…/><presentation:notes>…</presentation:notes></draw:page>`
 * loses its notes element.
 */
import { sheetLocation } from '../../checks/shared/mask-name';
import type { ChangeLog } from './change-log';
import type { OfficeZip } from './office-zip';
import { attrValue, localAttr, parseSpans, withoutAttr, XmlEdits } from './xml-edit';
import type { XmlDocument, XmlSpan } from './xml-edit';

/** Properties kept in meta.xml: statistics, the generator and the language say nothing about people. */
const META_KEPT = new Set(['generator', 'document-statistic', 'language']);

/** Removes what names people, places and projects from meta.xml. */
export function removeOdfProperties(zip: OfficeZip, log: ChangeLog): void {
  const xml = zip.text('meta.xml');
  if (xml === undefined) return;
  const doc = parseSpans(xml, 'meta.xml');
  const edits = new XmlEdits(xml);
  const removed: string[] = [];
  for (const meta of doc.find('meta')) {
    if (meta.parent?.local !== 'document-meta') continue;
    for (const c of meta.children) {
      if (META_KEPT.has(c.local)) continue;
      edits.remove(c);
      removed.push(c.local);
    }
  }
  if (removed.length === 0) return;
  zip.setText('meta.xml', edits.apply());
  log.add({ part: 'meta.xml' }, `removed ${removed.length} document propert${removed.length === 1 ? 'y' : 'ies'}`);
}

const BODY_PARTS = ['content.xml', 'styles.xml'];

/** Edits content.xml and styles.xml with `edit`; logs `what(count)` per part changed. */
function editBodies(zip: OfficeZip, log: ChangeLog, edit: (doc: XmlDocument, edits: XmlEdits, part: string) => number, what: (n: number) => string): void {
  for (const part of BODY_PARTS) {
    const xml = zip.text(part);
    if (xml === undefined) continue;
    const doc = parseSpans(xml, part);
    const edits = new XmlEdits(xml);
    const n = edit(doc, edits, part);
    if (n > 0 && edits.count > 0) {
      zip.setText(part, edits.apply());
      log.add({ part }, what(n));
    }
  }
}

/** Removes comments and their range ends. */
export function removeOdfComments(zip: OfficeZip, log: ChangeLog): void {
  editBodies(
    zip,
    log,
    (doc, edits) => {
      const notes = doc.find('annotation');
      for (const el of [...notes, ...doc.find('annotation-end')]) edits.remove(el);
      return notes.length;
    },
    (n) => `removed ${n} comment${n === 1 ? '' : 's'}`,
  );
}

/** Names of automatic and common styles for which `hidden` is true of a child properties element. */
function stylesWhere(docs: XmlDocument[], props: string, hidden: (el: XmlSpan) => boolean): Set<string> {
  const names = new Set<string>();
  for (const doc of docs) {
    for (const style of doc.find('style')) {
      const name = attrValue(style, 'style:name');
      if (name && style.children.some((c) => c.local === props && hidden(c))) names.add(name);
    }
  }
  return names;
}

function parsed(zip: OfficeZip, part: string): XmlDocument | undefined {
  const xml = zip.text(part);
  return xml === undefined ? undefined : parseSpans(xml, part);
}

/** Removes hidden text: hidden-text fields, hidden paragraphs, hidden sections, text in hidden styles. */
export function removeOdfHiddenText(zip: OfficeZip, log: ChangeLog): void {
  const docs = BODY_PARTS.map((p) => parsed(zip, p)).filter((d): d is XmlDocument => d !== undefined);
  const hiddenStyles = stylesWhere(docs, 'text-properties', (c) => localAttr(c, 'display') === 'none');
  editBodies(
    zip,
    log,
    (doc, edits) => {
      let n = 0;
      for (const el of doc.find('hidden-text')) {
        edits.remove(el);
        n++;
      }
      for (const el of doc.find('hidden-paragraph')) {
        // The field hides the paragraph it stands in: the paragraph goes.
        const p = el.parent && (el.parent.local === 'p' || el.parent.local === 'h') ? el.parent : el;
        edits.remove(p);
        n++;
      }
      for (const el of doc.find('section')) {
        if (localAttr(el, 'display') === 'none') {
          edits.remove(el);
          n++;
        }
      }
      for (const local of ['span', 'p', 'h']) {
        for (const el of doc.find(local)) {
          if (el.name.startsWith('text:') && hiddenStyles.has(attrValue(el, 'text:style-name') ?? '')) {
            edits.remove(el);
            n++;
          }
        }
      }
      return n;
    },
    (n) => `removed ${n} piece${n === 1 ? '' : 's'} of hidden text`,
  );
}

/** Removes speaker notes from every slide. */
export function removeOdfNotes(zip: OfficeZip, log: ChangeLog): void {
  const xml = zip.text('content.xml');
  if (xml === undefined) return;
  const doc = parseSpans(xml, 'content.xml');
  const edits = new XmlEdits(xml);
  doc
    .find('page')
    .filter((p) => p.name === 'draw:page')
    .forEach((page, i) => {
      for (const notes of page.children.filter((c) => c.local === 'notes')) {
        // A notes page with no text (only the slide's thumbnail) is left alone, as the checks leave it.
        if (doc.text(notes).trim() === '') continue;
        edits.remove(notes);
        log.add({ part: 'content.xml', page: i + 1 }, 'removed speaker notes');
      }
    });
  if (edits.count > 0) zip.setText('content.xml', edits.apply());
}

/** Removes hidden sheets; formulas and named ranges that read them are turned into values or dropped. */
export function removeOdfHiddenSheets(zip: OfficeZip, log: ChangeLog): void {
  const xml = zip.text('content.xml');
  if (xml === undefined) return;
  const doc = parseSpans(xml, 'content.xml');
  const hiddenStyles = stylesWhere([doc], 'table-properties', (c) => localAttr(c, 'display') === 'false');
  const sheets = doc.find('table').filter((t) => t.parent?.local === 'spreadsheet');
  const hidden = sheets.filter((t) => hiddenStyles.has(attrValue(t, 'table:style-name') ?? ''));
  if (hidden.length === 0) return;
  if (hidden.length === sheets.length) {
    log.note('Every sheet of the spreadsheet is hidden; none was removed (a spreadsheet needs one sheet). Unhide the sheet to keep, then redact again.');
    return;
  }
  const edits = new XmlEdits(xml);
  const names = hidden.map((t) => attrValue(t, 'table:name') ?? '');
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // [$Raw.A1], [Raw.A1:Raw.B2], ['Raw data'.A1], and the $Raw.$A$1 of range addresses.
  const reads = new RegExp(`(?:^|[\\[:;\\s])\\$?(?:'(?:${escaped.map((e) => e.replace(/'/g, "''")).join('|')})'|(?:${escaped.join('|')}))\\.`, 'i');
  for (const t of hidden) {
    edits.remove(t);
    log.add(sheetLocation(sheets.indexOf(t) + 1, attrValue(t, 'table:name') ?? ''), 'removed a hidden sheet');
  }
  let formulas = 0;
  for (const cell of doc.find('table-cell')) {
    const f = attrValue(cell, 'table:formula');
    if (f === undefined || !reads.test(f) || hidden.some((t) => cell.start > t.start && cell.end <= t.end)) continue;
    edits.setAttrs(cell, withoutAttr(cell.attrs, 'table:formula'));
    formulas++;
  }
  for (const local of ['named-range', 'named-expression', 'database-range']) {
    for (const el of doc.find(local)) {
      const address = attrValue(el, 'table:cell-range-address') ?? attrValue(el, 'table:expression') ?? attrValue(el, 'table:target-range-address') ?? '';
      if (reads.test(address)) edits.remove(el);
    }
  }
  zip.setText('content.xml', edits.apply());
  if (formulas > 0) log.add(undefined, `${formulas === 1 ? '1 formula that read a removed sheet now holds' : `${formulas} formulas that read a removed sheet now hold`} its last value`);
}

/** The saved preview picture shows the document as it was: it goes whenever the content changes. */
export function removeOdfThumbnail(zip: OfficeZip, log: ChangeLog): void {
  const thumbnails = zip.names.filter((n) => /^Thumbnails\//i.test(n));
  if (thumbnails.length === 0) return;
  for (const t of thumbnails) zip.delete(t);
  const manifest = zip.text('META-INF/manifest.xml');
  if (manifest !== undefined) {
    const doc = parseSpans(manifest, 'META-INF/manifest.xml');
    const edits = new XmlEdits(manifest);
    for (const e of doc.find('file-entry')) if (/^Thumbnails\//i.test(attrValue(e, 'manifest:full-path') ?? '')) edits.remove(e);
    if (edits.count > 0) zip.setText('META-INF/manifest.xml', edits.apply());
  }
  log.add({ part: 'Thumbnails/' }, 'removed the saved preview picture');
}
