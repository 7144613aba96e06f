/**
 * `transitionPackage()`: the only writer of a package's status (docs/design.md §5.1). It looks the
 * move up in common/workflow/package.workflow.ts, checks who may make it (the policy), the
 * guards of the move and the version the caller saw, then writes the status and its audit event
 * in the caller's transaction. Everything else about a move (enqueueing checks, recording a
 * comment) is the caller's business, in the same transaction, except the one data effect a move
 * cannot be without: `recheck` moves the current versions' results to the superseded history
 * (so the checks stage checks them again) and counts them in its audit event.
 *
 * Example: `transitionPackage(trx, ctx, state, 'submit', { version: 3 })` on a draft with an
 * output file and complete context → status `checking`, event `package.submitted`.
 */
import { RECHECK_REASON_MAX_LENGTH } from '../../common/contracts/package-recheck.contract';
import { findPackageTransition } from '../../common/workflow/package.workflow';
import type { PackageStatus } from '../../common/vocab/statuses';
import { recordAuthor, recordDraftRoles } from '../db/package-authors.repository';
import { type PackageChanges, listAllFiles, supersedeCheckResults, updatePackage } from '../db/packages.repository';
import type { PackagesTable, Tx } from '../db/schema';
import { DomainError, ERROR_CODES, type ErrorCode } from '../domain/errors';
import { type PackageFacts } from '../../common/workflow/package-facts';
import { evaluateGuards, isGuardedAction } from '../../common/workflow/package.guards';
import { loadPackageFacts, loadSubmitFacts } from './package-facts.queries';
import { voidSignOffsFor } from './sign-offs.void';
import { authorizePackage, type PackageState } from './package-access';
import { carryOverDecisions } from './review-carry-over';
import { type CommandContext, auditBy, nowIso } from './context';
import { notifyPackageMove } from './notification-events';

export interface TransitionInput {
  /** The package version the caller saw; omitted by the system's own moves. */
  version?: number;
  /** Public comment (return, retain, reject, revoke) or reason (fail, recheck). */
  comment?: string;
  /** `approve` only: the facts the caller (approveIfReady) already loaded in this transaction. */
  facts?: PackageFacts;
  /** More for the audit event of the move (e.g. the digest and sign-offs of an approval). */
  audit?: Record<string, unknown>;
}

const NEEDS_COMMENT = new Set(['return', 'retain', 'reject', 'revoke', 'fail', 'recheck']);
const NEEDS_REASON = new Set(['fail', 'recheck']);

/** How many results of each preset and verdict a re-check set aside: what its audit event records. */
export interface SupersededSummary {
  results: number;
  presets: Record<string, number>;
  verdicts: Record<string, number>;
}

/**
 * Moves the results of the package's current file versions to the superseded history, with the
 * actor, time and reason, so the checks stage checks every current version again.
 */
async function supersedeCurrentResults(trx: Tx, ctx: CommandContext, pkg: PackagesTable, reason: string, at: string): Promise<SupersededSummary> {
  const checked = (await listAllFiles(trx, pkg.id)).filter((f) => f.check).map((f) => f.current.id);
  const moved = await supersedeCheckResults(trx, checked, { superseded_at: at, superseded_by: ctx.actor.userId, reason });
  const summary: SupersededSummary = { results: moved.length, presets: {}, verdicts: {} };
  for (const r of moved) {
    summary.presets[r.preset] = (summary.presets[r.preset] ?? 0) + 1;
    summary.verdicts[r.verdict] = (summary.verdicts[r.verdict] ?? 0) + 1;
  }
  return summary;
}

/**
 * Refuses the move with the first missing guard's code (common/workflow/package.guards.ts) when
 * any guard of a guarded move does not hold, reading the facts in the caller's transaction.
 */
async function checkGuards(trx: Tx, state: PackageState, action: string, given: PackageFacts | undefined): Promise<void> {
  if (!isGuardedAction(action)) return;
  const evaluation = action === 'approve' ? evaluateGuards('approve', given ?? (await loadPackageFacts(trx, state))) : evaluateGuards(action, await loadSubmitFacts(trx, state));
  const first = evaluation.missing[0];
  if (!first) return;
  const code = first.code in ERROR_CODES ? (first.code as ErrorCode) : 'workflow.guard_failed';
  const guards = evaluation.missing.map(({ id, code: c, words, detail }) => ({ id, code: c, words, ...(detail ? { detail } : {}) }));
  throw new DomainError(code, `Not yet: ${first.words}${first.detail ? ` (${first.detail})` : ''}`, { ...first.details, guards });
}

export async function transitionPackage(trx: Tx, ctx: CommandContext, state: PackageState, action: string, input: TransitionInput = {}): Promise<PackagesTable> {
  authorizePackage(state, action as never);
  const from = state.pkg.status;
  const to: PackageStatus | undefined = action === 'retry' ? (state.pkg.failed_stage ?? 'checking') : undefined;
  const move = findPackageTransition(from, action, to);
  if (!move) throw new DomainError('workflow.invalid_transition', `A package that is ${from} cannot be moved by "${action}"`);
  if (input.version !== undefined && input.version !== state.pkg.version) {
    throw new DomainError('conflict.stale_version', 'This package was changed by someone else; reload it and try again', { expectedVersion: input.version });
  }
  if (NEEDS_COMMENT.has(action) && !input.comment?.trim()) {
    throw new DomainError('validation.invalid_input', `A ${NEEDS_REASON.has(action) ? 'reason' : 'comment'} is required to ${action} a package`);
  }
  if (action === 'recheck' && (input.comment as string).trim().length > RECHECK_REASON_MAX_LENGTH) {
    // Kept whole in the audit event and the superseded results: refused, never cut.
    throw new DomainError('validation.invalid_input', `The reason for a re-check is at most ${RECHECK_REASON_MAX_LENGTH} characters`);
  }
  await checkGuards(trx, state, action, input.facts);

  const at = nowIso(ctx);
  const changes: PackageChanges = { status: move.to };
  // Accepting a reviewer's proposed redaction starts a new turn as a resubmission does (issue 13).
  if (action === 'submit' || action === 'resubmit' || action === 'accept_redaction') {
    changes.submitted_by = ctx.actor.userId;
    changes.submitted_at = at;
    changes.review_turn = state.pkg.review_turn + 1;
    changes.status_comment = null;
    await recordAuthor(trx, state.pkg.id, ctx.actor.userId, 'submitted', at);
    // A new turn is reviewed and signed afresh: sign-offs of the last turn are kept as voided.
    if (action === 'resubmit') await voidSignOffsFor(trx, ctx, state.pkg, 'resubmitted');
    if (action === 'accept_redaction') await voidSignOffsFor(trx, ctx, state.pkg, 'redaction_accepted');
    await recordDraftRoles(trx, state.pkg.id, state.pkg.project_id, state.pkg.created_at, at);
  }
  if (action === 'fail') {
    changes.failed_stage = from;
    changes.failure_reason = (input.comment as string).slice(0, 2000);
  }
  if (action === 'withdraw') await voidSignOffsFor(trx, ctx, state.pkg, 'package_withdrawn');
  if (from === 'failed') {
    changes.failed_stage = null;
    changes.failure_reason = null;
  }
  if (['return', 'retain', 'reject', 'revoke'].includes(action)) changes.status_comment = (input.comment as string).trim();
  const summary: Record<string, unknown> = { from, to: move.to, reviewTurn: changes.review_turn ?? state.pkg.review_turn };
  if (action === 'fail') summary.reason = changes.failure_reason;
  if (changes.status_comment) summary.comment = changes.status_comment;
  if (input.audit) Object.assign(summary, input.audit);
  if (action === 'recheck') {
    summary.reason = (input.comment as string).trim();
    summary.superseded = await supersedeCurrentResults(trx, ctx, state.pkg, summary.reason as string, at);
  }
  const audit = auditBy(ctx, move.event, { type: 'package', id: state.pkg.id, projectId: state.pkg.project_id }, summary);
  const updated = await updatePackage(trx, state.pkg.id, state.pkg.version, changes, at, audit);
  // A new review turn: decisions on files whose content did not change carry over (issue 10 §4).
  if (action === 'resubmit' || action === 'accept_redaction') await carryOverDecisions(trx, ctx, updated);
  state.pkg = updated;
  state.subject.status = updated.status;
  state.subject.isSubmitter = ctx.actor.userId !== null && updated.submitted_by === ctx.actor.userId;
  await notifyPackageMove(trx, { ...ctx, db: trx }, updated, action, from);
  return updated;
}
