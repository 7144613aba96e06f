/**
 * Loading the facts the guards of a package move read (common/workflow/package-facts.ts), in the
 * transaction of the move, with the package locked by the caller. A fixed number of queries
 * whatever the number of files: the per-file facts come from set queries and the seams of the
 * review, findings-response, handover-decision and classification work.
 */
import type { PackageFacts, PackageKindFact, SubmitFacts, TierFacts } from '../../common/workflow/package-facts';
import { listAuthorTeam } from '../db/package-authors.repository';
import { packageTotals } from '../db/packages.repository';
import { listActiveParticipants, listDatasets } from '../db/projects.repository';
import { findTierPolicy } from '../db/question-sets.repository';
import type { Db, WorkPackagesTable } from '../db/schema';
import { listLiveSignOffs } from '../db/sign-offs.repository';
import { listWorkPackageDatasetIds } from '../db/work-packages.repository';
import { loadDigestWith } from './content-digest.queries';
import { loadFindingStanding } from './finding-standing.queries';
import { loadHandoverDecisions } from './handover-decisions.queries';
import { loadOpinionsToConfirm } from './opinion-confirmations.queries';
import type { PackageState } from './package-access';
import { missingContext } from './package-context';
import { destinationFacts, loadPackageDestination } from './package-destination.queries';
import { loadReviewProgress } from './review-progress.queries';

/** The package's kind in the guards' terms (docs/design.md §6's two end-of-project packages, or any other). */
export const kindOf = (kind: string): PackageKindFact => (kind === 'egress_report' || kind === 'egress_handover' ? kind : 'other');

/** The work package's agreed tier with the rule of the policy version it recorded. */
export async function loadTierFacts(db: Db, workPackage: WorkPackagesTable): Promise<TierFacts> {
  const agreed = workPackage.status === 'classified' && workPackage.tier !== null && workPackage.policy_version !== null;
  if (!agreed) return { agreed: false, tier: null, policyVersion: null, rule: null };
  const tier = Number(workPackage.tier);
  const policyVersion = Number(workPackage.policy_version);
  const rule = (await findTierPolicy(db, policyVersion))?.tiers[tier] ?? null;
  return { agreed: true, tier, policyVersion, rule };
}

/** What `submit` and `resubmit` need: outputs, the context, and the tier when it is already known. */
export async function loadSubmitFacts(db: Db, state: PackageState): Promise<SubmitFacts> {
  const { pkg, workPackage } = state;
  const destination = await loadPackageDestination(db, pkg);
  return {
    kind: kindOf(workPackage.kind),
    tier: await loadTierFacts(db, workPackage),
    destinationKind: destination.kind,
    registeredDestination: destinationFacts(destination),
    outputs: (await packageTotals(db, pkg.id)).outputs,
    missingContext: await missingContext(db, pkg),
  };
}

/** Everything the guards of `approve` read, and the sign-off panel shows. */
export async function loadPackageFacts(db: Db, state: PackageState): Promise<PackageFacts> {
  const { pkg, workPackage } = state;
  const { digest, files } = await loadDigestWith(db, pkg, workPackage);
  const participants = await listActiveParticipants(db, pkg.project_id);
  const withRole = (role: string) => participants.filter((p) => p.role === role).map((p) => p.user_id);
  const activeDprs = new Set(withRole('data_provider_representative'));
  const datasetIds = new Set((await listWorkPackageDatasetIds(db, [workPackage.id])).get(workPackage.id) ?? []);
  const dprs = [...new Set((await listDatasets(db, pkg.project_id)).filter((d) => datasetIds.has(d.id)).map((d) => d.representative_user_id))].filter((id) => activeDprs.has(id));
  const progress = await loadReviewProgress(db, pkg);
  const outcomes = new Map(progress.files.map((f) => [f.fileId, f.outcome as string]));
  const destination = await loadPackageDestination(db, pkg);
  return {
    kind: kindOf(workPackage.kind),
    tier: await loadTierFacts(db, workPackage),
    destinationKind: destination.kind,
    registeredDestination: destinationFacts(destination),
    outputs: files.length,
    missingContext: await missingContext(db, pkg),
    // A file the review has not reached yet is incomplete.
    files: files.map((f) => ({ fileId: f.id, path: f.path, outcome: outcomes.get(f.id) ?? 'incomplete' })),
    reviewsSubmitted: new Set(progress.submittedReviewers).size,
    findings: await loadFindingStanding(db, pkg),
    handover: await loadHandoverDecisions(db, pkg),
    signOffs: {
      digest,
      live: (await listLiveSignOffs(db, pkg.id)).map((s) => ({ id: s.id, userId: s.user_id, role: s.role, digest: s.digest })),
      investigators: withRole('investigator'),
      referees: withRole('referee'),
      dprs,
      authorTeam: [...(await listAuthorTeam(db, pkg.id))],
    },
    opinionsToConfirm: await loadOpinionsToConfirm(db, workPackage.id),
  };
}
