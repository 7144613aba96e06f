/**
 * Where on its line the value behind a line detector's finding lies, kept beside the finding
 * (a WeakMap keyed by the finding object), never in it: findings and their messages stay free of
 * values and lengths, while the masking operation (server/redaction/text/) can ask a detector it
 * runs itself for the full extent of each value it must hide.
 *
 * Example: the email detector reports `pii.email` at column 9 of `contact ada@example.org` and
 * records `{ start: 8, end: 23 }` for that finding; `spanOf(finding)` returns it.
 */
import type { Finding } from '../engine/types';

/** A value's extent on its line: [start, end) as 0-based offsets into the line's text. */
export interface ValueSpan {
  start: number;
  end: number;
  /**
   * The value goes on over the following lines until the first line that contains `text`, within
   * `maxLines` lines, and ends on that line after the first `closer` past `text`: a private key
   * block runs from its BEGIN line to the end of its `-----END … -----` marker.
   */
  continuesUntil?: ClosingMarker;
}

export interface ClosingMarker {
  text: string;
  closer: string;
  maxLines: number;
}

/** Where the value ends on the line holding its closing marker (the line's end when the marker is cut short). */
export function closingMarkerEnd(line: string, marker: ClosingMarker): number {
  const at = line.indexOf(marker.text);
  if (at < 0) return line.length;
  const close = line.indexOf(marker.closer, at + marker.text.length);
  return close < 0 ? line.length : close + marker.closer.length;
}

const spans = new WeakMap<Finding, ValueSpan>();

/** Records the extent of the value behind `finding`. */
export function recordSpan(finding: Finding, span: ValueSpan): void {
  spans.set(finding, span);
}

/** The extent of the value behind `finding`, when its detector recorded one. */
export function spanOf(finding: Finding): ValueSpan | undefined {
  return spans.get(finding);
}
