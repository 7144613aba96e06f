/**
 * One pass over an OpenDocument content.xml (text, spreadsheet or presentation): body text,
 * comments (office:annotation), tracked changes with their deleted text, hidden text, and for
 * spreadsheets each sheet as a table with hidden rows, columns and sheets. Repeated rows and
 * cells (`table:number-rows-repeated="1048000"`, normal at the end of every ODS sheet) are only
 * expanded when they hold a value, and count against the cell budget when they do.
 *
 * Example: `<table:table-row table:visibility="collapse"><table:table-cell office:value-type="float" office:value="3"/></table:table-row>`
 * gives one hidden row holding data and a table row ['3'] (not a text: numbers are not text).
 */
import { ExtractProblem } from '../../engine/extract-guard';
import type { SheetBudget } from './sheet-scan';
import { columnName } from './sheet-scan';
import { attr, scanXml } from './xml-scan';

export interface OdfSheet {
  name: string;
  hidden: boolean;
  rows: string[][];
  /** The sheet's row number (1-based) of each table row; 0 for the empty row marking a gap. */
  rowNumbers: number[];
  texts: { text: string; cell: string }[];
  hiddenRows: number;
  hiddenColumns: number;
  comments: number;
  truncated: boolean;
}

export interface OdfSlide {
  hidden: boolean;
  text: string[];
  notes: string[];
}

export interface OdfContent {
  paragraphs: string[];
  deleted: string[];
  /** Text of every comment paragraph. */
  comments: string[];
  /** Comments outside spreadsheets (sheet comments are counted per sheet). */
  annotations: number;
  changes: number;
  hiddenText: number;
  sheets: OdfSheet[];
  slides: OdfSlide[];
}

const HIDDEN_ROW = new Set(['collapse', 'filter']);

/** Scans content.xml; throws ExtractProblem past the cell budget or on malformed XML. */
export function scanOdfContent(xml: string, part: string, budget: SheetBudget, shouldStop: () => void): OdfContent {
  const out: OdfContent = { paragraphs: [], deleted: [], comments: [], annotations: 0, changes: 0, hiddenText: 0, sheets: [], slides: [] };
  const hiddenStyles = new Set<string>();
  const hiddenTableStyles = new Set<string>();
  const hiddenPageStyles = new Set<string>();
  const stack: string[] = [];
  const paras: string[][] = [];
  let styleName: string | undefined;
  let sheet: OdfSheet | undefined;
  let row: { cells: string[]; repeat: number; hidden: boolean; data: boolean; no: number } | undefined;
  let cell: { type: string; value: string; repeat: number; text: string[] } | undefined;
  let col = 0;
  let rowNo = 0;
  let slide: OdfSlide | undefined;
  let hiddenColsOpen = 0;
  const inside = (name: string) => stack.includes(name);

  const endParagraph = (text: string) => {
    if (inside('annotation')) out.comments.push(text);
    else if (inside('deletion')) out.deleted.push(text);
    else if (inside('tracked-changes')) return;
    else if (cell) cell.text.push(text);
    else if (slide) (inside('notes') ? slide.notes : slide.text).push(text);
    else if (!sheet) out.paragraphs.push(text);
  };

  const endCell = () => {
    if (!cell || !row || !sheet) return;
    const { type, repeat } = cell;
    const display = type === 'string' || type === '' ? cell.text.join('\n') : cell.value;
    if (display === '') {
      col += repeat;
      return;
    }
    row.data = true;
    for (let i = 0; i < repeat; i++, col++) {
      if (++budget.cells > budget.maxCells) throw new ExtractProblem(`spreadsheet holds more than ${budget.maxCells} cells; too large to inspect`);
      if (col < budget.maxTableColumns) {
        while (row.cells.length < col) row.cells.push('');
        row.cells[col] = display;
      } else sheet.truncated = true;
      if ((type === 'string' || type === '') && display.trim() !== '' && budget.cellTexts < budget.maxCellTexts) {
        budget.cellTexts++;
        sheet.texts.push({ text: display, cell: `${columnName(col)}${row.no}` });
      }
    }
  };

  const endRow = () => {
    if (!row || !sheet) return;
    if (row.hidden && (row.data || row.repeat < 1000)) sheet.hiddenRows += row.repeat;
    if (row.data) {
      for (let i = 0; i < row.repeat; i++) {
        if (sheet.rows.length >= budget.maxTableRows) {
          sheet.truncated = true;
          break;
        }
        sheet.rows.push(i === 0 ? row.cells : [...row.cells]);
        sheet.rowNumbers.push(row.no + i);
        if (i > 0 && (budget.cells += row.cells.length) > budget.maxCells) throw new ExtractProblem(`spreadsheet holds more than ${budget.maxCells} cells; too large to inspect`);
      }
    } else if (sheet.rows.length > 0 && sheet.rows[sheet.rows.length - 1]?.length !== 0) {
      sheet.rows.push([]);
      sheet.rowNumbers.push(0);
    }
    rowNo += row.repeat;
    row = undefined;
  };

  scanXml(
    xml,
    part,
    {
      open(name, attrs, selfClosing) {
        switch (name) {
          case 'style':
            styleName = attr(attrs, 'name');
            break;
          case 'text-properties':
            if (styleName && attr(attrs, 'display') === 'none') hiddenStyles.add(styleName);
            break;
          case 'table-properties':
            if (styleName && attr(attrs, 'display') === 'false') hiddenTableStyles.add(styleName);
            break;
          case 'drawing-page-properties':
            if (styleName && attr(attrs, 'visibility') === 'hidden') hiddenPageStyles.add(styleName);
            break;
          case 'annotation':
            if (sheet) sheet.comments++;
            else out.annotations++;
            break;
          case 'changed-region':
            out.changes++;
            break;
          case 'hidden-text':
          case 'hidden-paragraph':
            out.hiddenText++;
            break;
          case 'section':
            if (attr(attrs, 'display') === 'none') out.hiddenText++;
            break;
          case 'span':
          case 'p':
          case 'h':
            if (hiddenStyles.has(attr(attrs, 'style-name') ?? '')) out.hiddenText++;
            break;
          case 'table':
            if (inside('spreadsheet') && !inside('table')) {
              sheet = {
                name: attr(attrs, 'name') ?? `Sheet ${out.sheets.length + 1}`,
                hidden: hiddenTableStyles.has(attr(attrs, 'style-name') ?? ''),
                rows: [],
                rowNumbers: [],
                texts: [],
                hiddenRows: 0,
                hiddenColumns: 0,
                comments: 0,
                truncated: false,
              };
              out.sheets.push(sheet);
              rowNo = 1;
            }
            break;
          case 'table-column':
            if (sheet && HIDDEN_ROW.has(attr(attrs, 'visibility') ?? '')) {
              const repeat = Number(attr(attrs, 'number-columns-repeated') ?? '1');
              if (repeat < 1000) hiddenColsOpen += repeat;
            }
            break;
          case 'table-row':
            if (sheet) {
              shouldStop();
              row = { cells: [], repeat: Math.max(1, Number(attr(attrs, 'number-rows-repeated') ?? '1') || 1), hidden: HIDDEN_ROW.has(attr(attrs, 'visibility') ?? ''), data: false, no: rowNo };
              col = 0;
              if (selfClosing) endRow();
            }
            break;
          case 'table-cell':
          case 'covered-table-cell':
            if (row) {
              const type = attr(attrs, 'value-type') ?? '';
              const value = attr(attrs, 'value') ?? attr(attrs, 'date-value') ?? attr(attrs, 'time-value') ?? attr(attrs, 'boolean-value') ?? '';
              cell = { type, value, repeat: Math.max(1, Number(attr(attrs, 'number-columns-repeated') ?? '1') || 1), text: [] };
              if (selfClosing) {
                endCell();
                cell = undefined;
              }
            }
            break;
          case 'page':
            if (inside('presentation')) {
              slide = { hidden: hiddenPageStyles.has(attr(attrs, 'style-name') ?? ''), text: [], notes: [] };
              out.slides.push(slide);
            }
            break;
          case 's':
            paras[paras.length - 1]?.push(' '.repeat(Math.min(100, Number(attr(attrs, 'c') ?? '1') || 1)));
            break;
          case 'tab':
            paras[paras.length - 1]?.push('\t');
            break;
          case 'line-break':
            paras[paras.length - 1]?.push(' ');
            break;
        }
        if (selfClosing) return;
        stack.push(name);
        if (name === 'p' || name === 'h') paras.push([]);
      },
      close(name) {
        const at = stack.lastIndexOf(name);
        if (at < 0) return;
        stack.length = at;
        if (name === 'p' || name === 'h') endParagraph((paras.pop() ?? []).join(''));
        else if (name === 'table-cell' || name === 'covered-table-cell') {
          endCell();
          cell = undefined;
        } else if (name === 'table-row') endRow();
        else if (name === 'table' && sheet && !inside('table')) {
          sheet.hiddenColumns = hiddenColsOpen;
          hiddenColsOpen = 0;
          sheet = undefined;
        } else if (name === 'page') slide = undefined;
        else if (name === 'style') styleName = undefined;
      },
      text(text) {
        if (paras.length > 0) paras[paras.length - 1]?.push(text);
      },
    },
    shouldStop,
  );
  return out;
}
