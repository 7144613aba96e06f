/**
 * The line diff shown for a redaction of a text-like file (issue 13): hunks with three lines of
 * context, cut after `maxLines` lines in all (`truncated` says so). Line ends are compared as
 * written, so a change of line ending shows as a change.
 *
 * Example: `lineDiff('a\nb\nc\n', 'a\n[EMAIL REMOVED]\nc\n', 100)` → one hunk
 * `[' a', '-b', '+[EMAIL REMOVED]', ' c']`.
 */
import { structuredPatch } from 'diff';
import type { RedactionDiffHunk } from '../../../common/contracts/redaction.contract';

export function lineDiff(before: string, after: string, maxLines: number): { hunks: RedactionDiffHunk[]; truncated: boolean } {
  const patch = structuredPatch('original', 'redacted', before, after, '', '', { context: 3 });
  const hunks: RedactionDiffHunk[] = [];
  let left = maxLines;
  for (const hunk of patch.hunks) {
    const lines = hunk.lines.filter((line) => !line.startsWith('\\')).map((line) => ({ op: line[0] as ' ' | '-' | '+', text: line.slice(1) }));
    if (left <= 0) return { hunks, truncated: true };
    const kept = lines.slice(0, left);
    hunks.push({ oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines: kept });
    left -= kept.length;
    if (kept.length < lines.length) return { hunks, truncated: true };
  }
  return { hunks, truncated: false };
}
