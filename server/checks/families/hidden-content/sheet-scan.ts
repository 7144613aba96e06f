/**
 * Streams one SpreadsheetML worksheet into a table (for the sdc/microdata analysers), the text of
 * its string cells (for the PII/secrets detectors) and counts of hidden rows and columns, without
 * ever allocating from what the sheet *declares*: `<dimension ref="A1:XFD1048576"/>` is ignored,
 * cells are counted as they stream past and the scan stops at the workbook's cell budget.
 *
 * Only string cells (shared strings, inline strings, formula strings) become texts: numbers are
 * stored raw in `<v>` (dates as serials, decimals) and would look like phone numbers to a
 * detector. Tables get every value as its raw text.
 *
 * Example: `<row r="2" hidden="1"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>44197</v></c></row>`
 * with shared string 0 = 'Ada' gives row ['Ada', '44197'], text 'Ada' at {sheet, cell:'A2'},
 * one hidden row with data.
 */
import { ExtractProblem } from '../../engine/extract-guard';
import { attr, isOn, scanXml } from './xml-scan';
import type { SheetBudget } from '../../shared/sheet-budget';

export { newSheetBudget, type SheetBudget } from '../../shared/sheet-budget';

export interface ScannedSheet {
  rows: string[][];
  /** The sheet's row number (1-based) of each table row; 0 for the empty row marking a gap. */
  rowNumbers: number[];
  /** True when rows past `maxTableRows` or columns past `maxTableColumns` were left out of the table. */
  truncated: boolean;
  /** String cells, one per cell while under the budget. */
  texts: { text: string; cell: string }[];
  /** String values past the cell-text budget, one per line. */
  overflowText: string[];
  hiddenRows: number;
  hiddenRowsWithData: number;
  hiddenColumnRanges: number;
  hiddenColumnCells: number;
}

const LAST_COLUMN = 16384;

/** Column index (0-based) from a cell reference like 'AB12'; -1 when there is none. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i === 0 ? -1 : n - 1;
}

/** 'A', 'B', … 'AA' for a 0-based column index. */
export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Scans a worksheet part; throws ExtractProblem past the cell budget or on malformed XML. */
export function scanSheet(xml: string, part: string, sharedStrings: string[], budget: SheetBudget, shouldStop: () => void): ScannedSheet {
  const out: ScannedSheet = { rows: [], rowNumbers: [], truncated: false, texts: [], overflowText: [], hiddenRows: 0, hiddenRowsWithData: 0, hiddenColumnRanges: 0, hiddenColumnCells: 0 };
  const hiddenCols: [number, number][] = [];
  let rowNo = 0;
  let lastTableRow = 0;
  let row: string[] | undefined;
  let rowHidden = false;
  let rowHasData = false;
  let col = -1;
  let cell: { ref: string; type: string; value: string; inline: string } | undefined;
  let inValue = false;
  let inInline = 0;
  let inPhonetic = 0;

  const endCell = () => {
    if (!cell || !row) return;
    const { type, value } = cell;
    let display = value;
    let isText = false;
    if (type === 's') {
      display = sharedStrings[Number(value)] ?? '';
      isText = true;
    } else if (type === 'inlineStr') {
      display = cell.inline;
      isText = true;
    } else if (type === 'str') {
      isText = true;
    } else if (type === 'b') display = value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    if (display === '') return;
    rowHasData = true;
    if (col < budget.maxTableColumns) {
      while (row.length < col) row.push('');
      row[col] = display;
    } else out.truncated = true;
    if (hiddenCols.some(([lo, hi]) => col >= lo && col <= hi)) out.hiddenColumnCells++;
    if (isText && display.trim() !== '') {
      if (budget.cellTexts < budget.maxCellTexts) {
        budget.cellTexts++;
        out.texts.push({ text: display, cell: cell.ref || `${columnName(col)}${rowNo}` });
      } else out.overflowText.push(display.replace(/[\r\n]+/g, ' '));
    }
  };

  const endRow = () => {
    if (!row) return;
    if (rowHidden) {
      out.hiddenRows++;
      if (rowHasData) out.hiddenRowsWithData++;
    }
    if (rowHasData) {
      if (out.rows.length >= budget.maxTableRows) out.truncated = true;
      else {
        if (out.rows.length > 0 && rowNo > lastTableRow + 1) {
          out.rows.push([]);
          out.rowNumbers.push(0);
        }
        out.rows.push(row);
        out.rowNumbers.push(rowNo);
        lastTableRow = rowNo;
      }
    }
    row = undefined;
  };

  scanXml(
    xml,
    part,
    {
      open(name, attrs, selfClosing) {
        switch (name) {
          case 'col':
            if (isOn(attr(attrs, 'hidden') ?? '0') || Number(attr(attrs, 'width') ?? '1') === 0) {
              const lo = Number(attr(attrs, 'min') ?? '1') - 1;
              const hi = Number(attr(attrs, 'max') ?? '1') - 1;
              if (Number.isFinite(lo) && Number.isFinite(hi)) {
                hiddenCols.push([lo, hi]);
                // Hiding every column past the used area is layout, not hidden data.
                if (hi < LAST_COLUMN - 1) out.hiddenColumnRanges++;
              }
            }
            break;
          case 'row': {
            endRow();
            const r = Number(attr(attrs, 'r'));
            rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
            row = [];
            col = -1;
            rowHasData = false;
            rowHidden = isOn(attr(attrs, 'hidden') ?? '0') || (attr(attrs, 'customHeight') !== undefined && Number(attr(attrs, 'ht')) === 0);
            if (selfClosing) endRow();
            break;
          }
          case 'c': {
            if (++budget.cells > budget.maxCells) throw new ExtractProblem(`spreadsheet holds more than ${budget.maxCells} cells; too large to inspect`);
            if (budget.cells % 8192 === 0) shouldStop();
            if (!row) {
              row = [];
              rowNo++;
            }
            const ref = attr(attrs, 'r') ?? '';
            const at = columnIndex(ref);
            col = at >= 0 ? at : col + 1;
            cell = { ref, type: attr(attrs, 't') ?? 'n', value: '', inline: '' };
            if (selfClosing) cell = undefined;
            break;
          }
          case 'v':
            inValue = !selfClosing;
            break;
          case 'is':
            if (!selfClosing) inInline++;
            break;
          case 'rPh':
            if (!selfClosing) inPhonetic++;
            break;
        }
      },
      close(name) {
        if (name === 'c') {
          endCell();
          cell = undefined;
        } else if (name === 'row') endRow();
        else if (name === 'v') inValue = false;
        else if (name === 'is') inInline = Math.max(0, inInline - 1);
        else if (name === 'rPh') inPhonetic = Math.max(0, inPhonetic - 1);
      },
      text(text) {
        if (!cell) return;
        if (inValue) cell.value += text;
        else if (inInline > 0 && inPhonetic === 0) cell.inline += text;
      },
    },
    shouldStop,
  );
  endRow();
  return out;
}

/** Reads sharedStrings.xml into an array (phonetic runs left out); counts against the cell budget. */
export function scanSharedStrings(xml: string, part: string, budget: SheetBudget, shouldStop: () => void): string[] {
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let inPhonetic = 0;
  scanXml(
    xml,
    part,
    {
      open(name, _attrs, selfClosing) {
        if (name === 'si') {
          if (strings.length >= budget.maxCells) throw new ExtractProblem(`spreadsheet holds more than ${budget.maxCells} shared strings; too large to inspect`);
          current = [];
          if (selfClosing) strings.push('');
        } else if (name === 't') inText = !selfClosing;
        else if (name === 'rPh' && !selfClosing) inPhonetic++;
      },
      close(name) {
        if (name === 'si') {
          strings.push((current ?? []).join(''));
          current = undefined;
        } else if (name === 't') inText = false;
        else if (name === 'rPh') inPhonetic = Math.max(0, inPhonetic - 1);
      },
      text(text) {
        if (inText && inPhonetic === 0) current?.push(text);
      },
    },
    shouldStop,
  );
  return strings;
}
