/**
 * Words for a check result a re-check set aside (pure functions, no React): who asked for the
 * re-check, and the one line that says when the result was made and when it was set aside.
 *
 * Example: a DataSHIELD result checked on 2 March and set aside on 5 March by Dana Reviewer →
 * "Checked 2 Mar 2026, 10:00 · set aside 5 Mar 2026, 09:30 by Dana Reviewer".
 */
import type { SupersededCheckResult } from '../../../../common/contracts/superseded-results.contract';
import { formatDateTime } from '../../lib/format';

/** Who asked for the re-check: the person's name, or "the system" when no person did. */
export function supersededByLabel(result: Pick<SupersededCheckResult, 'supersededBy'>): string {
  if (!result.supersededBy) return 'the system';
  return result.supersededBy.name.trim() || 'a user no longer named';
}

/** When the result was made, when a re-check set it aside and by whom. */
export function describeSupersession(result: Pick<SupersededCheckResult, 'checkedAt' | 'supersededAt' | 'supersededBy'>): string {
  return `Checked ${formatDateTime(result.checkedAt)} · set aside ${formatDateTime(result.supersededAt)} by ${supersededByLabel(result)}`;
}
