/**
 * Printed tables ruled with `|`: Markdown pipe tables (`| a | b |` over `|:--|--:|`) and Stata
 * `tabulate` output (`sex |  Freq.  Percent` over `----+-----`), where the cells right of each
 * bar are separated by spaces. The last line above the first rule is the header; rule lines
 * are dropped.
 *
 * Example (Stata): `  sex |  Freq.  Percent` / `------+----------------` / `    F |     12    63.16`
 * → `[['sex','Freq.','Percent'],['F','12','63.16']]`.
 */
import type { LineBlock, PrintedTable } from './printed-table-parts';

/** A rule line: dashes with bars, plus signs or colons, and at least three dashes. */
const RULE = /^\s*[|+]?[\s:|+=-]*-{3,}[\s:|+=-]*$/;

function isRule(line: string): boolean {
  return RULE.test(line) && /[|+]/.test(line);
}

/** The cells of one line: split at bars; in Stata style, each part right of the first is split at spaces too. */
function cells(line: string, stata: boolean): string[] {
  let parts = line.split('|');
  if (parts.length > 1 && parts[0]!.trim() === '' && !stata) parts = parts.slice(1);
  if (parts.length > 1 && parts[parts.length - 1]!.trim() === '') parts = parts.slice(0, -1);
  if (!stata) return parts.map((part) => part.trim());
  const [label = '', ...rest] = parts;
  return [
    label.trim(),
    ...rest.flatMap((part) =>
      part
        .trim()
        .split(/\s+/)
        .filter((cell) => cell.length > 0),
    ),
  ];
}

/** The table of a block ruled with bars, or null when the block has no such rule. */
export function readPipeTable(block: LineBlock): PrintedTable[] | null {
  const ruleAt = block.lines.findIndex(isRule);
  if (ruleAt < 1 || !block.lines.slice(0, ruleAt + 1).some((line) => line.includes('|'))) return null;
  const stata = block.lines[ruleAt]!.includes('+');
  const header = cells(block.lines[ruleAt - 1]!, stata);
  const rows = block.lines
    .slice(ruleAt + 1)
    .filter((line) => !isRule(line) && line.includes('|'))
    .map((line) => cells(line, stata));
  if (header.length < 2 || rows.length === 0) return [];
  return [{ rows: [header, ...rows], line: block.start + ruleAt - 1 }];
}
