/**
 * What reopening a classification does to the egress package, said before the user confirms
 * (issue 10 §2): its live sign-offs are voided, and an approved package goes back to review.
 * Example: 2 live sign-offs on an approved package → "Reopening voids 2 sign-offs and sends the
 * approved package back to review."
 */
import type { WorkPackageDetail } from '../../../../common/contracts';

/** The sentence to show, or null when reopening touches nothing on the package. */
export function reopenConsequence(detail: Pick<WorkPackageDetail, 'workPackage'>): string | null {
  const pkg = detail.workPackage.package;
  if (!pkg) return null;
  const n = pkg.liveSignOffs;
  const parts = [n > 0 ? `voids ${n} sign-off${n === 1 ? '' : 's'}` : null, pkg.status === 'approved' ? 'sends the approved package back to review' : null].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : `Reopening ${parts.join(' and ')}.`;
}
