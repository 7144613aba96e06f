/**
 * Everything the consensus rules and the work package policy need about one work package,
 * loaded in one place so commands and queries decide from the same facts.
 */
import type { ProjectRole } from '../../common/vocab/roles';
import type { Tier } from '../../common/vocab/tiers';
import { type DiscussionRow, type OpinionRow, listDiscussion, listOpinions, listRefereeApprovals } from '../db/classification.repository';
import { type DatasetRow, type ParticipantRow, findProject, listActiveParticipants, listDatasets } from '../db/projects.repository';
import { latestOutputVersionAt, listOpinionConfirmations } from '../db/opinion-confirmations.repository';
import { findPackage } from '../db/packages.repository';
import type { Db, PackagesTable, ProjectsTable, RefereeApprovalsTable, Tx, WorkPackagesTable } from '../db/schema';
import { findWorkPackage, listWorkPackageDatasetIds, lockWorkPackage } from '../db/work-packages.repository';
import { type ConsensusResult, decideConsensus } from '../domain/classification/consensus';
import { classifiersToConfirm } from '../domain/classification/opinion-confirmation';
import { DomainError } from '../domain/errors';
import type { WorkPackageSubject } from '../policies/work-package.policy';
import type { Actor } from './context';

export interface ClassificationState {
  workPackage: WorkPackagesTable;
  project: ProjectsTable;
  participants: ParticipantRow[];
  datasets: DatasetRow[];
  investigators: string[];
  referees: string[];
  dprs: string[];
  opinions: OpinionRow[];
  currentOpinions: OpinionRow[];
  approvals: RefereeApprovalsTable[];
  discussion: DiscussionRow[];
  consensus: ConsensusResult;
  /** The egress package of an egress work package; undefined for the ingress one. */
  pkg: PackagesTable | undefined;
  /** Classifiers who must confirm their opinion since a newer output file version (issue 10 §2). */
  toConfirm: string[];
}

/** Package statuses after which the classification the release relied on can no longer be reopened. */
const RELEASED_STATUSES: readonly string[] = ['releasing', 'released', 'revoked'];

export async function loadClassificationState(db: Db, workPackageId: string): Promise<ClassificationState> {
  const workPackage = await findWorkPackage(db, workPackageId);
  if (!workPackage) throw new DomainError('work_package.not_found', 'No such work package');
  const project = (await findProject(db, workPackage.project_id)) as ProjectsTable;
  const participants = await listActiveParticipants(db, project.id);
  const datasetIds = (await listWorkPackageDatasetIds(db, [workPackage.id])).get(workPackage.id) ?? [];
  const datasets = (await listDatasets(db, project.id)).filter((d) => datasetIds.includes(d.id));
  const withRole = (role: ProjectRole) => participants.filter((p) => p.role === role).map((p) => p.user_id);
  const activeDprs = new Set(withRole('data_provider_representative'));
  const dprs = [...new Set(datasets.map((d) => d.representative_user_id))].filter((id) => activeDprs.has(id));
  const investigators = withRole('investigator');
  const referees = withRole('referee');
  const roleNow = (userId: string) => classifierRole({ investigators, referees, dprs }, userId);
  const opinions = await listOpinions(db, workPackage.id);
  // An opinion counts only in the role it was given in: an investigator re-added as referee
  // does not have their investigator opinion counted as the independent referee's.
  const currentOpinions = opinions.filter((o) => o.round === workPackage.round && o.superseded_at === null && o.role === roleNow(o.classifier_id));
  const approvals = await listRefereeApprovals(db, workPackage.id, workPackage.round);
  const discussion = await listDiscussion(db, workPackage.id);
  const consensus = decideConsensus({
    investigators,
    dprs,
    referees,
    opinions: currentOpinions.map((o) => ({ classifierId: o.classifier_id, tier: o.tier as Tier })),
    refereeApprovals: approvals.map((a) => ({ refereeId: a.referee_id, dprId: a.dpr_id })),
  });
  const pkg = await findPackage(db, workPackage.id);
  let toConfirm: string[] = [];
  if (pkg && workPackage.status === 'classified') {
    const counted = new Set(consensus.counted.map((c) => c.classifierId));
    toConfirm = classifiersToConfirm({
      classifiedAt: workPackage.classified_at,
      opinions: currentOpinions.filter((o) => counted.has(o.classifier_id)).map((o) => ({ classifierId: o.classifier_id, submittedAt: o.submitted_at })),
      confirmations: (await listOpinionConfirmations(db, workPackage.id, workPackage.round)).map((c) => ({ classifierId: c.classifier_id, confirmedAt: c.confirmed_at })),
      latestVersionAt: await latestOutputVersionAt(db, pkg.id),
    });
  }
  return { workPackage, project, participants, datasets, investigators, referees, dprs, opinions, currentOpinions, approvals, discussion, consensus, pkg, toConfirm };
}

/**
 * Locks the work package for the rest of the transaction, then loads its state: what every
 * command deciding on a work package starts with, so concurrent decisions serialise.
 */
export async function lockAndLoadClassificationState(trx: Tx, workPackageId: string): Promise<ClassificationState> {
  await lockWorkPackage(trx, workPackageId);
  return loadClassificationState(trx, workPackageId);
}

/** Refuses a decision made on a version of the work package that is no longer current. */
export function requireVersion(state: ClassificationState, version: number): void {
  if (state.workPackage.version !== version) {
    throw new DomainError('conflict.stale_version', 'This work package was changed by someone else; reload it and try again', {
      expectedVersion: version,
      currentVersion: state.workPackage.version,
    });
  }
}

/** The role a user classifies in, or null when they are not a classifier of this work package. */
export function classifierRole(sets: Pick<ClassificationState, 'investigators' | 'referees' | 'dprs'>, userId: string | null): ProjectRole | null {
  if (!userId) return null;
  if (sets.investigators.includes(userId)) return 'investigator';
  if (sets.referees.includes(userId)) return 'referee';
  if (sets.dprs.includes(userId)) return 'data_provider_representative';
  return null;
}

/**
 * The caller's opinion in this round that no longer counts because they now classify in
 * another role; a new opinion supersedes it (one current opinion per person per round).
 */
export function opinionInFormerRole(state: ClassificationState, userId: string): OpinionRow | undefined {
  return state.opinions.find((o) => o.classifier_id === userId && o.round === state.workPackage.round && o.superseded_at === null && !state.currentOpinions.includes(o));
}

/** The facts the work package policy decides from, for this actor. */
export function workPackageSubject(state: ClassificationState, actor: Actor): WorkPackageSubject {
  const userId = actor.userId;
  const participant = state.participants.find((p) => p.user_id === userId);
  return {
    actor,
    role: participant?.role ?? null,
    projectStatus: state.project.status,
    status: state.workPackage.status,
    isClassifier: classifierRole(state, userId) !== null,
    isDprOfWorkPackage: userId !== null && state.dprs.includes(userId),
    hasCurrentOpinion: state.currentOpinions.some((o) => o.classifier_id === userId),
    causeRecorded: state.discussion.some((d) => d.round === state.workPackage.round && d.cause !== null),
    hasRepresentedDataset: state.dprs.length > 0,
    packageReleased: state.pkg !== undefined && RELEASED_STATUSES.includes(state.pkg.status),
    mustConfirm: userId !== null && state.toConfirm.includes(userId),
  };
}
