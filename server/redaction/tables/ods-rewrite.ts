/**
 * Applies a table operation's changes to an ODS content.xml by splicing the text: one forward
 * pass finds the sheets, rows and cells, numbered as the checks' scanner numbers them
 * (ods-sheets.ts), and only the rows holding a change are written again; everything else is
 * copied byte for byte. A run of repeated rows (`table:number-rows-repeated`) or cells
 * (`table:number-columns-repeated`) is split only around the row or cell that changes, and keeps
 * its style. Covered cells (under a merged cell) are cells like the others; removing a row or a
 * column inside a merged range shrinks the range, and the column definitions (widths, styles)
 * lose the removed columns.
 *
 * Example: changing row 3, column B inside `<table:table-row table:number-rows-repeated="4" …>`
 * (rows 2–5) gives a run of 1 (row 2), the rewritten row 3, and a run of 2 (rows 4–5).
 */
import { assertNoDtd, attr } from '../../checks/families/hidden-content/xml-scan';
import { RedactionError } from '../types';
import { rewrittenCell, withAttr, withoutAttr, withRepeat, withStartTag, hasAttr, type CellElement, type NewCellValue, type XmlElement } from './ods-markup';

/** The changes to make in one sheet. Rows are sheet row numbers (1-based), columns 0-based. */
export interface SheetEdits {
  /** Row number → column → new value. */
  cells: Map<number, Map<number, NewCellValue>>;
  dropRows: Set<number>;
  dropColumns: Set<number>;
  /** Formulas in these columns, below `afterRow`, become their cached values. */
  freeze?: { afterRow: number; columns: Set<number> };
}

export function newSheetEdits(): SheetEdits {
  return { cells: new Map(), dropRows: new Set(), dropColumns: new Set() };
}

/** Sets one cell's new value. */
export function setCell(edits: SheetEdits, rowNumber: number, column: number, value: NewCellValue): void {
  let row = edits.cells.get(rowNumber);
  if (!row) edits.cells.set(rowNumber, (row = new Map()));
  row.set(column, value);
}

interface RowElement extends XmlElement {
  repeat: number;
  /** The sheet row number of its first row. */
  no: number;
  cells: CellElement[];
}

const TAG = /<(\/?)((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

function repeatOf(attrs: string, local: string): number {
  return Math.max(1, Number(attr(attrs, local) ?? '1') || 1);
}

/** The sorted values of `sorted` within [from, to). */
function within(sorted: number[], from: number, to: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < sorted.length && sorted[i]! < to; i++) out.push(sorted[i]!);
  return out;
}

function countWithin(sorted: number[], from: number, to: number): number {
  return within(sorted, from, to).length;
}

/** Writes one sheet's rows and column definitions again where `edits` changes them. */
class SheetWriter {
  private readonly targetRows: number[];
  private readonly droppedRows: number[];
  private readonly droppedColumns: number[];

  constructor(
    private readonly xml: string,
    private readonly edits: SheetEdits,
  ) {
    this.targetRows = [...new Set([...edits.cells.keys(), ...edits.dropRows])].sort((a, b) => a - b);
    this.droppedRows = [...edits.dropRows].sort((a, b) => a - b);
    this.droppedColumns = [...edits.dropColumns].sort((a, b) => a - b);
  }

  /** Whether rows [no, no + repeat) need their cells read. */
  touches(no: number, repeat: number): boolean {
    if (this.droppedColumns.length > 0) return true;
    if (this.edits.freeze && no + repeat - 1 > this.edits.freeze.afterRow) return true;
    return countWithin(this.targetRows, no, no + repeat) > 0;
  }

  /** A column definition without the removed columns ('' when all of its columns go), or undefined when unchanged. */
  column(el: XmlElement, first: number): string | undefined {
    const repeat = repeatOf(el.attrs, 'number-columns-repeated');
    const dropped = countWithin(this.droppedColumns, first, first + repeat);
    if (dropped === 0) return undefined;
    if (dropped === repeat) return '';
    return withStartTag(this.xml, el, withRepeat(el.attrs, 'number-columns-repeated', repeat - dropped));
  }

  /** The row run written again, or undefined when nothing in it changes. */
  row(row: RowElement): string | undefined {
    const end = row.no + row.repeat;
    const parts: string[] = [];
    let changed = false;
    let cursor = row.no;
    const plain = (from: number, count: number) => {
      const r = this.rowRun(row, from, count, undefined);
      changed ||= r.changed;
      parts.push(r.text);
    };
    for (const t of within(this.targetRows, row.no, end)) {
      if (t > cursor) plain(cursor, t - cursor);
      if (!this.edits.dropRows.has(t)) parts.push(this.rowRun(row, t, 1, this.edits.cells.get(t)).text);
      changed = true;
      cursor = t + 1;
    }
    if (cursor < end) plain(cursor, end - cursor);
    return changed ? parts.join('') : undefined;
  }

  /** `count` rows of `row` starting at row number `first`, with `cells` changed. */
  private rowRun(row: RowElement, first: number, count: number, cells: Map<number, NewCellValue> | undefined): { text: string; changed: boolean } {
    const xml = this.xml;
    let inner = '';
    let changed = false;
    if (!row.selfClosing) {
      let at = row.openEnd;
      let column = 0;
      for (const cell of row.cells) {
        inner += xml.slice(at, cell.start);
        const r = this.cellRun(cell, first, column, cells);
        inner += r.text;
        changed ||= r.changed;
        column += cell.repeat;
        at = cell.end;
      }
      inner += xml.slice(at, row.closeStart);
    }
    if (!changed && count === row.repeat) return { text: xml.slice(row.start, row.end), changed: false };
    const attrs = withRepeat(row.attrs, 'number-rows-repeated', count);
    const text = row.selfClosing ? `<${row.name}${attrs}/>` : `<${row.name}${attrs}>${inner}${xml.slice(row.closeStart, row.end)}`;
    return { text, changed: true };
  }

  /** A run of repeated cells starting at `column`, split around the changed and removed cells. */
  private cellRun(cell: CellElement, rowNumber: number, column: number, cells: Map<number, NewCellValue> | undefined): { text: string; changed: boolean } {
    const end = column + cell.repeat;
    const targets = new Set(within(this.droppedColumns, column, end));
    if (cells) for (const c of cells.keys()) if (c >= column && c < end) targets.add(c);
    if (targets.size === 0) return this.plainCells(cell, rowNumber, column, cell.repeat);
    if (!cells || ![...targets].some((t) => cells.has(t) && !this.edits.dropColumns.has(t))) {
      // Only removals: the cells left of the run stay one run.
      const left = cell.repeat - targets.size;
      return { text: left === 0 ? '' : this.plainCells(cell, rowNumber, column, left).text, changed: true };
    }
    let text = '';
    let cursor = column;
    for (const t of [...targets].sort((a, b) => a - b)) {
      if (t > cursor) text += this.plainCells(cell, rowNumber, cursor, t - cursor).text;
      const value = this.edits.dropColumns.has(t) ? undefined : cells?.get(t);
      if (value) text += rewrittenCell(this.xml, cell, value);
      cursor = t + 1;
    }
    if (cursor < end) text += this.plainCells(cell, rowNumber, cursor, end - cursor).text;
    return { text, changed: true };
  }

  /** `count` unchanged cells of the run: formulas frozen and merged ranges shrunk where needed. */
  private plainCells(cell: CellElement, rowNumber: number, column: number, count: number): { text: string; changed: boolean } {
    let attrs = withRepeat(cell.attrs, 'number-columns-repeated', count);
    if (count === cell.repeat) attrs = cell.attrs;
    const freeze = this.edits.freeze;
    if (freeze && rowNumber > freeze.afterRow && hasAttr(attrs, 'formula')) {
      for (let c = column; c < column + count; c++) if (freeze.columns.has(c)) attrs = withoutAttr(attrs, 'formula');
    }
    const spannedColumns = repeatOf(attrs, 'number-columns-spanned');
    if (spannedColumns > 1) {
      const dropped = countWithin(this.droppedColumns, column + 1, column + spannedColumns);
      if (dropped > 0) attrs = withAttr(attrs, 'number-columns-spanned', 'table:number-columns-spanned', String(spannedColumns - dropped));
    }
    const spannedRows = repeatOf(attrs, 'number-rows-spanned');
    if (spannedRows > 1) {
      const dropped = countWithin(this.droppedRows, rowNumber + 1, rowNumber + spannedRows);
      if (dropped > 0) attrs = withAttr(attrs, 'number-rows-spanned', 'table:number-rows-spanned', String(spannedRows - dropped));
    }
    return { text: withStartTag(this.xml, cell, attrs), changed: attrs !== cell.attrs };
  }
}

/**
 * content.xml with `edits` applied (sheet position, 1-based → its changes). Throws
 * RedactionError: `redaction.unparseable` for markup that does not nest, and
 * `redaction.unsupported_format` for a changed sheet holding a table inside a cell.
 */
export function rewriteOdsContent(xml: string, edits: Map<number, SheetEdits>): string {
  assertNoDtd(xml, 'content.xml');
  const out: string[] = [];
  let copied = 0;
  const splice = (start: number, end: number, text: string) => {
    out.push(xml.slice(copied, start), text);
    copied = end;
  };
  const stack: string[] = [];
  let sheetCount = 0;
  let sheetDepth = -1;
  let writer: SheetWriter | undefined;
  let rowNo = 1;
  let columnNo = 0;
  let row: RowElement | undefined;
  let rowDepth = -1;
  let cell: CellElement | undefined;
  let cellDepth = -1;
  let child: XmlElement | undefined;
  let column: { el: XmlElement; first: number } | undefined;

  const endColumn = () => {
    const text = column && writer?.column(column.el, column.first);
    if (column && text !== undefined) splice(column.el.start, column.el.end, text);
    column = undefined;
  };
  const endRow = () => {
    const text = row && writer?.row(row);
    if (row && text !== undefined) splice(row.start, row.end, text);
    row = undefined;
  };

  let pos = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) pos = skip(xml, lt, '-->');
    else if (xml.startsWith('<![CDATA[', lt)) pos = skip(xml, lt, ']]>');
    else if (xml.startsWith('<?', lt)) pos = skip(xml, lt, '?>');
    else {
      TAG.lastIndex = lt;
      const m = TAG.exec(xml);
      if (!m) throw new RedactionError('redaction.unparseable', `content.xml is malformed near character ${lt}`);
      const [, closing, name = '', local = '', attrs = '', selfClose] = m;
      const end = TAG.lastIndex;
      pos = end;
      if (closing) {
        if (stack[stack.length - 1] !== local) throw new RedactionError('redaction.unparseable', `content.xml closes an element it did not open near character ${lt}`);
        stack.pop();
        const depth = stack.length;
        if (child && depth === cellDepth + 1) {
          child.closeStart = lt;
          child.end = end;
          child = undefined;
        } else if (cell && depth === cellDepth) {
          cell.closeStart = lt;
          cell.end = end;
          row!.cells.push(cell);
          cell = undefined;
        } else if (row && depth === rowDepth) {
          row.closeStart = lt;
          row.end = end;
          endRow();
        } else if (column && local === 'table-column') {
          column.el.closeStart = lt;
          column.el.end = end;
          endColumn();
        } else if (depth === sheetDepth) {
          sheetDepth = -1;
          writer = undefined;
        }
        continue;
      }
      const selfClosing = selfClose === '/';
      const el: XmlElement = { name, local, attrs, start: lt, openEnd: end, closeStart: end, end, selfClosing };
      const depth = stack.length;
      if (local === 'table' && stack.includes('spreadsheet')) {
        if (sheetDepth < 0) {
          sheetCount++;
          sheetDepth = depth;
          const sheetEdits = edits.get(sheetCount);
          writer = sheetEdits ? new SheetWriter(xml, sheetEdits) : undefined;
          rowNo = 1;
          columnNo = 0;
        } else if (writer) throw new RedactionError('redaction.unsupported_format', 'A sheet holds a table inside a cell: redact it inside the environment');
      } else if (sheetDepth >= 0 && !row && local === 'table-column') {
        const repeat = repeatOf(attrs, 'number-columns-repeated');
        if (writer) {
          column = { el, first: columnNo };
          if (selfClosing) endColumn();
        }
        columnNo += repeat;
      } else if (sheetDepth >= 0 && !row && local === 'table-row') {
        const repeat = repeatOf(attrs, 'number-rows-repeated');
        if (writer?.touches(rowNo, repeat)) {
          row = { ...el, repeat, no: rowNo, cells: [] };
          rowDepth = depth;
          if (selfClosing) endRow();
        }
        rowNo += repeat;
      } else if (row && !cell && depth === rowDepth + 1 && (local === 'table-cell' || local === 'covered-table-cell')) {
        cell = { ...el, repeat: repeatOf(attrs, 'number-columns-repeated'), children: [] };
        cellDepth = depth;
        if (selfClosing) {
          row.cells.push(cell);
          cell = undefined;
        }
      } else if (cell && depth === cellDepth + 1) {
        cell.children.push(el);
        if (!selfClosing) child = el;
      }
      if (!selfClosing) stack.push(local);
    }
  }
  if (stack.length > 0) throw new RedactionError('redaction.unparseable', 'content.xml is truncated (an element is not closed)');
  out.push(xml.slice(copied));
  return out.join('');
}

function skip(xml: string, from: number, terminator: string): number {
  const at = xml.indexOf(terminator, from);
  if (at < 0) throw new RedactionError('redaction.unparseable', 'content.xml is truncated');
  return at + terminator.length;
}
