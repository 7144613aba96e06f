/**
 * Released packages for tests, before the release job exists: `approveReport` takes the world's
 * report package to approved through the real commands (classification at tier 1, one output,
 * submission, the checks, the DPR's review, both sign-offs); `releasePackage` stores a bundle
 * blob, records a release attempt with the repository functions the release job will call
 * (insert, advance step by step) and moves the package approved → releasing → released with
 * the real `transitionPackage`.
 *
 * The release job itself (server/commands/release-stage.ts) seals a real bundle; this factory is
 * for tests of what follows a release (links, revocation, released files) with bundle bytes of
 * their choosing.
 */
import { Readable } from 'node:stream';
import type { CommandContext } from '../commands/context';
import { auditBy, inTransaction, systemActor } from '../commands/context';
import { submitOpinion } from '../commands/classification.commands';
import { registerDestination } from '../commands/destinations.commands';
import { choosePackageDestination } from '../commands/package-destination.commands';
import { transitionPackage } from '../commands/package-lifecycle';
import { lockPackageFor } from '../commands/package-access';
import { ingestFile } from '../commands/package-files.commands';
import { changePackageStatus, getPackage, updatePackageContext } from '../commands/packages.commands';
import { releasableFiles } from '../commands/released-files.queries';
import { decideFile, submitReview } from '../commands/review.commands';
import { getReviewSummary } from '../commands/review.queries';
import { listPackageSignOffs, signOff } from '../commands/sign-offs.commands';
import { type Release, advanceRelease, insertRelease } from '../db/releases.repository';
import type { PackageServices } from '../ports/package-services';
import { type World, pathFor } from './factories';

const ctxOf = (world: World, key: string): CommandContext => {
  const person = world.users[key];
  if (!person) throw new Error(`no world user "${key}"`);
  return person.ctx;
};

/** Takes the world's report package to approved at tier 1 with `files` as its outputs. */
export async function approveReport(
  world: World,
  services: PackageServices & { settle(): Promise<void> },
  files: Record<string, string | Buffer> = { 'report.md': '# Final report\n' },
): Promise<string> {
  const pkgId = world.wp.report;
  for (const key of ['investigator', 'dpr']) await submitOpinion(ctxOf(world, key), pkgId, { path: pathFor(1) });
  const outputs: Record<string, { shows: string; supportingFileIds: string[] }> = {};
  for (const [path, content] of Object.entries(files)) {
    const recorded = await ingestFile(ctxOf(world, 'researcher'), services, pkgId, { path, source: 'upload' }, Readable.from([Buffer.from(content)]));
    outputs[recorded.file.id] = { shows: `What ${path} shows`, supportingFileIds: [] };
  }
  const researcher = ctxOf(world, 'researcher');
  const context = {
    purpose: 'The final report',
    recipient: 'The research team',
    destinationKind: 'research_team' as const,
    population: 'Adults, 2015–2020',
    suppressionThreshold: 10,
    rounding: 'to the nearest 5',
    outputs,
  };
  await updatePackageContext(researcher, pkgId, { context, version: (await getPackage(researcher, pkgId)).version });
  const destination = await registerDestination(
    ctxOf(world, 'sysadmin'),
    world.projectId,
    { name: 'The research team’s download link', kind: 'research_team', contactEmail: 'team@example.org', method: 'link' },
    { available: { pushTargets: [], folderExport: false } },
  );
  await choosePackageDestination(researcher, pkgId, { destinationId: destination.id, version: (await getPackage(researcher, pkgId)).version });
  await changePackageStatus(researcher, services, pkgId, { action: 'submit', version: (await getPackage(researcher, pkgId)).version });
  await services.settle();
  const dpr = ctxOf(world, 'dpr');
  for (const f of (await getReviewSummary(dpr, pkgId)).files.filter((x) => x.needsDecision)) {
    await decideFile(dpr, pkgId, f.fileId, { fileVersionId: f.fileVersionId, decision: 'approve' });
  }
  await submitReview(dpr, pkgId, {});
  for (const [key, role] of [
    ['investigator', 'investigator'],
    ['dpr', 'data_provider_representative'],
  ] as const) {
    const { digest } = await listPackageSignOffs(ctxOf(world, 'investigator'), pkgId);
    await signOff(ctxOf(world, key), pkgId, { role, digest });
  }
  const status = (await getPackage(researcher, pkgId)).status;
  if (status !== 'approved') throw new Error(`the report package is ${status}, not approved`);
  return pkgId;
}

export interface ReleasedPackage {
  release: Release;
  bundle: Buffer;
}

/**
 * Releases an approved package as the release job will: a bundle blob (`bundle`, default a
 * small stand-in, not a real sealed bundle), a release row advanced to `released`, the package
 * moved to released. The system manager `sysadmin` confirms the release.
 */
export async function releasePackage(world: World, services: PackageServices, pkgId: string, options: { bundle?: Buffer; name?: string } = {}): Promise<ReleasedPackage> {
  const bundle = options.bundle ?? Buffer.from(`PK stand-in bundle of ${pkgId}\n`.repeat(64));
  const stored = await services.blobs.put(Readable.from([bundle]));
  return { release: await releaseStoredBundle(world, pkgId, stored, options.name), bundle };
}

/**
 * As `releasePackage`, with a bundle blob the caller has already put in the blob store (a large
 * one, streamed: bench/link-download.bench.ts).
 */
export async function releaseStoredBundle(world: World, pkgId: string, stored: { sha256: string; bytes: number }, name = 'release-bundle.zip'): Promise<Release> {
  const manager = ctxOf(world, 'sysadmin');
  const system: CommandContext = { ...world.system, actor: systemActor('release job') };
  await inTransaction(manager, async (trx) => {
    const state = await lockPackageFor(trx, pkgId, manager.actor, 'view');
    await transitionPackage(trx, { ...manager, db: trx }, state, 'release', { version: state.pkg.version });
  });
  const object = { type: 'package', id: pkgId, projectId: world.projectId };
  return inTransaction(system, async (trx) => {
    const files = await releasableFiles(trx, pkgId);
    let r = await insertRelease(trx, { packageId: pkgId, method: 'link', files, startedBy: manager.actor.userId, at: system.clock.now().toISOString() }, auditBy(system, 'release.started', object));
    const sealed = { bundle: { sha256: stored.sha256, bytes: stored.bytes, name }, manifestSha256: 'a'.repeat(64), keyFingerprint: 'b'.repeat(64) };
    r = (await advanceRelease(trx, r.id, 'sealed', sealed, auditBy(system, 'release.step_reached', object))).release;
    for (const step of ['delivering', 'delivered'] as const) r = (await advanceRelease(trx, r.id, step, {}, auditBy(system, 'release.step_reached', object))).release;
    const state = await lockPackageFor(trx, pkgId, system.actor, 'view');
    await transitionPackage(trx, { ...system, db: trx }, state, 'released', { audit: { releaseId: r.id } });
    return (await advanceRelease(trx, r.id, 'released', {}, auditBy(system, 'release.step_reached', object))).release;
  });
}
