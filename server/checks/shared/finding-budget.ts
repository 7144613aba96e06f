/**
 * Keeps line-detector reports usable and scans fast: at most one finding per (rule, line) and at
 * most `cap` findings per rule per file. Once a rule is past its cap it is *full*: detectors stop
 * looking for it (`isFull`), and `finish()` adds one closing `info` finding saying more lines
 * matched than were listed. Shared by the `pii` and `secrets` line detectors, and by the sheet
 * columns reader (sheet-columns.ts), whose lines are a sheet's rows.
 *
 * Example: 120 lines with emails give 50 `pii.email` findings (lines as found) and, from
 * `finish()`, one `pii.email` info finding "More lines with an email address were found …".
 */
import type { FindingLocation } from '../../../common/contracts/scan.contract';
import type { FindingFamily } from '../../../common/vocab/findings';
import { type Finding, finding } from '../engine/types';
import { type ValueSpan, recordSpan } from './finding-spans';

/** Findings listed per rule per file before the rest are only counted. */
export const DEFAULT_FINDINGS_PER_RULE = 50;

interface RuleState {
  lastLine: number;
  listed: number;
  full: boolean;
  /** What the suppressed matches were, for the closing summary (e.g. "an email address"). */
  what: string;
}

/** Collects the findings of one file for one family, with per-line de-duplication and a cap. */
export class FindingBudget {
  private readonly rules = new Map<string, RuleState>();

  constructor(
    private readonly family: FindingFamily,
    private readonly cap: number = DEFAULT_FINDINGS_PER_RULE,
    /** What the closing summary calls the places matches were found in ('lines', 'rows'). */
    private readonly unit = 'lines',
  ) {}

  /**
   * Records a match of `rule` (without the family prefix) at `line`/`column` (1-based) and pushes
   * a finding onto `out` unless this rule already reported this line or the cap is reached.
   * `what` names the kind of match for the closing summary, e.g. "an email address". `span`, when
   * given, is where the value lies on the line; it is kept beside the finding (finding-spans.ts),
   * never in it.
   */
  add(out: Finding[], rule: string, severity: Finding['severity'], message: string, what: string, line: number, column: number, span?: ValueSpan): void {
    const before = out.length;
    this.addAt(out, rule, severity, message, what, line, { line, column });
    if (span && out.length > before) recordSpan(out[out.length - 1]!, span);
  }

  /** `add` with the finding's own `location`; `line` is the line (or row) it is on, for the one-per-line rule. */
  addAt(out: Finding[], rule: string, severity: Finding['severity'], message: string, what: string, line: number, location: FindingLocation): void {
    let state = this.rules.get(rule);
    if (!state) {
      state = { lastLine: -1, listed: 0, full: false, what };
      this.rules.set(rule, state);
    }
    if (state.lastLine === line || state.full) return;
    state.lastLine = line;
    if (state.listed >= this.cap) {
      state.full = true;
      return;
    }
    state.listed += 1;
    out.push(finding(this.family, rule, severity, message, location));
  }

  /** Whether `rule` has listed its cap and seen one more match: further matches change nothing. */
  isFull(rule: string): boolean {
    return this.rules.get(rule)?.full === true;
  }

  /** One `info` finding per rule whose matches went past the cap (at `location` when given). */
  finish(location?: FindingLocation): Finding[] {
    const out: Finding[] = [];
    for (const [rule, state] of this.rules) {
      if (!state.full) continue;
      const message = `More ${this.unit} with ${state.what} were found; only the first ${this.cap} are listed and the rest were not examined`;
      out.push(finding(this.family, rule, 'info', message, location));
    }
    return out;
  }
}

/** The empty result returned by a line that matched nothing, shared so no array is allocated. */
export const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[];
