/**
 * Egress classification with the findings in view (issue 10 §4): what the classifiers of an
 * egress work package see beside the questions, and which answers contradict it.
 *
 * The summary counts, per finding family, the output files (not temporarily removed: what would
 * leave) whose current check result has at least one finding of that family that needs a
 * look (severity `review` or `block`; `info` findings are left out). Counts and family names
 * only: never a value, a message or a location.
 *
 * The contradiction rules are data: a question id, the answer that contradicts, and the
 * families whose findings it contradicts. An answer that contradicts a finding needs a written
 * explanation before the opinion is accepted (`classification.explanation_required`).
 *
 * Example: two CSV files with e-mail addresses → `[{ family: 'pii', files: 2, description:
 * '2 files contain personal identifiers (such as e-mail addresses or identity numbers)' }]`;
 * then answering "no" to `closed_personal` ("is any input personal data?") is a contradiction,
 * while answering "no" to `include_commercial` is not (secrets are not commercial material).
 */
import type { ScannedEntry } from '../../../common/contracts/scan.contract';
import type { PathStep } from '../../../common/contracts/question-sets.contract';
import { FINDING_FAMILIES, type FindingFamily } from '../../../common/vocab/findings';

export interface FamilyCount {
  family: FindingFamily;
  /** How many files have at least one finding of this family. */
  files: number;
  /** In words, e.g. "2 files contain personal identifiers (…)". */
  description: string;
}

export interface ContradictionRule {
  question: string;
  answer: boolean;
  families: readonly FindingFamily[];
  /** What the answer says, in words, to complete "… yet you answered that …". */
  claim: string;
}

export interface Contradiction {
  question: string;
  answer: boolean;
  /** The families present in the package that this answer contradicts. */
  families: FindingFamily[];
  message: string;
}

/** What one file, and several files, with a finding of each family are said to contain. */
const FAMILY_WORDS = {
  sdc: ['contains tables with small or unrounded counts', 'contain tables with small or unrounded counts'],
  microdata: ['contains row-level records (microdata)', 'contain row-level records (microdata)'],
  pii: ['contains personal identifiers (such as e-mail addresses or identity numbers)', 'contain personal identifiers (such as e-mail addresses or identity numbers)'],
  metadata: ['carries metadata that may identify people or places', 'carry metadata that may identify people or places'],
  'hidden-content': ['contains hidden content (comments, tracked changes, hidden sheets)', 'contain hidden content (comments, tracked changes, hidden sheets)'],
  notebook: ['is a notebook whose outputs need a look', 'are notebooks whose outputs need a look'],
  secrets: ['contains secrets (keys, tokens or passwords)', 'contain secrets (keys, tokens or passwords)'],
  archive: ['is an archive that could not be fully inspected', 'are archives that could not be fully inspected'],
  filetype: ['is of a type that needs a look', 'are of a type that needs a look'],
} as const satisfies Record<FindingFamily, readonly [string, string]>;

/** Answers that contradict findings. Kept small: only the clear cases about personal data. */
export const CONTRADICTION_RULES: readonly ContradictionRule[] = [
  { question: 'open_generate_new', answer: false, families: ['pii', 'microdata'], claim: 'the work creates no new personal data' },
  { question: 'closed_personal', answer: false, families: ['pii', 'microdata'], claim: 'no input is personal data' },
];

/** The families of a file's findings that need a look, in it and in its archive entries. */
function familiesOf(entry: ScannedEntry, into = new Set<FindingFamily>()): Set<FindingFamily> {
  for (const f of entry.findings) if (f.severity !== 'info') into.add(f.family);
  for (const e of entry.entries) familiesOf(e, into);
  return into;
}

/** Counts files per family over the given check results (one per file), in the vocabulary's order. */
export function summarizeFindings(results: readonly ScannedEntry[]): FamilyCount[] {
  const counts = new Map<FindingFamily, number>();
  for (const result of results) for (const family of familiesOf(result)) counts.set(family, (counts.get(family) ?? 0) + 1);
  return FINDING_FAMILIES.filter((f) => counts.has(f)).map((family) => {
    const files = counts.get(family) as number;
    const [one, many] = FAMILY_WORDS[family];
    return { family, files, description: files === 1 ? `1 file ${one}` : `${files} files ${many}` };
  });
}

/** The rules that can fire for this summary: those naming a family that was found. */
export function applicableRules(summary: readonly FamilyCount[]): ContradictionRule[] {
  const present = new Set(summary.map((s) => s.family));
  return CONTRADICTION_RULES.filter((r) => r.families.some((f) => present.has(f)));
}

/** The answers of `path` that contradict the summary, each with the families and a message. */
export function findContradictions(path: readonly PathStep[], summary: readonly FamilyCount[]): Contradiction[] {
  const byFamily = new Map(summary.map((s) => [s.family, s]));
  const out: Contradiction[] = [];
  for (const rule of applicableRules(summary)) {
    if (!path.some((step) => step.question === rule.question && step.answer === rule.answer)) continue;
    const found = rule.families.filter((f) => byFamily.has(f));
    const evidence = found.map((f) => byFamily.get(f)?.description).join('; ');
    out.push({ question: rule.question, answer: rule.answer, families: found, message: `${evidence}, yet you answered that ${rule.claim}` });
  }
  return out;
}
