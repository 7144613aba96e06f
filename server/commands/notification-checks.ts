/**
 * The scheduled notification checks (issue 14, docs/notifications.md), run by the notification
 * scheduler (server/jobs/notification-email.worker.ts) every few minutes, as the system:
 *
 * - `notifyExpiringLinks`: a live download link (package released, link not revoked, downloads
 *   left) that expires within `withinHours` → `link_expiring` to the package's author team and, by
 *   e-mail without the link, to the destination's contact; once per link.
 * - `notifyClosureOverdue`: a project `closing` for at least `days` days (since its last
 *   `project.closing_started` event) → `closure_incomplete` to its project managers and the
 *   programme managers, once per `days` days it stays closing. `isChecklistComplete` lets the
 *   closure checklist (another branch) say that nothing is missing any more, which stops the reminders.
 *
 * Both are idempotent (the notifications' event keys), so several servers may run them.
 */
import { listExpiringLinks } from '../db/notification-facts.repository';
import { listActiveParticipants } from '../db/projects.repository';
import type { PackagesTable } from '../db/schema';
import { type CommandContext, inTransaction } from './context';
import { notificationAuthorTeamOf } from './notification-events';
import { notify } from './notify';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** Tells of live links expiring within `withinHours`; returns how many links were told of for the first time. */
export async function notifyExpiringLinks(ctx: CommandContext, withinHours: number): Promise<number> {
  const now = ctx.clock.now();
  const links = await listExpiringLinks(ctx.db, now.toISOString(), new Date(now.getTime() + withinHours * HOUR_MS).toISOString());
  let told = 0;
  for (const link of links) {
    told += await inTransaction(ctx, async (trx) => {
      const pkg = (await trx.selectFrom('packages').selectAll().where('id', '=', link.package_id).executeTakeFirstOrThrow()) as PackagesTable;
      const contact = link.destination_id ? await trx.selectFrom('destinations').select('contact_email').where('id', '=', link.destination_id).executeTakeFirst() : undefined;
      const base = { kind: 'link_expiring' as const, projectId: pkg.project_id, subject: { type: 'release_link' as const, id: link.link_id }, path: `/packages/${pkg.id}` };
      const title = `A download link for ${link.what} (${link.project}) expires at ${link.expires_at}`;
      const people = await notify(trx, { ...ctx, db: trx }, { ...base, title, occurrence: link.link_id, users: await notificationAuthorTeamOf(trx, pkg) });
      const outside = await notify(trx, { ...ctx, db: trx }, { ...base, title, occurrence: `${link.link_id}:contact`, emails: contact ? [contact.contact_email] : [] });
      return people + outside > 0 ? 1 : 0;
    });
  }
  return told;
}

/** Whether a project's closure checklist has nothing left (the closure branch supplies it; without it, a closing project counts as incomplete). */
export type ClosureChecklistProbe = (projectId: string) => Promise<boolean>;

/** Reminds the managers of projects closing for `days` days or more; returns how many projects were reminded now. */
export async function notifyClosureOverdue(ctx: CommandContext, days: number, isChecklistComplete?: ClosureChecklistProbe): Promise<number> {
  const now = ctx.clock.now().getTime();
  const closing = await ctx.db.selectFrom('projects').select(['id', 'name']).where('status', '=', 'closing').execute();
  const programmeManagers = (await ctx.db.selectFrom('users').select('id').where('system_role', '=', 'programme_manager').where('disabled', '=', 0).execute()).map((u) => u.id);
  let reminded = 0;
  for (const project of closing) {
    const started = await ctx.db.selectFrom('audit_events').select('at').where('object_id', '=', project.id).where('action', '=', 'project.closing_started').orderBy('seq', 'desc').executeTakeFirst();
    if (!started) continue;
    const elapsedDays = Math.floor((now - Date.parse(started.at)) / DAY_MS);
    if (elapsedDays < days) continue;
    if (isChecklistComplete && (await isChecklistComplete(project.id))) continue;
    const managers = (await listActiveParticipants(ctx.db, project.id)).filter((p) => p.role === 'project_manager').map((p) => p.user_id);
    const stored = await inTransaction(ctx, (trx) =>
      notify(
        trx,
        { ...ctx, db: trx },
        {
          kind: 'closure_incomplete',
          projectId: project.id,
          subject: { type: 'project', id: project.id },
          title: `${project.name} has been closing for ${elapsedDays} days and its closure checklist is not complete`,
          path: `/projects/${project.id}`,
          // One reminder per `days` days of closing, counted from the start of closing.
          occurrence: `${project.id}:${started.at}:${Math.floor(elapsedDays / days)}`,
          users: [...managers, ...programmeManagers],
        },
      ),
    );
    if (stored > 0) reminded += 1;
  }
  return reminded;
}
