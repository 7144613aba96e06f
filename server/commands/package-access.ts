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
 * Whether the actor reviews this package (docs/design.md §5.2, issue 10 §1): a data provider
 * representative of its work package's datasets, or a referee where the tier needs one
 * (a DPR said tier ≥ 2, or the agreed tier's policy names a referee sign-off) and, when a DPR
 * said tier ≥ 3, once every DPR has approved that referee. Either way only someone who took
 * part in the project when the current turn was submitted: a person added later does not review it.
 */
async function reviewerStandingOf(db: Db, pkg: PackagesTable, workPackage: WorkPackagesTable, userId: string, role: ProjectRole | null, isDpr: boolean): Promise<'dpr' | 'referee' | null> {
  if (!isDpr && role !== 'referee') return null;
  if (pkg.submitted_at !== null) {
    const since = await db.selectFrom('participants').select('added_at').where('project_id', '=', pkg.project_id).where('user_id', '=', userId).where('removed_at', 'is', null).executeTakeFirst();
    if (!since || since.added_at > pkg.submitted_at) return null;
  }
  if (isDpr) return 'dpr';
  const classification = await loadClassificationState(db, workPackage.id);
  const policy = workPackage.tier !== null && workPackage.policy_version !== null ? await findTierPolicy(db, Number(workPackage.policy_version)) : undefined;
  const tierNeedsReferee = policy?.tiers[Number(workPackage.tier)]?.requiredSignOffs.includes('referee') ?? false;
  if (!classification.consensus.refereeRequired && !tierNeedsReferee) return null;
  if (classification.consensus.refereeApprovalRequired) {
    const approvedBy = new Set(classification.approvals.filter((a) => a.referee_id === userId).map((a) => a.dpr_id));
    if (!classification.dprs.every((d) => approvedBy.has(d))) return null;
  }
  return 'referee';
}

async function stateOf(db: Db, pkg: PackagesTable | undefined, actor: Actor): Promise<PackageState> {
  if (!pkg) throw notFound();
  // A token scoped to another project cannot see this one, whatever its person could.
  if (actor.token && actor.token.projectId !== pkg.project_id) throw notFound();
  const workPackage = (await findWorkPackage(db, pkg.id)) as WorkPackagesTable;
  const project = (await findProject(db, pkg.project_id)) as ProjectsTable;
  const role = actor.userId ? ((await findActiveRole(db, project.id, actor.userId)) ?? null) : null;
  let isDprOfWorkPackage = false;
  if (actor.userId && role === 'data_provider_representative') {
    const datasetIds = (await listWorkPackageDatasetIds(db, [workPackage.id])).get(workPackage.id) ?? [];
    isDprOfWorkPackage = (await listDatasets(db, project.id)).some((d) => datasetIds.includes(d.id) && d.representative_user_id === actor.userId);
  }
  const reviewerStanding = actor.userId ? await reviewerStandingOf(db, pkg, workPackage, actor.userId, role, isDprOfWorkPackage) : null;
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
