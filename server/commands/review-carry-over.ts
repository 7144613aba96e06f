/**
 * Carrying reviewers' decisions into a new review turn (issue 10 §4): when the authors resubmit
 * a returned package, each reviewer's current decisions of the previous turn carry over, as new
 * rows of the new turn pointing at the ones they carry, for the output files whose current
 * content (sha256) is the content decided on. A file with new content, a file now supporting or
 * temporarily removed, starts without decisions. Reviewers still submit their review of the
 * new turn; a carried decision can be changed until they do.
 */
import { insertCarriedDecisions, listReviewFiles, listTurnDecisionsWithContent, needsDecision } from '../db/reviews.repository';
import type { PackagesTable, Tx } from '../db/schema';
import { type CommandContext, auditBy, nowIso } from './context';

/**
 * Carries the previous turn's decisions of unchanged output files into the package's current
 * turn, in the caller's transaction (called by `transitionPackage` on `resubmit`, after the turn
 * was counted up). Audited as `package.review_decisions_carried` when any were; answers how many.
 */
export async function carryOverDecisions(trx: Tx, ctx: CommandContext, pkg: PackagesTable): Promise<number> {
  const turn = pkg.review_turn;
  if (turn < 2) return 0;
  const previous = await listTurnDecisionsWithContent(trx, pkg.id, turn - 1);
  if (previous.length === 0) return 0;
  const files = new Map((await listReviewFiles(trx, pkg.id)).map((f) => [f.file_id, f]));
  const at = nowIso(ctx);
  const carried = previous.flatMap((d) => {
    const file = files.get(d.file_id);
    if (!file || !needsDecision(file) || file.sha256 !== d.sha256) return [];
    return [
      {
        package_id: pkg.id,
        file_id: d.file_id,
        file_version_id: file.version_id,
        turn,
        reviewer_id: d.reviewer_id,
        decision: d.decision,
        reason_code: d.reason_code,
        comment: d.comment,
        decided_at: at,
        carried_from: d.id,
      },
    ];
  });
  if (carried.length === 0) return 0;
  const summary = { turn, decisions: carried.length, files: new Set(carried.map((c) => c.file_id)).size, previousDecisions: previous.length };
  await insertCarriedDecisions(trx, carried, auditBy(ctx, 'package.review_decisions_carried', { type: 'package', id: pkg.id, projectId: pkg.project_id }, summary));
  return carried.length;
}
