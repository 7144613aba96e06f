/**
 * Canonical JSON: RFC 8785 (JCS) for the values the product hashes and signs (strings, finite
 * numbers, booleans, null, arrays, objects): object keys sorted by UTF-16 code units at every level,
 * no whitespace, strings and numbers as JSON.stringify writes them, undefined members left out.
 * One byte string per value; used by the audit chain, the content digest and the bundle manifest.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
