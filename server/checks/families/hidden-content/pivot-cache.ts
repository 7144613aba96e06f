/**
 * Pivot caches: a pivot table keeps a private copy of its source rows (pivotCacheRecords), which
 * survives deleting or hiding the source sheet, so a workbook that shows only aggregates can
 * still carry the row-level data. The records are rebuilt into a table (field names as header,
 * shared items resolved) so the microdata and sdc analysers see them too.
 *
 * Example: a definition with fields ['sex','age'] (sex shared items ['F','M']) and records
 * `<r><x v="1"/><n v="34"/></r>` gives rows [['sex','age'], ['M','34']].
 */
import type { SheetBudget } from './sheet-scan';
import { ExtractProblem } from '../../engine/extract-guard';
import { attr, scanXml } from './xml-scan';

export interface PivotDefinition {
  fields: string[];
  /** Shared items per field, as text. */
  items: string[][];
  /** The string shared items per field (numbers and dates left out: they are not text). */
  strings: string[][];
}

const VALUE_TAGS = new Set(['s', 'n', 'd', 'b', 'e', 'm']);

/** Field names and shared items of a pivotCacheDefinition part. */
export function scanPivotDefinition(xml: string, part: string, budget: SheetBudget, shouldStop: () => void): PivotDefinition {
  const def: PivotDefinition = { fields: [], items: [], strings: [] };
  let items: string[] | undefined;
  let inShared = false;
  let count = 0;
  scanXml(
    xml,
    part,
    {
      open(name, attrs, selfClosing) {
        if (name === 'cacheField') {
          def.fields.push(attr(attrs, 'name') ?? `field ${def.fields.length + 1}`);
          items = [];
          def.items.push(items);
          def.strings.push([]);
        } else if (name === 'sharedItems') inShared = !selfClosing;
        else if (inShared && VALUE_TAGS.has(name) && items) {
          if (++count > budget.maxCells) throw new ExtractProblem(`pivot cache holds more than ${budget.maxCells} items; too large to inspect`);
          const text = itemText(name, attr(attrs, 'v'));
          items.push(text);
          if (name === 's' && text.trim() !== '') def.strings[def.strings.length - 1]?.push(text);
        }
      },
      close(name) {
        if (name === 'sharedItems') inShared = false;
      },
      text() {},
    },
    shouldStop,
  );
  return def;
}

function itemText(tag: string, v: string | undefined): string {
  if (tag === 'm') return '';
  if (tag === 'b') return v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
  return v ?? '';
}

/** Rows of a pivotCacheRecords part (header first), bounded by the workbook budget. */
export function scanPivotRecords(xml: string, part: string, def: PivotDefinition, budget: SheetBudget, shouldStop: () => void): { rows: string[][]; records: number; truncated: boolean } {
  const rows: string[][] = [def.fields];
  let record: string[] | undefined;
  let records = 0;
  let truncated = false;
  scanXml(
    xml,
    part,
    {
      open(name, attrs, selfClosing) {
        if (name === 'r') {
          records++;
          record = [];
          if (selfClosing) endRecord();
          return;
        }
        if (!record) return;
        if (++budget.cells > budget.maxCells) throw new ExtractProblem(`spreadsheet holds more than ${budget.maxCells} cells; too large to inspect`);
        if (budget.cells % 8192 === 0) shouldStop();
        const field = record.length;
        if (name === 'x') record.push(def.items[field]?.[Number(attr(attrs, 'v') ?? '0')] ?? '');
        else if (VALUE_TAGS.has(name)) record.push(itemText(name, attr(attrs, 'v')));
      },
      close(name) {
        if (name === 'r') endRecord();
      },
      text() {},
    },
    shouldStop,
  );
  return { rows: rows.length > 1 ? rows : [], records, truncated };

  function endRecord() {
    if (!record) return;
    if (rows.length > budget.maxTableRows) truncated = true;
    else rows.push(record);
    record = undefined;
  }
}
