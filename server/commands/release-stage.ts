/**
 * The release job (issue 12, docs/packages.md "Release"): takes a package that a system manager
 * started releasing (`releasing`, one attempt row at `sealing`) to `released`, one recorded step
 * at a time so that a killed worker resumes where it stopped and nothing is done twice:
 *
 *   sealing → sealed      the manifest is built and the bundle sealed into the blob store (then
 *                         encrypted to the recipient's key where the destination has one). The
 *                         manifest's time is the release's start, and Ed25519 and the zip writer
 *                         are deterministic, so sealing again after a kill gives the same bytes
 *                         (the same blob, by its sha256), never a second bundle;
 *   sealed → delivered    the method's delivery step (none for a link; push and folder export
 *                         are idempotent on their own);
 *   delivered → released  the package moves to `released` in the same transaction, and from then
 *                         on its links serve the bundle.
 *
 * A step that throws is retried by the queue; after the last attempt the attempt is marked
 * failed and the package moves to `failed` with the reason (`failRelease`). Nothing partial is
 * ever marked released: the package becomes `released` only in the transaction that records the
 * final step.
 */
import type { ReleaseCheckpoint } from '../../common/vocab/release';
import { findDestination } from '../db/destinations.repository';
import { type Release, advanceRelease, findRelease, markReleaseFailed } from '../db/releases.repository';
import { findUserById } from '../db/users.repository';
import type { BundleSealer } from '../ports/bundle-sealer';
import type { BundleKeyStore } from '../ports/bundle-signer';
import type { EncryptBundle, ReleaseDeliverySteps } from '../ports/release-delivery';
import { currentBundleSigner } from './bundle-keys.commands';
import { buildManifest } from './bundle-manifest.queries';
import { type CommandContext, auditBy, inTransaction } from './context';
import { lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import { releaseDestinationOf } from './release-destination.queries';

export const RELEASE_QUEUE = 'package-release';

export interface ReleaseJob {
  releaseId: string;
}

export interface ReleaseDeps {
  bundles: BundleSealer;
  bundleKeys: BundleKeyStore;
  delivery: ReleaseDeliverySteps;
  /** Encrypts for the recipient where the destination has a recipient key (the tier demands it). */
  encrypt?: EncryptBundle;
  toolVersion: string;
  /** Called at each checkpoint, before what it names (tests stop the job there, as a killed worker would, to prove it resumes). */
  checkpoint?: (next: ReleaseCheckpoint) => Promise<void>;
}

const object = (release: Release, projectId: string) => ({ type: 'package', id: release.packageId, projectId });

/** Runs (or resumes) the release attempt `job.releaseId`; does nothing for an attempt that already ended. */
export async function runRelease(ctx: CommandContext, deps: ReleaseDeps, job: ReleaseJob): Promise<void> {
  let release = await findRelease(ctx.db, job.releaseId);
  if (!release || release.step === 'released' || release.step === 'failed') return;
  const pkg = await ctx.db.selectFrom('packages').select(['status', 'project_id']).where('id', '=', release.packageId).executeTakeFirst();
  if (!pkg || pkg.status !== 'releasing') return;
  const projectId = pkg.project_id;

  if (release.step === 'sealing') {
    await deps.checkpoint?.('seal');
    const destination = await releaseDestinationOf(ctx.db, release.packageId);
    const releasedBy = release.startedBy ? { id: release.startedBy, name: (await findUserById(ctx.db, release.startedBy))?.name ?? '' } : { id: 'system', name: 'system' };
    const manifest = await buildManifest(ctx.db, release.packageId, { releaseId: release.id, releasedAt: release.startedAt, releasedBy, toolVersion: deps.toolVersion, destination });
    const signer = await currentBundleSigner(ctx, deps.bundleKeys);
    const sealed = await deps.bundles.sealToStore(manifest, signer);
    const name =
      `${manifest.project.name}-${manifest.workPackage.name}`
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 100) || 'bundle';
    let bundle = { sha256: sealed.sha256, bytes: sealed.bytes, name: `${name}.zip` };
    if (destination.recipientKeyFingerprint && destination.id) {
      // What leaves is the bundle encrypted to the recipient (age): what links serve and deliveries send.
      const recipientKey = (await findDestination(ctx.db, destination.id))?.recipient_key;
      if (!deps.encrypt || !recipientKey) throw new Error('the destination has a recipient key fingerprint but no key or no encryption is configured');
      const encrypted = await deps.encrypt(sealed.sha256, recipientKey);
      bundle = { sha256: encrypted.sha256, bytes: encrypted.bytes, name: `${name}.zip.age` };
    }
    await deps.checkpoint?.('record-seal');
    release = await step(
      ctx,
      release,
      projectId,
      'sealed',
      { bundle, manifestSha256: sealed.manifestSha256, keyFingerprint: sealed.keyFingerprint },
      { sealedBundleSha256: sealed.sha256, encryptedFor: destination.recipientKeyFingerprint },
    );
  }

  if (release.step === 'sealed' || release.step === 'delivering') {
    await deps.checkpoint?.('deliver');
    const deliver = deps.delivery[release.method];
    if (release.method !== 'link' && !deliver) throw new Error(`no delivery is configured for the method ${release.method}`);
    const outcome = deliver && release.bundle ? await deliver({ releaseId: release.id, packageId: release.packageId, destinationId: release.destinationId, bundle: release.bundle }) : {};
    await deps.checkpoint?.('record-delivery');
    release = await step(ctx, release, projectId, 'delivered', {}, outcome);
  }

  await deps.checkpoint?.('release');

  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, release.packageId, ctx.actor, 'view');
    if (state.pkg.status !== 'releasing') return;
    await advanceRelease(trx, release.id, 'released', {}, auditBy(ctx, 'release.step_reached', object(release, projectId), { releaseId: release.id, to: 'released' }));
    await transitionPackage(trx, { ...ctx, db: trx }, state, 'released', { audit: { releaseId: release.id, bundleSha256: release.bundle?.sha256 ?? null } });
  });
}

async function step(
  ctx: CommandContext,
  release: Release,
  projectId: string,
  to: 'sealed' | 'delivered',
  facts: Parameters<typeof advanceRelease>[3],
  outcome: Record<string, unknown> = {},
): Promise<Release> {
  return inTransaction(ctx, async (trx) => {
    const audit = auditBy(ctx, 'release.step_reached', object(release, projectId), { releaseId: release.id, to, ...outcome });
    return (await advanceRelease(trx, release.id, to, facts, audit)).release;
  });
}

/** After the last attempt: the attempt is marked failed and the package moves to `failed` with the reason. */
export async function failRelease(ctx: CommandContext, job: ReleaseJob, error: string): Promise<void> {
  const reason = `Release failed: ${error}`.slice(0, 1000);
  await inTransaction(ctx, async (trx) => {
    const release = await findRelease(trx, job.releaseId);
    if (!release || release.step === 'released' || release.step === 'failed') return;
    const state = await lockPackageFor(trx, release.packageId, ctx.actor, 'view');
    const projectId = state.pkg.project_id;
    await markReleaseFailed(trx, release.id, reason, auditBy(ctx, 'release.failed', object(release, projectId), { releaseId: release.id, step: release.step }));
    if (state.pkg.status === 'releasing') await transitionPackage(trx, { ...ctx, db: trx }, state, 'fail', { comment: reason });
  });
}
