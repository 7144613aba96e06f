/**
 * Reasons for an `unreadable` file that never quote the file. A parser's error message can echo
 * its input (a member name, a token, a line of the file), so only reasons the checker wrote
 * itself are passed on; any other error becomes a fixed wording, with Node's error code when it
 * has one (`Z_DATA_ERROR`).
 *
 * Example: `errorReason(new SyntaxError('Unexpected token "Ada"'))` → `the data is malformed`;
 * `errorReason(new CheckerReason('member CRC does not match'))` → `member CRC does not match`.
 */

/** An error whose message the checker wrote from counts and fixed words, never from file text. */
export class CheckerReason extends Error {
  override readonly name: string = 'CheckerReason';
}

const FALLBACK = 'the data is malformed';
const ERROR_CODE = /^[A-Z][A-Z0-9_]{2,40}$/;
/** Node's system errors (`ENOENT`, `EACCES`): about reading the file, not its content. */
const SYSTEM_CODE = /^E[A-Z]+$/;

/** A value-free description of `err` for an `unreadable` reason. */
export function errorReason(err: unknown): string {
  if (err instanceof CheckerReason) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !ERROR_CODE.test(code)) return FALLBACK;
  return SYSTEM_CODE.test(code) ? `the file could not be read (${code})` : `${FALLBACK} (${code})`;
}
