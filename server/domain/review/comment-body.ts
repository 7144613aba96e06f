/**
 * The rules for what people write (comments, decision notes): Markdown up to 10,000 characters,
 * stored and returned as text, never as HTML (the web renders Markdown without raw HTML). A
 * body with control characters other than newline and tab is refused: they hide text from
 * readers and break terminals and exports. Line endings are normalised to `\n`.
 *
 * Example: `checkCommentBody('<script>x</script>')` → `'<script>x</script>'` (kept as text).
 */
import { DomainError } from '../errors';

export const COMMENT_MAX_LENGTH = 10_000;

// C0 controls except tab (\t) and newline (\n), DEL, and the C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

/**
 * The body as stored: line endings normalised. Throws `comment.empty` (unless `optional`),
 * `comment.too_long` or `comment.invalid_characters`.
 */
export function checkCommentBody(body: string, options: { optional?: boolean } = {}): string {
  const text = body.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) {
    if (options.optional) return '';
    throw new DomainError('comment.empty', 'Write something: an empty comment is not kept');
  }
  if (text.length > COMMENT_MAX_LENGTH) throw new DomainError('comment.too_long', `A comment is at most ${COMMENT_MAX_LENGTH} characters; this one has ${text.length}`);
  if (CONTROL.test(text)) throw new DomainError('comment.invalid_characters', 'The text contains control characters (other than new lines and tabs); remove them and try again');
  return text;
}
