/**
 * Excel workbooks: hidden and very hidden sheets, comments (legacy notes, threaded comments and
 * their people list), pivot caches (with their pivot tables, whose cells stay as plain values)
 * and links to other workbooks. What referred to a removed part is mended so the workbook still
 * opens without repair: the sheet list, sheet-scoped names and the active tab are renumbered,
 * formulas that read a removed sheet or linked workbook keep their last value instead, and the
 * calculation chain (a cache Excel rebuilds) is dropped.
 *
 * Example: a workbook of "Summary" and a very hidden "Raw" keeps only "Summary"; a cell of
 * Summary holding `=Raw!B2` keeps its cached value without the formula.
 */
import { sheetLocation } from '../../checks/shared/mask-name';
import { shownPart } from '../../checks/families/hidden-content/part-names';
import type { ChangeLog } from './change-log';
import { mainPart } from './ooxml-clean';
import type { OfficeZip } from './office-zip';
import { partsOfType, readRels, removePart } from './opc';
import { attrValue, childrenNamed, parseSpans, withAttr, XmlEdits } from './xml-edit';
import type { XmlSpan } from './xml-edit';

interface Sheet {
  el: XmlSpan;
  index: number;
  name: string;
  state: string;
  part: string | undefined;
}

function workbookOf(zip: OfficeZip): string {
  return mainPart(zip) ?? 'xl/workbook.xml';
}

function readSheets(zip: OfficeZip, workbook: string): Sheet[] {
  const xml = zip.text(workbook);
  if (xml === undefined) return [];
  const rels = readRels(zip, workbook);
  return parseSpans(xml, workbook)
    .find('sheet')
    .filter((el) => el.parent?.local === 'sheets')
    .map((el, i) => {
      const rel = rels.find((r) => r.id === attrValue(el, 'r:id') && !r.external);
      return { el, index: i, name: attrValue(el, 'name') ?? '', state: attrValue(el, 'state') ?? 'visible', part: rel ? (zip.nameOf(rel.target) ?? rel.target) : undefined };
    });
}

const FORMULA = /<((?:[\w.-]+:)?f)\b((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?:\/>|>([\s\S]*?)<\/\1>)/g;

/**
 * Drops the formulas of a sheet for which `reads` is true, keeping the cached values; a shared
 * formula's dependants go with their master. Returns the number dropped.
 */
function dropFormulas(zip: OfficeZip, part: string, reads: (formula: string) => boolean): number {
  const xml = zip.text(part);
  if (xml === undefined) return 0;
  const shared = new Set<string>();
  let dropped = 0;
  const decode = (s: string) =>
    s
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const m of xml.matchAll(FORMULA)) {
    const attrs = m[2] ?? '';
    if (m[3] !== undefined && reads(decode(m[3])) && /\bt\s*=\s*"shared"/.test(attrs)) {
      const si = /\bsi\s*=\s*"(\d+)"/.exec(attrs)?.[1];
      if (si !== undefined) shared.add(si);
    }
  }
  const out = xml.replace(FORMULA, (whole, _name: string, attrs: string, body: string | undefined) => {
    const si = /\bt\s*=\s*"shared"/.test(attrs) ? /\bsi\s*=\s*"(\d+)"/.exec(attrs)?.[1] : undefined;
    if ((body !== undefined && reads(decode(body))) || (si !== undefined && shared.has(si))) {
      dropped++;
      return '';
    }
    return whole;
  });
  if (dropped > 0) zip.setText(part, out);
  return dropped;
}

/** A test for formulas naming a sheet (`Raw!A1`, `'Raw data'!A1`). */
function namesSheet(names: string[]): (formula: string) => boolean {
  const patterns = names.map((n) => {
    const quoted = `'${n.replace(/'/g, "''")}'!`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const bare = `(?<![\\w.'\\]])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}!`;
    return new RegExp(`${quoted}|${bare}`, 'i');
  });
  return (f) => patterns.some((p) => p.test(f));
}

/** Removes the calculation chain: a cache of formula cells Excel rebuilds, stale once formulas or sheets go. */
function dropCalcChain(zip: OfficeZip): void {
  for (const part of [...partsOfType(zip, 'calcchain+xml'), ...zip.names.filter((n) => /^xl\/calcChain\.xml$/i.test(n))]) removePart(zip, part);
}

/** Removes hidden and very hidden sheets; refuses to remove the last sheets (nothing would be left). */
export function removeHiddenSheets(zip: OfficeZip, log: ChangeLog): void {
  const workbook = workbookOf(zip);
  const sheets = readSheets(zip, workbook);
  const hidden = sheets.filter((s) => s.state === 'hidden' || s.state === 'veryHidden');
  if (hidden.length === 0) return;
  if (hidden.length === sheets.length) {
    log.note('Every sheet of the workbook is hidden; none was removed (a workbook needs one sheet). Unhide the sheet to keep, then redact again.');
    return;
  }
  const xml = zip.text(workbook) ?? '';
  const doc = parseSpans(xml, workbook);
  const edits = new XmlEdits(xml);
  const gone = new Set(hidden.map((s) => s.index));
  const newIndex = (old: number) => (gone.has(old) ? 0 : old - [...gone].filter((g) => g < old).length);
  for (const s of hidden) edits.remove(s.el);
  const readsRemoved = namesSheet(hidden.map((s) => s.name));
  for (const dn of doc.find('definedName')) {
    const local = attrValue(dn, 'localSheetId');
    if (local !== undefined && gone.has(Number(local))) edits.remove(dn);
    else if (readsRemoved(doc.text(dn))) edits.remove(dn);
    else if (local !== undefined && newIndex(Number(local)) !== Number(local)) edits.setAttrs(dn, withAttr(dn.attrs, 'localSheetId', String(newIndex(Number(local)))));
  }
  for (const names of doc.find('definedNames'))
    if (names.children.every((c) => c.local !== 'definedName' || readsRemoved(doc.text(c)) || gone.has(Number(attrValue(c, 'localSheetId') ?? -1)))) edits.remove(names);
  for (const view of doc.find('workbookView')) {
    let attrs = view.attrs;
    for (const a of ['activeTab', 'firstSheet']) {
      const v = attrValue(view, a);
      if (v !== undefined) attrs = withAttr(attrs, a, String(newIndex(Number(v))));
    }
    if (attrs !== view.attrs) edits.setAttrs(view, attrs);
  }
  zip.setText(workbook, edits.apply());
  for (const s of hidden) {
    if (s.part) removePart(zip, s.part);
    log.add(sheetLocation(s.index + 1, s.name), s.state === 'veryHidden' ? 'removed a very hidden sheet' : 'removed a hidden sheet');
  }
  let formulas = 0;
  for (const s of sheets) if (!gone.has(s.index) && s.part) formulas += dropFormulas(zip, s.part, readsRemoved);
  if (formulas > 0) log.add(undefined, `${formulas === 1 ? '1 formula that read a removed sheet now holds' : `${formulas} formulas that read a removed sheet now hold`} its last value`);
  dropCalcChain(zip);
  dropSheetTitles(zip);
}

/** The application properties list every sheet's name, the removed ones too. */
function dropSheetTitles(zip: OfficeZip): void {
  const app = readRels(zip, '').find((r) => r.short === 'extended-properties' && !r.external)?.target ?? 'docProps/app.xml';
  const xml = zip.text(app);
  if (xml === undefined) return;
  const doc = parseSpans(xml, app);
  const edits = new XmlEdits(xml);
  for (const props of doc.find('Properties')) for (const c of props.children) if (c.local === 'HeadingPairs' || c.local === 'TitlesOfParts') edits.remove(c);
  if (edits.count > 0) zip.setText(app, edits.apply());
}

/** Removes every sheet's comments and notes, threaded comments and the workbook's people list. */
export function removeSheetComments(zip: OfficeZip, log: ChangeLog): void {
  const workbook = workbookOf(zip);
  for (const s of readSheets(zip, workbook)) {
    if (!s.part) continue;
    let count = 0;
    const legacyIds: string[] = [];
    for (const rel of readRels(zip, s.part)) {
      if (rel.external) continue;
      if (rel.short === 'comments' || rel.short === 'threadedComment') {
        const xml = zip.text(rel.target);
        if (xml !== undefined) count = Math.max(count, parseSpans(xml, rel.target).find(rel.short === 'comments' ? 'comment' : 'threadedComment').length);
        removePart(zip, rel.target);
      } else if (rel.short === 'vmlDrawing') {
        const vml = zip.text(rel.target) ?? '';
        const kinds = [...vml.matchAll(/ObjectType\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
        // The legacy drawing that draws the note boxes goes only when it holds nothing but notes.
        if (kinds.length > 0 && kinds.every((k) => k === 'Note')) {
          removePart(zip, rel.target);
          legacyIds.push(rel.id);
        }
      }
    }
    if (legacyIds.length > 0) {
      const xml = zip.text(s.part) ?? '';
      const out = xml.replace(/<((?:[\w.-]+:)?legacyDrawing)\b[^>]*?\sr:id\s*=\s*"([^"]*)"[^>]*?\/>/g, (whole, _n: string, id: string) => (legacyIds.includes(id) ? '' : whole));
      zip.setText(s.part, out);
    }
    if (count > 0) log.add(sheetLocation(s.index + 1, s.name), `removed ${count} comment${count === 1 ? '' : 's'}`);
  }
  const loose = [
    ...partsOfType(zip, 'spreadsheetml.comments+xml'),
    ...partsOfType(zip, 'threadedcomments+xml'),
    ...zip.names.filter((n) => /^xl\/(comments\d*|threadedComments\/[^/]+)\.xml$/i.test(n)),
  ];
  for (const part of new Set(loose)) {
    removePart(zip, part);
    log.add({ part: shownPart(part) }, 'removed comments');
  }
  for (const rel of readRels(zip, workbook).filter((r) => r.short === 'person' && !r.external)) {
    removePart(zip, rel.target);
    log.add({ part: shownPart(rel.target) }, 'removed the list of comment authors');
  }
}

/** Removes pivot caches and the pivot tables built on them; the tables' cells stay as values. */
export function removePivotCaches(zip: OfficeZip, log: ChangeLog): void {
  const workbook = workbookOf(zip);
  const xml = zip.text(workbook) ?? '';
  const doc = parseSpans(xml, workbook);
  const rels = readRels(zip, workbook);
  const definitions = new Set<string>();
  const edits = new XmlEdits(xml);
  for (const caches of doc.find('pivotCaches')) {
    for (const c of childrenNamed(caches, 'pivotCache')) {
      const rel = rels.find((r) => r.id === attrValue(c, 'r:id') && !r.external);
      if (rel) definitions.add(zip.nameOf(rel.target) ?? rel.target);
    }
    edits.remove(caches);
  }
  if (edits.count > 0) zip.setText(workbook, edits.apply());
  for (const p of [...partsOfType(zip, 'pivotcachedefinition+xml'), ...zip.names.filter((n) => /(^|\/)pivotCacheDefinition\d*\.xml$/i.test(n))]) definitions.add(p);
  const tables = new Set([...partsOfType(zip, 'pivottable+xml'), ...zip.names.filter((n) => /(^|\/)pivotTables\/pivotTable\d*\.xml$/i.test(n))]);
  const records = new Set([...partsOfType(zip, 'pivotcacherecords+xml'), ...zip.names.filter((n) => /(^|\/)pivotCacheRecords\d*\.xml$/i.test(n))]);
  for (const t of tables) {
    removePart(zip, t);
    log.add({ part: shownPart(t) }, 'turned a pivot table into plain cells');
  }
  for (const d of definitions) {
    removePart(zip, d);
    log.add({ part: shownPart(d) }, 'removed a pivot cache');
  }
  for (const r of records) {
    if (!zip.has(r)) continue;
    removePart(zip, r);
    log.add({ part: shownPart(r) }, 'removed pivot cache records');
  }
  if (partsOfType(zip, 'slicercache+xml').length > 0 || partsOfType(zip, 'timelinecache+xml').length > 0) {
    log.note('The workbook has slicers or timelines; those tied to the removed pivot tables no longer filter anything and can be deleted in Excel.');
  }
}

/** Removes links to other workbooks; formulas reading them keep their last value. */
export function removeWorkbookLinks(zip: OfficeZip, log: ChangeLog): void {
  const workbook = workbookOf(zip);
  const xml = zip.text(workbook) ?? '';
  const doc = parseSpans(xml, workbook);
  const rels = readRels(zip, workbook);
  const parts = new Set<string>();
  const edits = new XmlEdits(xml);
  const external = /\[\d+\]/;
  for (const refs of doc.find('externalReferences')) {
    for (const r of childrenNamed(refs, 'externalReference')) {
      const rel = rels.find((x) => x.id === attrValue(r, 'r:id') && !x.external);
      if (rel) parts.add(zip.nameOf(rel.target) ?? rel.target);
    }
    edits.remove(refs);
  }
  for (const p of [...partsOfType(zip, 'externallink+xml'), ...zip.names.filter((n) => /(^|\/)externalLinks\/externalLink\d*\.xml$/i.test(n))]) parts.add(p);
  if (parts.size === 0) return;
  for (const dn of doc.find('definedName')) if (external.test(doc.text(dn))) edits.remove(dn);
  for (const names of doc.find('definedNames')) if (names.children.every((c) => external.test(doc.text(c)))) edits.remove(names);
  if (edits.count > 0) zip.setText(workbook, edits.apply());
  for (const p of parts) {
    removePart(zip, p);
    log.add({ part: shownPart(p) }, 'removed a link to another workbook');
  }
  let formulas = 0;
  for (const s of readSheets(zip, workbook)) if (s.part) formulas += dropFormulas(zip, s.part, (f) => external.test(f));
  if (formulas > 0) {
    log.add(undefined, `${formulas === 1 ? '1 formula that read another workbook now holds' : `${formulas} formulas that read another workbook now hold`} its last value`);
    dropCalcChain(zip);
  }
}
