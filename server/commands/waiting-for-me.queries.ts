/**
 * What is waiting for the actor, across the projects they take part in (issue 10 §7's "waiting
 * for me" list): a classification they must give or confirm, a package they review and have not submitted
 * their review of, a sign-off the tier asks of them, a returned package of their author team.
 * Decided by the same facts as the commands (consensus, reviewer standing, tier policy), so the
 * list never offers what would be refused.
 *
 * Example: a DPR of the report's dataset, package in review, no review submitted → one item
 * `{kind: 'review', action: 'Review the files and submit your review'}`.
 */
import type { WaitingItem } from '../../common/contracts/waiting.contract';
import type { ProjectRole } from '../../common/vocab/roles';
import { listProjects } from '../db/projects.repository';
import { findTierPolicy } from '../db/question-sets.repository';
import { listWorkPackages } from '../db/work-packages.repository';
import { packageActorsOf } from '../policies/package.policy';
import { loadClassificationState } from './classification-state';
import type { CommandContext } from './context';
import { loadOpinionsToConfirm } from './opinion-confirmations.queries';
import { loadPackageFor } from './package-access';

const OPEN_CLASSIFICATION = new Set(['unclassified', 'classifying', 'disputed']);

/** Narrows the list to one project or one work package (notifications ask about one subject at a time). */
export interface WaitingFilter {
  projectId?: string;
  workPackageId?: string;
}

/** Every item waiting for the actor, oldest project first. Empty for the system and for people in no project. */
export async function listWaitingForMe(ctx: CommandContext, filter: WaitingFilter = {}): Promise<WaitingItem[]> {
  const userId = ctx.actor.userId;
  if (!userId) return [];
  const items: WaitingItem[] = [];
  for (const project of await listProjects(ctx.db, userId)) {
    if (project.status === 'closed' || (filter.projectId !== undefined && project.id !== filter.projectId)) continue;
    for (const wp of await listWorkPackages(ctx.db, project.id)) {
      if (filter.workPackageId !== undefined && wp.id !== filter.workPackageId) continue;
      const base = { projectId: project.id, projectName: project.name, workPackageId: wp.id, workPackageName: wp.name };
      if (OPEN_CLASSIFICATION.has(wp.status)) {
        const state = await loadClassificationState(ctx.db, wp.id);
        const mine = state.consensus.waitingFor.some(
          (w) => ('userId' in w && w.userId === userId) || (w.kind === 'investigator' && state.investigators.includes(userId)) || (w.kind === 'referee' && state.referees.includes(userId)),
        );
        const hasOpinion = state.currentOpinions.some((o) => o.classifier_id === userId);
        if (mine && !hasOpinion)
          items.push({
            ...base,
            kind: 'classify',
            packageId: null,
            action: wp.status === 'disputed' ? 'Discuss the dispute and revise or confirm your opinion' : 'Classify this work package',
            since: wp.created_at,
          });
      }
      if (wp.status === 'classified' && (await loadOpinionsToConfirm(ctx.db, wp.id)).includes(userId)) {
        items.push({ ...base, kind: 'confirm_opinion', packageId: null, action: 'Files changed since you classified: confirm or revise your opinion', since: null });
      }
      if (wp.kind === 'ingress') continue;
      const pkg = await ctx.db.selectFrom('packages').select(['id', 'status', 'review_turn', 'updated_at']).where('id', '=', wp.id).executeTakeFirst();
      if (!pkg || (pkg.status !== 'in_review' && pkg.status !== 'returned')) continue;
      const state = await loadPackageFor(ctx.db, pkg.id, ctx.actor);
      const kinds = packageActorsOf(state.subject);
      const withPackage = { ...base, packageId: pkg.id, since: pkg.updated_at };
      if (pkg.status === 'returned' && kinds.has('author_team')) items.push({ ...withPackage, kind: 'returned', action: 'Make the changes the reviewers asked for and resubmit' });
      if (pkg.status !== 'in_review') continue;
      const submitted = await ctx.db
        .selectFrom('review_submissions')
        .select('id')
        .where('package_id', '=', pkg.id)
        .where('turn', '=', Number(pkg.review_turn))
        .where('reviewer_id', '=', userId)
        .executeTakeFirst();
      if (kinds.has('reviewer') && !submitted) items.push({ ...withPackage, kind: 'review', action: 'Review the files and submit your review' });
      if (await signOffAskedOf(ctx, state.workPackage.tier, state.workPackage.policy_version, state.role, kinds.has('reviewer'), state.subject.reviewerStanding, submitted !== undefined)) {
        const signed = await ctx.db.selectFrom('sign_offs').select('id').where('package_id', '=', pkg.id).where('user_id', '=', userId).where('voided_at', 'is', null).executeTakeFirst();
        if (!signed) items.push({ ...withPackage, kind: 'sign_off', action: 'Sign off the package' });
      }
    }
  }
  return items;
}

/** Whether the agreed tier asks this person for a sign-off now (reviewers after submitting their review). */
async function signOffAskedOf(
  ctx: CommandContext,
  tier: number | null,
  policyVersion: number | null,
  role: ProjectRole | null,
  isReviewer: boolean,
  standing: 'dpr' | 'referee' | null,
  reviewSubmitted: boolean,
): Promise<boolean> {
  if (tier === null || policyVersion === null) return false;
  const required = (await findTierPolicy(ctx.db, Number(policyVersion)))?.tiers[Number(tier)]?.requiredSignOffs ?? [];
  if (role === 'investigator') return required.includes('investigator');
  if (!isReviewer || !reviewSubmitted) return false;
  return standing === 'dpr' ? required.includes('data_provider_representative') : required.includes('referee');
}
