/**
 * The notification hooks the commands call, one call per event, inside the command's
 * transaction (issue 14, docs/notifications.md). Who is told is decided here, from the same facts
 * the commands and the "waiting for me" list use:
 *
 * | kind | who | when |
 * |---|---|---|
 * | classification_needed | the classifiers still owing an opinion (the waiting list's `classify`) | a work package is created or reopened, a classifier joins, a referee is needed |
 * | review_needed | the package's reviewers who have not reviewed this turn | the package enters review |
 * | sign_off_needed | whoever the tier asks to sign and has not | reviews are submitted, the tier is agreed |
 * | returned | the author team | a reviewer returns the package |
 * | comment | the author team, not the commenter | a public comment on the package |
 * | approved | the author team and the system managers (who release) | the package is approved |
 * | released | the author team, the work package's DPRs; the destination's contact by e-mail (with the link for the link method) | the release job finishes |
 * | revoked | the author team, the work package's DPRs; the destination's contact by e-mail | a release is revoked |
 * | link_expiring | the author team; the destination's contact by e-mail (no link) | the scheduled check, once per link |
 * | closure_incomplete | the project manager and the programme managers | the scheduled check, every N days a project stays closing |
 *
 * The waiting kinds (`classification_needed`, `review_needed`, `sign_off_needed`, `returned`) are
 * recomputed for the whole project by `notifyWaiting`, keyed by round or review turn, so calling
 * it after any change tells each person once per round or turn, and nobody twice.
 */
import type { NotificationKind } from '../../common/vocab/notifications';
import type { WaitingKind } from '../../common/contracts/waiting.contract';
import { listActiveParticipants } from '../db/projects.repository';
import { settleHeldEmails } from '../db/notifications.repository';
import { findLiveRelease } from '../db/releases.repository';
import { findNamesOf, listWorkPackageDprs } from '../db/notification-facts.repository';
import type { PackagesTable, Tx } from '../db/schema';
import type { CommandContext } from './context';
import { notify } from './notify';
import { listWaitingForMe } from './waiting-for-me.queries';

const WAITING_KINDS: Partial<Record<WaitingKind, NotificationKind>> = {
  classify: 'classification_needed',
  review: 'review_needed',
  sign_off: 'sign_off_needed',
  returned: 'returned',
};

const WAITING_TITLES: Record<string, (what: string, project: string) => string> = {
  classification_needed: (what, project) => `Your classification is needed: ${what} (${project})`,
  review_needed: (what, project) => `A review is needed: ${what} (${project})`,
  sign_off_needed: (what, project) => `Your sign-off is needed: ${what} (${project})`,
  returned: (what, project) => `Returned to you for changes: ${what} (${project})`,
};

/**
 * Tells every participant of the project what newly waits for them (classifications, reviews,
 * sign-offs, returned packages), once per work package round or package review turn.
 */
export async function notifyWaiting(trx: Tx, ctx: CommandContext, projectId: string): Promise<void> {
  const participants = await listActiveParticipants(trx, projectId);
  if (participants.length === 0) return;
  const users = await trx
    .selectFrom('users')
    .select(['id', 'system_role', 'name'])
    .where('id', 'in', [...new Set(participants.map((p) => p.user_id))])
    .execute();
  const rounds = new Map((await trx.selectFrom('work_packages').select(['id', 'round']).where('project_id', '=', projectId).execute()).map((w) => [w.id, Number(w.round)]));
  const turns = new Map((await trx.selectFrom('packages').select(['id', 'review_turn']).where('project_id', '=', projectId).execute()).map((p) => [p.id, Number(p.review_turn)]));
  for (const user of users) {
    const items = await listWaitingForMe({ ...ctx, db: trx, actor: { userId: user.id, systemRole: user.system_role, label: user.name } }, { projectId });
    for (const item of items) {
      const kind = WAITING_KINDS[item.kind];
      if (!kind) continue;
      const onPackage = item.packageId !== null;
      const occurrence = onPackage ? `${item.packageId}:t${turns.get(item.packageId as string) ?? 0}` : `${item.workPackageId}:r${rounds.get(item.workPackageId) ?? 0}`;
      await notify(trx, ctx, {
        kind,
        projectId,
        subject: onPackage ? { type: 'package', id: item.packageId as string } : { type: 'work_package', id: item.workPackageId },
        title: (WAITING_TITLES[kind] as (w: string, p: string) => string)(item.workPackageName, item.projectName),
        path: onPackage ? `/packages/${item.packageId}` : `/work-packages/${item.workPackageId}`,
        occurrence,
        users: [user.id],
        skipActor: false,
      });
    }
  }
}

/** The package's author team as notifications see it: the project's investigators and researchers, and anyone who authored it and still takes part. */
async function authorTeamOf(trx: Tx, pkg: PackagesTable): Promise<string[]> {
  const participants = await listActiveParticipants(trx, pkg.project_id);
  const active = new Set(participants.map((p) => p.user_id));
  const authors = await trx.selectFrom('package_authors').select('user_id').where('package_id', '=', pkg.id).execute();
  return [...new Set([...participants.filter((p) => p.role === 'investigator' || p.role === 'researcher').map((p) => p.user_id), ...authors.map((a) => a.user_id).filter((id) => active.has(id))])];
}

const dprsOf = (trx: Tx, pkg: PackagesTable): Promise<string[]> => listWorkPackageDprs(trx, pkg.id);
const namesOf = (trx: Tx, pkg: PackagesTable): Promise<{ what: string; project: string }> => findNamesOf(trx, pkg.id);

async function contactOf(trx: Tx, destinationId: string | null): Promise<string[]> {
  if (!destinationId) return [];
  const row = await trx.selectFrom('destinations').select('contact_email').where('id', '=', destinationId).executeTakeFirst();
  return row ? [row.contact_email] : [];
}

/**
 * After a package moved (called by `transitionPackage`): what newly waits for people, and the
 * events of the move (approved, released, revoked; a failed release cancels its held e-mail).
 */
export async function notifyPackageMove(trx: Tx, ctx: CommandContext, pkg: PackagesTable, action: string, from: string): Promise<void> {
  await notifyWaiting(trx, ctx, pkg.project_id);
  const names = await namesOf(trx, pkg);
  const base = { projectId: pkg.project_id, subject: { type: 'package' as const, id: pkg.id }, path: `/packages/${pkg.id}` };
  if (pkg.status === 'approved' && action === 'approve') {
    const managers = (await trx.selectFrom('users').select('id').where('system_role', '=', 'system_manager').where('disabled', '=', 0).execute()).map((u) => u.id);
    await notify(trx, ctx, {
      ...base,
      kind: 'approved',
      title: `Approved for release: ${names.what} (${names.project})`,
      occurrence: `${pkg.id}:t${pkg.review_turn}:v${pkg.version}`,
      users: [...(await authorTeamOf(trx, pkg)), ...managers],
    });
  }
  if (pkg.status === 'released') {
    const release = await findLiveRelease(trx, pkg.id);
    if (!release) return;
    const users = [...(await authorTeamOf(trx, pkg)), ...(await dprsOf(trx, pkg))];
    await notify(trx, ctx, { ...base, kind: 'released', title: `Released: ${names.what} (${names.project})`, occurrence: release.id, users });
    // The contact's e-mail was held since the start (with the link's token for the link method); one is made now for other methods.
    await settleHeldEmails(trx, 'released', release.id, 'pending');
    await notify(trx, ctx, {
      ...base,
      subject: { type: 'release', id: release.id },
      kind: 'released',
      title: `Released to you: ${names.what} (${names.project})`,
      occurrence: `${release.id}:contact`,
      emails: await contactOf(trx, release.destinationId),
    });
  }
  if (pkg.status === 'revoked') {
    const release = await trx.selectFrom('releases').select(['id', 'destination_id']).where('package_id', '=', pkg.id).where('step', '=', 'released').executeTakeFirst();
    const occurrence = release?.id ?? `${pkg.id}:v${pkg.version}`;
    const users = [...(await authorTeamOf(trx, pkg)), ...(await dprsOf(trx, pkg))];
    await notify(trx, ctx, { ...base, kind: 'revoked', title: `Release revoked: ${names.what} (${names.project})`, occurrence, users });
    await notify(trx, ctx, {
      ...base,
      kind: 'revoked',
      title: `Release revoked: ${names.what} (${names.project}); its download links no longer work`,
      occurrence: `${occurrence}:contact`,
      emails: await contactOf(trx, release?.destination_id ?? null),
    });
  }
  if (pkg.status === 'failed' && from === 'releasing') {
    const failed = await trx.selectFrom('releases').select('id').where('package_id', '=', pkg.id).where('step', '=', 'failed').execute();
    for (const r of failed) await settleHeldEmails(trx, 'released', r.id, 'cancelled');
  }
}

/**
 * When a release starts with a download link: the e-mail to the destination's contact carrying
 * the link, held until the release job finishes (released) or the attempt fails (cancelled).
 */
export async function holdReleaseLinkEmail(trx: Tx, ctx: CommandContext, pkg: PackagesTable, release: { id: string; destinationId: string | null }, token: string): Promise<void> {
  const names = await namesOf(trx, pkg);
  await notify(trx, ctx, {
    kind: 'released',
    projectId: pkg.project_id,
    subject: { type: 'release', id: release.id },
    title: `Released to you: ${names.what} (${names.project})`,
    path: `/packages/${pkg.id}`,
    occurrence: `${release.id}:contact`,
    emails: await contactOf(trx, release.destinationId),
    linkToken: token,
    hold: true,
  });
}

/** A comment on a package: the author team hears of public comments (never private ones), the commenter excepted. */
export async function notifyComment(trx: Tx, ctx: CommandContext, pkg: PackagesTable, comment: { id: string; visibility: string }): Promise<void> {
  if (comment.visibility !== 'public') return;
  const names = await namesOf(trx, pkg);
  await notify(trx, ctx, {
    kind: 'comment',
    projectId: pkg.project_id,
    subject: { type: 'package', id: pkg.id },
    title: `New comment on ${names.what} (${names.project})`,
    path: `/packages/${pkg.id}/review`,
    occurrence: comment.id,
    users: await authorTeamOf(trx, pkg),
  });
}

export { authorTeamOf as notificationAuthorTeamOf };
