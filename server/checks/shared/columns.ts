/**
 * Column context for delimited text (CSV, TSV, pipe tables): a header row says which columns
 * hold dates of birth or person names, so a bare date or capitalised word in such a column is
 * an identifier, while the same value elsewhere is not.
 *
 * Example: header `id,first_name,dob` then row `7,Ada,10/12/1815` → the name is column 1 and
 * the date of birth column 2 (0-based), found with `fieldAt(row, ',', 2)`.
 */

/** The delimiters a header may use, most specific first. */
const DELIMITERS = ['\t', ',', ';', '|'] as const;

/** Which columns a header row names as dates of birth or person names. */
export interface HeaderColumns {
  /** 0-based indexes of columns whose header names a date of birth. */
  dobColumns: number[];
  /** 0-based indexes of columns whose header names a person's name. */
  nameColumns: number[];
}

/** What the header row of a delimited file says about its columns. */
export interface ColumnContext extends HeaderColumns {
  delimiter: string;
}

/** A column name: starts with a letter, at most 48 characters of words, digits and light punctuation. */
const HEADER_CELL = /^[A-Za-z][\w .()/#-]{0,47}$/;
/** Columns about births that do not hold a person's date of birth (places, weights, counts of births…). */
const NOT_A_BIRTH_DATE = /place|country|city|town|location|weight|order|registration|cert|year|month|count|number|births|rate/;
const DOB_HEADER = /(?:^|_)d_?o_?b(?:_|$)|birth/;
const NAME_HEADER =
  /(?:^|_)(?:first|last|given|family|sur|fore|middle|maiden|full|f|l)_?names?$|^(?:forename|surname)s?$|(?:^|_)(?:patient|child|parent|mother|father|guardian|carer|person|contact|client|customer|employee|student|pupil|participant|respondent|next_of_kin|nok)_?\d*_?(?:full_?)?name$/;

/** Lower-case words joined by `_`: "Date of Birth" → `date_of_birth`, "FName" → `fname`. */
function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * Splits one delimited line into fields, honouring double quotes (`"a,b"` is one field and
 * `""` inside quotes is a literal quote). Quotes are kept out of the returned fields.
 */
function splitFields(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          current += '"';
          i++;
        } else quoted = false;
      } else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/**
 * Reads the cells of a row (split from delimited text, or a spreadsheet row) as a header.
 * Returns undefined unless every non-empty cell reads as a column name, at least two are
 * non-empty, and one names a date of birth or a person's name.
 */
export function classifyHeaderCells(cells: readonly string[]): HeaderColumns | undefined {
  // Every cell must read as a column name, so prose with a comma is not taken for a header.
  if (!cells.every((cell) => cell.trim() === '' || HEADER_CELL.test(cell.trim()))) return undefined;
  if (cells.filter((cell) => cell.trim() !== '').length < 2) return undefined;
  const dobColumns: number[] = [];
  const nameColumns: number[] = [];
  cells.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    if (!name || /^\d/.test(name)) return;
    if (DOB_HEADER.test(name) && !NOT_A_BIRTH_DATE.test(name.replace(/date_of_birth|birth_?date/, ''))) dobColumns.push(index);
    else if (NAME_HEADER.test(name)) nameColumns.push(index);
  });
  if (dobColumns.length === 0 && nameColumns.length === 0) return undefined;
  return { dobColumns, nameColumns };
}

/**
 * Reads a header row. Returns undefined unless the line is delimited and names at least one
 * date-of-birth or person-name column.
 */
export function readHeader(line: string): ColumnContext | undefined {
  let delimiter = '';
  let best = 0;
  for (const d of DELIMITERS) {
    const count = line.split(d).length - 1;
    if (count > best) {
      best = count;
      delimiter = d;
    }
  }
  if (!delimiter) return undefined;
  const columns = classifyHeaderCells(splitFields(line, delimiter));
  return columns && { delimiter, ...columns };
}

/**
 * Field `index` of a delimited line, without splitting the rest: its start and end offsets (quotes
 * included) and its value with surrounding quotes removed, or undefined when the line has fewer fields.
 */
export function fieldAt(line: string, delimiter: string, index: number): { start: number; end: number; value: string } | undefined {
  let start = 0;
  if (!line.includes('"')) {
    for (let field = 0; field < index; field++) {
      const next = line.indexOf(delimiter, start);
      if (next < 0) return undefined;
      start = next + 1;
    }
    const next = line.indexOf(delimiter, start);
    const end = next < 0 ? line.length : next;
    return { start, end, value: line.slice(start, end) };
  }
  let field = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (i === line.length || (ch === delimiter && !quoted)) {
      if (field === index) return { start, end: i, value: line.slice(start, i).replace(/^"|"$/g, '').replace(/""/g, '"') };
      field++;
      start = i + 1;
    }
  }
  return undefined;
}
