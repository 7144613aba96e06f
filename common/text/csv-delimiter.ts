/**
 * The delimiter of a ".csv" file from its first line: many are written with semicolons (where
 * the comma is the decimal mark), some with tabs or bars. Commas win ties. One function for the
 * checks (server/checks/engine/text-scan.ts) and the previews that place their findings
 * (web/src/lib/findings-view.ts), so both number the same cells.
 */
export function sniffDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = firstLine.split(',').length - 1;
  for (const candidate of [';', '\t', '|']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}
