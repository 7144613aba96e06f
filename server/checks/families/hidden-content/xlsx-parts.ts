/**
 * The workbook parts beside the sheets: comments (legacy notes and threaded comments), pivot
 * caches, links to other workbooks and data connections. Parts are found through the sheets'
 * relationships and by content type, with the usual paths as a fallback.
 */
import { columnLabel, maskName } from '../../shared/mask-name';
import { finding, type FindingLocation } from '../../engine/types';
import { plural } from './collector';
import type { Collector } from './collector';
import type { OoxmlPackage } from './ooxml-package';
import { scanPivotDefinition, scanPivotRecords } from './pivot-cache';
import type { SheetBudget } from './sheet-scan';
import type { WorkbookSheet } from './workbook-sheet';
import { attr, attrOf, children, first, parseXml, scanXml } from './xml-scan';

/** Legacy comments and threaded comments, reported once per sheet (Excel writes both kinds). */
export async function checkComments(pkg: OoxmlPackage, sheets: WorkbookSheet[], out: Collector): Promise<void> {
  const seen = new Set<string>();
  const bySheet = new Map<WorkbookSheet, number>();
  for (const s of sheets) {
    if (!s.part) continue;
    for (const rel of await pkg.rels(s.part)) {
      if (rel.external || (rel.type !== 'comments' && rel.type !== 'threadedComment')) continue;
      seen.add(rel.target.toLowerCase());
      const count = await readComments(pkg, rel.target, rel.type === 'comments' ? 'comment' : 'threadedComment', out, s.where);
      if (count > (bySheet.get(s) ?? 0)) bySheet.set(s, count);
    }
  }
  for (const [sheet, count] of bySheet) {
    if (count > 0) out.add(finding('hidden-content', 'comments', 'review', `${plural(count, 'comment')} with author names on this sheet; remove them before release`, sheet.where));
  }
  const loose = [...pkg.partsOfType('spreadsheetml.comments+xml'), ...pkg.zip.names.filter((n) => /(^|\/)comments\d*\.xml$/i.test(n))];
  for (const part of new Set(loose)) {
    if (seen.has(part.toLowerCase())) continue;
    seen.add(part.toLowerCase());
    const count = await readComments(pkg, part, 'comment', out, undefined);
    if (count > 0) out.add(finding('hidden-content', 'comments', 'review', `${plural(count, 'comment')} with author names; remove them before release`, { part }));
  }
}

async function readComments(pkg: OoxmlPackage, part: string, element: string, out: Collector, sheet: FindingLocation | undefined): Promise<number> {
  const xml = await pkg.text(part);
  if (xml === undefined) return 0;
  let count = 0;
  let ref = '';
  let text: string[] | undefined;
  let inText = 0;
  scanXml(xml, part, {
    open(name, attrs, selfClosing) {
      if (name === element) {
        count++;
        ref = attr(attrs, 'ref') ?? '';
        text = [];
        if (selfClosing) text = undefined;
      } else if (name === 't' || name === 'text') {
        if (!selfClosing) inText++;
      }
    },
    close(name) {
      if (name === element && text) {
        const location = sheet !== undefined ? { ...sheet, ...(ref ? { cell: ref } : {}) } : { part };
        out.text(text.join(''), location);
        text = undefined;
      } else if (name === 't' || name === 'text') inText = Math.max(0, inText - 1);
    },
    text(t) {
      if (inText > 0) text?.push(t);
    },
  });
  return count;
}

/** Pivot caches holding records: a finding, the records as a table, shared items as text. */
export async function checkPivotCaches(pkg: OoxmlPackage, budget: SheetBudget, out: Collector, stop: () => void): Promise<void> {
  const byType = pkg.partsOfType('pivotcachedefinition+xml');
  const definitions = byType.length > 0 ? byType : pkg.zip.names.filter((n) => /(^|\/)pivotCacheDefinition\d*\.xml$/i.test(n));
  const recordParts = new Set([...pkg.partsOfType('pivotcacherecords+xml'), ...pkg.zip.names.filter((n) => /(^|\/)pivotCacheRecords\d*\.xml$/i.test(n))].map((n) => n.toLowerCase()));
  for (const defPart of definitions) {
    const defXml = await pkg.text(defPart);
    if (defXml === undefined) continue;
    const def = scanPivotDefinition(defXml, defPart, budget, stop);
    // A pivot field is a column of the source data: named by position and masked name.
    def.fields.forEach((field, i) => out.text((def.strings[i] ?? []).join('\n'), { part: defPart, field: columnLabel(i + 1, field) }));
    const recordsRel = (await pkg.rels(defPart)).find((r) => r.type === 'pivotCacheRecords' && !r.external);
    if (!recordsRel) continue;
    recordParts.delete(recordsRel.target.toLowerCase());
    const recXml = await pkg.text(recordsRel.target);
    if (recXml === undefined) continue;
    const { rows, records, truncated } = scanPivotRecords(recXml, recordsRel.target, def, budget, stop);
    if (records === 0) continue;
    out.table(rows, { part: recordsRel.target });
    const cut = truncated ? `; only the first ${budget.maxTableRows} were analysed` : '';
    out.add(
      finding('hidden-content', 'pivot_cache', 'review', `A pivot cache stores ${plural(records, 'source record')} (row-level data behind a pivot table)${cut}; save without the cache or remove it`, {
        part: recordsRel.target,
      }),
    );
  }
  for (const part of recordParts) {
    out.add(finding('hidden-content', 'pivot_cache', 'review', 'A pivot cache part stores source records (row-level data behind a pivot table)', { part }));
  }
}

/** Links to other workbooks (xl/externalLinks/): path and cached values of the linked book. */
export async function checkExternalLinks(pkg: OoxmlPackage, out: Collector): Promise<void> {
  const byType = pkg.partsOfType('externallink+xml');
  const parts = byType.length > 0 ? byType : pkg.zip.names.filter((n) => /(^|\/)externalLinks\/externalLink\d*\.xml$/i.test(n));
  for (const part of parts) {
    const targets = (await pkg.rels(part)).filter((r) => r.external).map((r) => r.target);
    for (const t of targets) out.text(t, { part });
    out.add(finding('hidden-content', 'external_link', 'review', 'A link to another workbook; its path and a cached copy of the linked values are stored in the file', { part }));
  }
}

/** Data connections (xl/connections.xml): connection strings can name servers and credentials. */
export async function checkConnections(pkg: OoxmlPackage, out: Collector): Promise<void> {
  const byType = pkg.partsOfType('spreadsheetml.connections+xml');
  for (const part of byType.length > 0 ? byType : pkg.zip.names.filter((n) => /^xl\/connections\.xml$/i.test(n))) {
    const xml = await pkg.text(part);
    if (xml === undefined) continue;
    const connections = children(first(parseXml(xml, part), 'connections'), 'connection');
    for (const [index, c] of connections.entries()) {
      // A connection's name is the file's text.
      const name = `connection ${index + 1} (“${maskName(attrOf(c, 'name') ?? '')}”)`;
      for (const key of ['dbPr', 'olapPr', 'webPr', 'textPr']) {
        for (const p of children(c, key)) {
          for (const a of ['connection', 'command', 'url', 'sourceFile']) {
            const v = attrOf(p, a);
            if (v) out.text(v, { part, field: name });
          }
        }
      }
    }
    if (connections.length > 0) {
      out.add(
        finding('hidden-content', 'data_connection', 'review', `${plural(connections.length, 'data connection')} to an outside source; connection strings can name servers, files and credentials`, {
          part,
        }),
      );
    }
  }
}
