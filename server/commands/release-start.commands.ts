/**
 * Starting a release (issue 12): a system manager confirms by typing the project's name; in one
 * transaction the package moves approved → releasing (or failed → releasing again, for a release
 * that failed), an attempt is recorded with the files it takes out, and, for the download-link
 * method, the first link is issued (its token is in the answer only, and it serves nothing until
 * the package is released). After the commit the release job is queued (server/commands/release-stage.ts).
 */
import { type StartedRelease, startReleaseRequestSchema } from '../../common/contracts/releases.contract';
import { insertRelease } from '../db/releases.repository';
import { DomainError } from '../domain/errors';
import { authorizeRelease } from '../policies/release.policy';
import type { AddressLists } from '../ports/address-lists';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import { parseInput } from './parse-input';
import { releaseDestinationOf } from './release-destination.queries';
import { releasableFiles } from './released-files.queries';
import { getPackageRelease, issueLinkInTransaction, linkLifetimeOf } from './releases.commands';
import { holdReleaseLinkEmail } from './notification-events';

export interface StartReleaseDeps {
  addresses: AddressLists;
  /** Queues the release job (called after the commit). */
  startRelease(releaseId: string): Promise<void>;
}

/** Refused with `release.confirmation_mismatch` unless `confirmation` is the project's name. */
export async function startRelease(ctx: CommandContext, deps: StartReleaseDeps, packageId: string, input: unknown): Promise<StartedRelease> {
  const request = parseInput(startReleaseRequestSchema, input);
  const started = await inTransaction(ctx, async (trx) => {
    const tctx = { ...ctx, db: trx };
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    const linkLifetimeHours = await linkLifetimeOf(trx, state);
    authorizeRelease('start', { package: state.subject, linkLifetimeHours, failedStage: state.pkg.failed_stage });
    if (request.confirmation.trim() !== state.project.name.trim()) {
      throw new DomainError('release.confirmation_mismatch', `Type the project’s name exactly (“${state.project.name}”) to confirm the release`);
    }
    const destination = await releaseDestinationOf(trx, packageId);
    if (destination.method === 'link' && linkLifetimeHours === null) {
      throw new DomainError('link.not_allowed_by_tier', 'The package’s tier allows no download links; choose a destination that is delivered another way');
    }
    if (destination.method === 'link' && !request.link) {
      throw new DomainError('validation.invalid_input', 'Say how many downloads the first link allows (link.maxDownloads)');
    }
    const files = await releasableFiles(trx, packageId);
    const action = state.pkg.status === 'failed' ? 'retry' : 'release';
    await transitionPackage(trx, tctx, state, action, { version: request.version });
    const at = nowIso(ctx);
    const release = await insertRelease(
      trx,
      { packageId, method: destination.method, destinationId: destination.id, files, startedBy: ctx.actor.userId, at },
      auditBy(ctx, 'release.started', { type: 'package', id: packageId, projectId: state.pkg.project_id }, { destinationKind: destination.kind, destinationId: destination.id }),
    );
    const link =
      destination.method === 'link' && request.link
        ? await issueLinkInTransaction(trx, tctx, deps.addresses, { ...release, projectId: state.pkg.project_id }, linkLifetimeHours as number, request.link)
        : null;
    // The recipient's e-mail with this link waits until the release job finishes.
    if (link) await holdReleaseLinkEmail(trx, tctx, state.pkg, release, link.token);
    return { releaseId: release.id, link };
  });
  await deps.startRelease(started.releaseId);
  return { release: await getPackageRelease(ctx, packageId), link: started.link };
}
