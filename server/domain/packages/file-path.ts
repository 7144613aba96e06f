/**
 * File names inside a package. A path is relative, '/'-separated and Unicode NFC; every
 * segment is a name a reviewer can read and any operating system can hold. Refused: empty or
 * absolute paths, `.` and `..` segments (traversal), control characters (newlines included),
 * characters Windows cannot store, reserved device names (`CON`, `NUL`, `COM1`…), trailing dots
 * or spaces, and over-long names. Two files may not differ only in letter case (`pathKey`).
 *
 * Example: `normalisePath('results\\Table 1.csv')` → `results/Table 1.csv`;
 * `normalisePath('../../etc/passwd')` → refused with `file.name_invalid`.
 */
import { DomainError } from '../errors';

const MAX_PATH = 1024;
const MAX_SEGMENT = 255;
// Control characters (C0, DEL, C1) and the characters Windows forbids in names.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"|?*]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Bidirectional overrides and other invisible characters that make a name read differently from what it is.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

function refuse(path: string, why: string): never {
  throw new DomainError('file.name_invalid', `The file name "${printable(path)}" cannot be used: ${why}`);
}

/** A path safe to show in a message: control characters made visible, length capped. */
export function printable(path: string): string {
  // eslint-disable-next-line no-control-regex
  return path.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 200);
}

/** The normalised form of a path, or a `file.name_invalid` refusal saying why not. */
export function normalisePath(raw: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') refuse(String(raw), 'it is empty');
  const path = raw.normalize('NFC').replaceAll('\\', '/');
  if (path.length > MAX_PATH) refuse(path, `it is longer than ${MAX_PATH} characters`);
  if (path.startsWith('/') || /^[a-z]:/i.test(path)) refuse(path, 'it is an absolute path; give a path relative to the output area');
  if (FORBIDDEN.test(path)) refuse(path, 'it contains a control character (such as a newline) or one of < > : " | ? *');
  if (INVISIBLE.test(path)) refuse(path, 'it contains an invisible or direction-changing character');
  const segments = path.split('/').filter((s, i, all) => !(s === '' && i === all.length - 1));
  for (const segment of segments) {
    if (segment === '') refuse(path, 'it contains an empty folder name (//)');
    if (segment === '.' || segment === '..') refuse(path, 'it contains "." or ".." (a path may not leave its folder)');
    if (segment.length > MAX_SEGMENT) refuse(path, `a name is longer than ${MAX_SEGMENT} characters`);
    if (RESERVED.test(segment)) refuse(path, `"${segment}" is a reserved device name on Windows`);
    if (/[. ]$/.test(segment)) refuse(path, 'a name ends with a dot or a space');
    if (segment.trim() !== segment && segment.trimStart() !== segment) refuse(path, 'a name starts with a space');
  }
  return segments.join('/');
}

/** The key two paths clash on: same letters regardless of case. */
export function pathKey(normalised: string): string {
  return normalised.toLocaleLowerCase('en');
}
