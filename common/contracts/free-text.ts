/**
 * The one rule for free text people type (names, descriptions, comments, reasons, answers):
 * refused when it holds NUL or another control character (C0 except tab, line feed and carriage
 * return; DEL; C1) or a lone UTF-16 surrogate, which no keyboard produces and which break logs,
 * exports, PDF and CSV output or other systems' parsers. Bidi controls (U+202A–U+202E,
 * U+2066–U+2069) are accepted — they are legitimate in right-to-left text — and shown inert by the
 * web UI (`unicode-bidi: isolate` on user text, web/src/styles.css).
 *
 * Example: `name: freeText().trim().min(1).max(200)` refuses `"Ada\u0000"` with the message below.
 */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` is free of the characters free text may not hold. */
export function isCleanText(text: string): boolean {
  return !REFUSED.test(text);
}

export const FREE_TEXT_MESSAGE = 'contains a control character or an invalid character; only printable text, tabs and line breaks are allowed';

/** A string that refuses control characters (except tab and line ends) and lone surrogates; chain `.trim()`, `.min()`, `.max()` as usual. */
export function freeText() {
  return z.string().refine(isCleanText, { message: FREE_TEXT_MESSAGE });
}
