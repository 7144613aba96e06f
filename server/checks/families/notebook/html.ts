/**
 * Just enough HTML for notebook outputs, without a dependency: strip tags to text, and read
 * `<table>` elements (pandas DataFrame HTML) into rows of cell text, honouring colspan/rowspan.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', ndash: '–', mdash: '—' };

/** Decodes the common named entities and all numeric ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return NAMED[code.toLowerCase()] ?? whole;
  });
}

/**
 * HTML to plain text: scripts, styles and comments dropped, block ends become newlines, cells
 * tabs. A table row keeps its empty cells, a leading one included (pandas' blank index header),
 * so its header and data lines split into the same columns (the pii detectors read a header's
 * name and date-of-birth columns this way): `<tr><th></th><th>dob</th></tr>`
 * becomes `\tdob`, lined up with `0\t1985-12-10` below it.
 */
export function htmlToText(html: string): string {
  // Source line breaks are layout except inside <pre>.
  const flowed = html
    .split(/(<pre\b[\s\S]*?<\/pre\s*>)/i)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s+/g, ' ')))
    .join('');
  const text = flowed
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/?(p|div|tr|li|h[1-6]|table|thead|tbody|pre|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<\/(td|th)\s*>/gi, '\t')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) =>
      line
        // Spaces around cells go; each tab is a cell boundary and stays, so empty cells keep their place.
        .replace(/[ \t\r\f\v]+/g, (ws) => (ws.includes('\t') ? ws.replace(/[^\t]/g, '') : ' '))
        .replace(/^ +| +$/g, '')
        // Tabs closing the row's last (or trailing empty) cells end the line; they open no cell.
        .replace(/\t+$/, ''),
    )
    .filter((line) => line.trim().length > 0)
    .join('\n');
}

const MAX_SPAN = 1000;

function spanOf(attrs: string, name: string): number {
  const m = new RegExp(`${name}\\s*=\\s*["']?(\\d+)`, 'i').exec(attrs);
  const n = m ? parseInt(m[1] ?? '1', 10) : 1;
  return Math.min(Math.max(n, 1), MAX_SPAN);
}

interface Cell {
  text: string;
  colspan: number;
  rowspan: number;
  header: boolean;
}

/** Builds rows from parsed cells, carrying rowspans down and repeating colspans across. */
function layout(rawRows: Cell[][]): { rows: string[][]; allHeader: boolean[] } {
  const pending = new Map<number, { text: string; left: number }>();
  const rows: string[][] = [];
  const allHeader: boolean[] = [];
  for (const cells of rawRows) {
    const row: string[] = [];
    const takePending = () => {
      for (let p = pending.get(row.length); p; p = pending.get(row.length)) {
        row.push(p.text);
        if (--p.left === 0) pending.delete(row.length - 1);
      }
    };
    for (const cell of cells) {
      takePending();
      for (let i = 0; i < cell.colspan; i++) {
        if (cell.rowspan > 1) pending.set(row.length, { text: cell.text, left: cell.rowspan - 1 });
        row.push(cell.text);
      }
    }
    takePending();
    rows.push(row);
    allHeader.push(cells.length > 0 && cells.every((c) => c.header));
  }
  return { rows, allHeader };
}

/** pandas writes the index name as a second header row (`<th>name</th><th></th>…`): fold it into the first. */
function foldIndexNameRow(rows: string[][], allHeader: boolean[]): string[][] {
  const [first, second] = rows;
  if (!first || !second || !allHeader[0] || !allHeader[1]) return rows;
  if (first[0] !== '' || !second[0] || second.slice(1).some((c) => c !== '')) return rows;
  return [[second[0], ...first.slice(1)], ...rows.slice(2)];
}

/** Every top-level `<table>` in the HTML as rows of cell text (nested tables become cell text). */
export function parseHtmlTables(html: string): string[][][] {
  const tables: string[][][] = [];
  const re = /<(\/?)(table|tr|td|th)\b([^>]*)>/gi;
  let depth = 0;
  let rows: Cell[][] = [];
  let row: Cell[] | null = null;
  let open: { start: number; attrs: string; header: boolean } | null = null;
  const finishTable = (end: number) => {
    closeCell(end);
    row = null;
    const { rows: grid, allHeader } = layout(rows.filter((r) => r.length > 0));
    if (grid.length > 0) tables.push(foldIndexNameRow(grid, allHeader));
  };
  const closeCell = (end: number) => {
    if (!open) return;
    if (!row) rows.push((row = []));
    const text = htmlToText(html.slice(open.start, end)).replace(/\s+/g, ' ').trim();
    row.push({ text, colspan: spanOf(open.attrs, 'colspan'), rowspan: spanOf(open.attrs, 'rowspan'), header: open.header });
    open = null;
  };
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const closing = m[1] === '/';
    const tag = (m[2] ?? '').toLowerCase();
    if (tag === 'table') {
      if (!closing && ++depth === 1) rows = [];
      if (closing && depth > 0 && --depth === 0) finishTable(m.index);
      continue;
    }
    if (depth !== 1) continue;
    if (tag === 'tr') {
      closeCell(m.index);
      row = null;
      if (!closing) rows.push((row = []));
    } else if (closing) {
      closeCell(m.index);
    } else {
      closeCell(m.index);
      open = { start: m.index + m[0].length, attrs: m[3] ?? '', header: tag === 'th' };
    }
  }
  if (depth > 0) finishTable(html.length);
  return tables;
}
