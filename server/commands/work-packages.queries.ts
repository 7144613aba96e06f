/**
 * The work package page's read model. Opinions are blind: a caller sees other people's
 * opinions only once they have submitted their own for the current round, or once the work
 * package is classified. While blind, the caller also does not see whether a referee is
 * required (that follows from a DPR's tier); they see who must still classify among the
 * investigators and DPRs, which reveals nothing about anyone's answers.
 */
import type { Opinion, WorkPackageDetail } from '../../common/contracts/work-packages.contract';
import { listReopenings, type OpinionRow } from '../db/classification.repository';
import { findTierPolicy } from '../db/question-sets.repository';
import { toWorkPackageSummary } from '../db/work-packages.repository';
import type { Db } from '../db/schema';
import type { Waiting } from '../domain/classification/consensus';
import { DomainError } from '../domain/errors';
import { authorizeWorkPackage, workPackageAbilities } from '../policies/work-package.policy';
import { type ClassificationState, loadClassificationState, workPackageSubject } from './classification-state';
import type { CommandContext } from './context';
import { loadFindingsInView } from './findings-in-view.queries';

function toOpinion(row: OpinionRow, state: ClassificationState): Opinion {
  return {
    id: row.id,
    classifierId: row.classifier_id,
    classifierName: row.classifier_name,
    role: row.role,
    tier: Number(row.tier),
    path: JSON.parse(row.path),
    questionSetId: row.question_set_id,
    round: Number(row.round),
    submittedAt: row.submitted_at,
    supersededAt: row.superseded_at,
    current: state.consensus.counted.some((c) => c.classifierId === row.classifier_id) && state.currentOpinions.includes(row),
    explanation: row.explanation,
  };
}

/** Sign-offs of the package not voided: what reopening the classification would void. */
async function countLiveSignOffs(db: Db, packageId: string): Promise<number> {
  const row = await db
    .selectFrom('sign_offs')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('package_id', '=', packageId)
    .where('voided_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function describeWaiting(w: Waiting, nameOf: (id: string) => string): string {
  switch (w.kind) {
    case 'investigator':
      return 'An investigator must give an opinion';
    case 'dpr':
      return `${nameOf(w.userId)} (data provider representative) must give an opinion`;
    case 'referee':
      return 'A data provider representative chose tier 2 or higher, so a referee must give an opinion';
    case 'referee_approval':
      return `At tier 3 or higher the referee ${nameOf(w.refereeId)} counts only once approved by ${w.dprIds.map(nameOf).join(', ')}`;
  }
}

/** Throws `work_package.not_found` for an unknown id or one the caller cannot see. */
export async function getWorkPackageDetail(ctx: CommandContext, workPackageId: string): Promise<WorkPackageDetail> {
  const state = await loadClassificationState(ctx.db, workPackageId);
  const subject = workPackageSubject(state, ctx.actor);
  try {
    authorizeWorkPackage('view', subject);
  } catch {
    throw new DomainError('work_package.not_found', 'No such work package');
  }
  const wp = state.workPackage;
  const userId = ctx.actor.userId;
  const nameOf = (id: string) => state.participants.find((p) => p.user_id === id)?.name ?? 'a former participant';
  const mine = state.currentOpinions.find((o) => o.classifier_id === userId);
  const visible = wp.status === 'classified' || mine !== undefined;
  const classifierIds = [...state.investigators, ...state.dprs, ...state.referees];
  const policy = wp.policy_version !== null ? await findTierPolicy(ctx.db, Number(wp.policy_version)) : undefined;
  const { consensus } = state;
  const pkg = state.pkg;
  return {
    workPackage: {
      ...toWorkPackageSummary(
        wp,
        state.datasets.map((d) => d.id),
      ),
      round: Number(wp.round),
      questionSetId: state.project.question_set_id,
      resolution: wp.resolution,
      classifiedAt: wp.classified_at,
      policyVersion: wp.policy_version === null ? null : Number(wp.policy_version),
      package: pkg ? { id: pkg.id, status: pkg.status, liveSignOffs: await countLiveSignOffs(ctx.db, pkg.id) } : null,
    },
    projectName: state.project.name,
    myRole: subject.role,
    classifiers: classifierIds.map((id) => {
      const role = state.investigators.includes(id) ? 'investigator' : state.dprs.includes(id) ? 'data_provider_representative' : 'referee';
      return {
        userId: id,
        name: nameOf(id),
        role,
        required: role !== 'referee' ? true : visible ? consensus.refereeRequired : null,
        submitted: state.currentOpinions.some((o) => o.classifier_id === id),
        approvedBy: state.approvals.filter((a) => a.referee_id === id).map((a) => a.dpr_id),
      };
    }),
    waitingFor: consensus.waitingFor.filter((w) => visible || w.kind === 'investigator' || w.kind === 'dpr').map((w) => ({ ...w, description: describeWaiting(w, nameOf) })),
    refereeRequired: visible ? consensus.refereeRequired : null,
    refereeApprovalRequired: visible ? consensus.refereeApprovalRequired : null,
    highestTier: visible ? (consensus.highestTier ?? null) : null,
    myOpinion: mine ? toOpinion(mine, state) : null,
    opinions: visible ? state.opinions.map((o) => toOpinion(o, state)) : null,
    discussion: state.discussion.map((d) => ({
      id: d.id,
      authorId: d.author_id,
      authorName: d.author_name,
      message: d.message,
      cause: d.cause,
      round: Number(d.round),
      createdAt: d.created_at,
    })),
    reopenings: (await listReopenings(ctx.db, wp.id)).map((r) => ({
      round: Number(r.round),
      reason: r.reason,
      byName: r.by_name,
      at: r.at,
      previousTier: Number(r.previous_tier),
    })),
    confirmationsNeeded: state.toConfirm.map((id) => ({ userId: id, name: nameOf(id) })),
    findingsInView: await loadFindingsInView(ctx.db, wp, pkg),
    policy: policy && wp.tier !== null ? (policy.tiers[Number(wp.tier)] ?? null) : null,
    abilities: workPackageAbilities(subject),
  };
}
