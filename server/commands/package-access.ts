/**
 * Loading a package together with what every decision on it needs: its work package and
 * project, the actor's role, whether the actor represents one of its datasets, and the
 * policy subject. Unknown packages and packages the actor cannot see look the same.
 */
import type { ProjectRole } from '../../common/vocab/roles';
import { findActiveRole, findProject, listDatasets } from '../db/projects.repository';
import { isOnAuthorTeam } from '../db/package-authors.repository';
import { findPackage, lockPackage } from '../db/packages.repository';
import type { Db, PackagesTable, ProjectsTable, Tx, WorkPackagesTable } from '../db/schema';
import { findWorkPackage, listWorkPackageDatasetIds } from '../db/work-packages.repository';
import { DomainError } from '../domain/errors';
import { findTierPolicy } from '../db/question-sets.repository';
import { loadClassificationState } from './classification-state';
import { type PackagePolicyAction, type PackageSubject, decidePackage } from '../policies/package.policy';
import { type RefereeFacts, type ReviewerStanding, mayReview, reviewerStandingOf } from '../policies/reviewer-standing.policy';
import { tokenReaches } from '../policies/api-token.policy';
import type { Actor } from './context';

export interface PackageState {
  pkg: PackagesTable;
  workPackage: WorkPackagesTable;
  project: ProjectsTable;
  role: ProjectRole | null;
  subject: PackageSubject;
}

const notFound = () => new DomainError('package.not_found', 'No such package');

/**
 * The facts the reviewer standing rule (policies/reviewer-standing.policy.ts) needs, loaded only
 * for someone who could have a standing: when they joined, and for a referee what the work
 * package's classification and tier policy say about referees.
 */
async function reviewerStandingFor(db: Db, pkg: PackagesTable, workPackage: WorkPackagesTable, userId: string, role: ProjectRole | null, isDpr: boolean): Promise<ReviewerStanding> {
  if (!mayReview(role, isDpr)) return null;
  const participation = await db
    .selectFrom('participants')
    .select('added_at')
    .where('project_id', '=', pkg.project_id)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return reviewerStandingOf({
    role,
    isDprOfWorkPackage: isDpr,
    submittedAt: pkg.submitted_at,
    participantSince: participation?.added_at ?? null,
    referee: isDpr ? null : await refereeFactsOf(db, workPackage, userId),
  });
}

async function refereeFactsOf(db: Db, workPackage: WorkPackagesTable, userId: string): Promise<RefereeFacts> {
  const classification = await loadClassificationState(db, workPackage.id);
  const policy = workPackage.tier !== null && workPackage.policy_version !== null ? await findTierPolicy(db, Number(workPackage.policy_version)) : undefined;
  const tierNeedsReferee = policy?.tiers[Number(workPackage.tier)]?.requiredSignOffs.includes('referee') ?? false;
  const approvedBy = new Set(classification.approvals.filter((a) => a.referee_id === userId).map((a) => a.dpr_id));
  return {
    needed: classification.consensus.refereeRequired || tierNeedsReferee,
    approvalRequired: classification.consensus.refereeApprovalRequired,
    approvedByEveryDpr: classification.dprs.every((d) => approvedBy.has(d)),
  };
}

async function stateOf(db: Db, pkg: PackagesTable | undefined, actor: Actor): Promise<PackageState> {
  if (!pkg) throw notFound();
  // A token scoped to another project cannot see this one, whatever its person could.
  if (!tokenReaches(actor, pkg.project_id)) throw notFound();
  const workPackage = (await findWorkPackage(db, pkg.id)) as WorkPackagesTable;
  const project = (await findProject(db, pkg.project_id)) as ProjectsTable;
  const role = actor.userId ? ((await findActiveRole(db, project.id, actor.userId)) ?? null) : null;
  let isDprOfWorkPackage = false;
  if (actor.userId && role === 'data_provider_representative') {
    const datasetIds = (await listWorkPackageDatasetIds(db, [workPackage.id])).get(workPackage.id) ?? [];
    isDprOfWorkPackage = (await listDatasets(db, project.id)).some((d) => datasetIds.includes(d.id) && d.representative_user_id === actor.userId);
  }
  const reviewerStanding = actor.userId ? await reviewerStandingFor(db, pkg, workPackage, actor.userId, role, isDprOfWorkPackage) : null;
  const subject: PackageSubject = {
    actor,
    role,
    projectStatus: project.status,
    status: pkg.status,
    isDprOfWorkPackage,
    reviewerStanding,
    isSubmitter: actor.userId !== null && pkg.submitted_by === actor.userId,
    isAuthor: await isOnAuthorTeam(db, pkg.id, actor.userId),
  };
  return { pkg, workPackage, project, role, subject };
}

/** Throws the policy's refusal when the actor may not take `action` now. */
export function authorizePackage(state: PackageState, action: PackagePolicyAction): void {
  const decision = decidePackage(action, state.subject);
  if (!decision.ok) throw new DomainError(decision.code, decision.reason, { action });
}

/** Loads a package the actor may `action` (reads only). */
export async function loadPackageFor(db: Db, packageId: string, actor: Actor, action: PackagePolicyAction = 'view'): Promise<PackageState> {
  const state = await stateOf(db, await findPackage(db, packageId), actor);
  authorizePackage(state, action);
  return state;
}

/** Locks the package for the rest of the transaction, then loads it and checks `action`. */
export async function lockPackageFor(trx: Tx, packageId: string, actor: Actor, action: PackagePolicyAction): Promise<PackageState> {
  const state = await stateOf(trx, await lockPackage(trx, packageId), actor);
  authorizePackage(state, action);
  return state;
}
