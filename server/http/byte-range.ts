/**
 * HTTP byte ranges for downloads (RFC 9110 §14): one range per request (a resume), If-Range
 * against the entity tag. What a Range header becomes:
 * - absent, malformed, several ranges, or an If-Range that does not match the ETag → the whole
 *   body (200), as the RFC allows a server to ignore a Range it does not serve;
 * - `bytes=a-b`, `bytes=a-`, `bytes=-n` inside the body → that part (206), `b` capped at the end;
 * - a first byte at or past the end, or `bytes=-0` → unsatisfiable (416 with `bytes *\/size`).
 *
 * Example: size 1000, `Range: bytes=900-` → `{ kind: 'partial', range: { start: 900, end: 999 } }`.
 */
import type { RangeChoice } from '../commands/link-downloads.commands';

const SINGLE_RANGE = /^bytes=(\d{0,15})-(\d{0,15})$/;

export function chooseRange(rangeHeader: string | undefined, ifRange: string | undefined, size: number, etag: string): RangeChoice {
  if (rangeHeader === undefined) return { kind: 'full' };
  if (ifRange !== undefined && ifRange.trim() !== etag) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(rangeHeader.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable', header: rangeHeader };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable', header: rangeHeader };
  return { kind: 'partial', range: { start, end } };
}
