/**
 * What a masking run hides: every value of some rules or families anywhere in the text, and the
 * values of chosen findings. A finding stands for its line: the checks report one match per rule
 * per line, so masking a chosen finding masks every value of its rule on that line (otherwise the
 * next value on the line would be reported in its place on re-check).
 *
 * Example: targets `[{ rule: 'pii.email', location: { line: 3, column: 9 } }]` select `pii.email`
 * on line 3 only; `{ families: ['secrets'] }` selects every secrets value.
 */
import type { TargetFinding } from '../types';
import { RedactionError } from '../types';

/** The families whose findings are values in text that masking can hide. */
export const MASKABLE_FAMILIES = ['pii', 'secrets'] as const;

export interface MaskSelection {
  rules: ReadonlySet<string>;
  families: ReadonlySet<string>;
  /** Line number → rules chosen on that line. */
  lines: ReadonlyMap<number, ReadonlySet<string>>;
}

/** Whether a value found by `rule` on `lineNo` is to be masked. */
export function isSelected(selection: MaskSelection, rule: string, lineNo: number): boolean {
  if (selection.rules.has(rule) || selection.families.has(rule.slice(0, rule.indexOf('.')))) return true;
  return selection.lines.get(lineNo)?.has(rule) === true;
}

function isMaskableRule(rule: string): boolean {
  return (MASKABLE_FAMILIES as readonly string[]).includes(rule.slice(0, rule.indexOf('.')));
}

/**
 * Builds the selection from the parameters and the chosen findings (those with a line). Throws
 * `redaction.invalid_parameters` when nothing is chosen, or when a rule is not a value in text.
 */
export function buildSelection(params: { rules?: string[]; families?: string[] }, targets: TargetFinding[], lineOf: (t: TargetFinding) => number | undefined = (t) => t.location?.line): MaskSelection {
  const rules = new Set(params.rules ?? []);
  const families = new Set(params.families ?? []);
  const lines = new Map<number, Set<string>>();
  for (const rule of rules) if (!isMaskableRule(rule)) throw new RedactionError('redaction.invalid_parameters', `Rule ${rule} does not find values in text that masking can hide`);
  for (const t of targets) {
    if (!isMaskableRule(t.rule)) throw new RedactionError('redaction.invalid_parameters', `Finding ${t.rule} is not a value in text that masking can hide`);
    const line = lineOf(t);
    if (line === undefined) throw new RedactionError('redaction.invalid_parameters', `Finding ${t.rule} has no line to mask`);
    let set = lines.get(line);
    if (!set) lines.set(line, (set = new Set()));
    set.add(t.rule);
  }
  if (rules.size === 0 && families.size === 0 && lines.size === 0) throw new RedactionError('redaction.invalid_parameters', 'Choose findings, rules or families to mask');
  return { rules, families, lines };
}
