/**
 * Names taken from inside a file (column headers, sheet names, archive member names, form field
 * and property names, attachment names), masked before they reach a finding's message or location
 * or an entry's path: a finding says where something is, never what the file says. A masked name
 * keeps at most its first character (a letter or digit) and, for a file name, a short extension;
 * the rest is a fixed run of bullets, so not even the length of the name is shown.
 *
 * Example: `columnLabel(3, 'email')` → `column 3 (“e••••”)`; `memberLabel(2, 'data/Ada.csv')` →
 * `#2 d••••.csv`; `sheetLabel(1, '')` → `sheet 1`.
 */

const BULLETS = '••••';
/** An extension is kept only when it looks like one: a dot and up to 8 letters or digits. */
const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;
const KEPT_FIRST = /^[\p{L}\p{N}]$/u;

/** `e••••` for `email`; `••••` when the name is empty or starts with anything but a letter or digit. */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0] ?? '';
  return `${KEPT_FIRST.test(first) ? first : ''}${BULLETS}`;
}

/** The extension of a name from a file, when it looks like one (`.csv`), else ''. */
export function safeExtension(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const ext = EXTENSION.exec(base)?.[0] ?? '';
  return ext.length < base.length ? ext.toLowerCase() : '';
}

/** `d••••.csv` for `data/Ada.csv`: a masked file name keeping its extension. */
export function maskFileName(name: string): string {
  return `${maskName(name)}${safeExtension(name)}`;
}

/** `column 3 (“e••••”)`: a column by its 1-based position and masked header. */
export function columnLabel(position: number, name: string): string {
  return name.trim() === '' ? `column ${position}` : `column ${position} (“${maskName(name)}”)`;
}

/** `sheet 2 (“R••••”)`: a sheet by its 1-based position and masked name. */
export function sheetLabel(position: number, name: string): string {
  return name.trim() === '' ? `sheet ${position}` : `sheet ${position} (“${maskName(name)}”)`;
}

/** `#3 d••••.csv`: an archive member or embedded file by its 1-based position and masked name. */
export function memberLabel(position: number, name: string): string {
  return `#${position} ${maskFileName(name)}`;
}

/** Where a sheet is, for a finding's location: its 1-based position and masked name. */
export function sheetLocation(position: number, name: string): { sheet: string; sheetIndex: number } {
  return { sheet: maskName(name), sheetIndex: position };
}
