/**
 * The release job end to end on SQLite and PostgreSQL (issue 12): a system manager starts the
 * release of an approved package by typing the project's name; the job seals a bundle that
 * `verifyBundle` accepts with the server's public key, holding the approved outputs only; the
 * first link serves nothing before the package is released. A job stopped after a step resumes
 * from it without sealing twice; a job that keeps failing leaves the package `failed` (never
 * `released`) and the release can be started again.
 */
import { createHash } from 'node:crypto';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReleaseCheckpoint } from '../../common/vocab/release';
import { keyFingerprint } from '../../common/bundle/public-keys';
import { bytesSource } from '../../common/bundle/random-access';
import { verifyBundle } from '../../common/bundle/verify';
import { TEST_DIALECTS } from '../testing/databases';
import { createPackageAt, freshPackageWorldPerTest, type PackageWorld } from '../testing/package-factories';
import { personIn } from '../testing/world-lifecycle';
import { openLinkDownload } from './link-downloads.commands';
import { startRelease } from './release-start.commands';
import { getPackage } from './packages.commands';
import { ADDRESS_LISTS } from '../http/address-lists';

const FILES = [
  { path: 'results/report.md', content: '# Final report\n\nRates per 100,000, rounded to the nearest 5.\n' },
  { path: 'results/figure-notes.md', content: '# Figure notes\n\nEvery figure uses rounded counts.\n' },
  { path: 'code/analysis.py', content: 'print("supporting code")\n', role: 'supporting' as const },
];

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

type Checkpoint = ReleaseCheckpoint;

/** Stops the job once before `stopAt` (as a killed worker would), the first time it gets there. */
const stopOnceBefore = (stopAt: Checkpoint) => {
  let stopped = false;
  return async (next: Checkpoint) => {
    if (next === stopAt && !stopped) {
      stopped = true;
      throw new Error(`stopped before ${next}`);
    }
  };
};

describe.each(TEST_DIALECTS)('the release job on %s', (dialect) => {
  let world: PackageWorld;
  afterEach(() => {
    stops.at = undefined;
  });
  const stops: { at?: (next: Checkpoint) => Promise<void> } = {};
  freshPackageWorldPerTest(dialect, (w) => (world = w), { release: { checkpoint: (next: Checkpoint) => stops.at?.(next) ?? Promise.resolve() } });

  const manager = () => personIn(world, 'sysadmin').ctx;
  const projectName = async () => (await world.db.selectFrom('projects').select('name').where('id', '=', world.projectId).executeTakeFirstOrThrow()).name;
  const deps = () => ({ addresses: ADDRESS_LISTS, startRelease: (id: string) => world.services.startRelease(id) });
  const statusOf = async (id: string) => (await getPackage(manager(), id)).status;
  const start = async (id: string, confirmation?: string) =>
    startRelease(manager(), deps(), id, { confirmation: confirmation ?? (await projectName()), version: (await getPackage(manager(), id)).version, link: { maxDownloads: 2 } });
  const publicKeys = async () => {
    const signer = await world.services.bundleKeys.load();
    if (!signer) throw new Error('no bundle key');
    return [{ fingerprint: keyFingerprint(signer.publicKey), publicKey: signer.publicKey }];
  };
  const linkDownload = (token: string) =>
    openLinkDownload({ ...manager(), origin: { address: '127.0.0.1' } } as never, { blobs: world.services.blobs, addresses: ADDRESS_LISTS }, token, () => ({ kind: 'full' }));

  it('releases an approved package as a verified bundle of its approved outputs only', async () => {
    const pkg = await createPackageAt(world, 'approved', { files: FILES });
    const started = await start(pkg.id);
    expect(started.release.method).toBe('link');
    expect(started.link?.token).toMatch(/^egl_/);
    await world.services.settleReleases();
    expect(await statusOf(pkg.id)).toBe('released');
    expect((await getPackage(manager(), pkg.id)).abilities.startRelease).toBe(false);

    const release = await world.db.selectFrom('releases').selectAll().where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
    expect(release.step).toBe('released');
    const bundle = await readAll(await world.services.blobs.open(release.bundle_sha256 as string));
    expect(createHash('sha256').update(bundle).digest('hex')).toBe(release.bundle_sha256);
    const result = await verifyBundle(bytesSource(bundle), { keys: await publicKeys() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.files).toBe(2);
    expect(result.summary.tier).toBe(1);

    // The link issued at the start now serves exactly that bundle.
    const download = await linkDownload(started.link?.token as string);
    expect(download.kind).toBe('stream');
    if (download.kind === 'stream') {
      expect((await readAll(download.stream)).equals(bundle)).toBe(true);
      await download.finish(bundle.length);
    }
    const events = await world.db.selectFrom('audit_events').select('action').where('object_id', '=', pkg.id).where('action', 'in', ['package.release_started', 'package.released']).execute();
    expect(events.map((e) => e.action).sort()).toEqual(['package.release_started', 'package.released']);
  });

  it('encrypts the bundle for the destination’s recipient key where the tier demands it', async () => {
    const identity = await generateX25519Identity();
    const pkg = await createPackageAt(world, 'approved', { workPackage: 'handover', tier: 2, registered: { kind: 'data_provider', recipientKey: await identityToRecipient(identity) } });
    await start(pkg.id);
    await world.services.settleReleases();
    expect(await statusOf(pkg.id)).toBe('released');
    const release = await world.db.selectFrom('releases').selectAll().where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
    expect(release.bundle_name).toMatch(/\.zip\.age$/);
    const encrypted = await readAll(await world.services.blobs.open(release.bundle_sha256 as string));
    expect(encrypted.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const bundle = Buffer.from(await decrypter.decrypt(encrypted));
    const result = await verifyBundle(bytesSource(bundle), { keys: await publicKeys() });
    expect(result.ok).toBe(true);
  });

  it('refuses a confirmation that is not the project’s name, and changes nothing', async () => {
    const pkg = await createPackageAt(world, 'approved');
    await expect(start(pkg.id, 'release it')).rejects.toMatchObject({ code: 'release.confirmation_mismatch' });
    expect(await statusOf(pkg.id)).toBe('approved');
    expect(await world.db.selectFrom('releases').select('id').where('package_id', '=', pkg.id).execute()).toEqual([]);
  });

  it.each(['dpr', 'investigator', 'researcher', 'programme'])('refuses the release to %s', async (who) => {
    const pkg = await createPackageAt(world, 'approved');
    const ctx = personIn(world, who).ctx;
    expect((await getPackage(ctx, pkg.id)).abilities.startRelease).toBe(false);
    expect((await getPackage(manager(), pkg.id)).abilities.startRelease).toBe(true);
    await expect(startRelease(ctx, deps(), pkg.id, { confirmation: await projectName(), version: (await getPackage(manager(), pkg.id)).version, link: { maxDownloads: 1 } })).rejects.toMatchObject({
      code: expect.stringMatching(/^(release\.not_allowed|package\.self_review|auth\.forbidden|package\.not_found)$/),
    });
    expect(await statusOf(pkg.id)).toBe('approved');
  });

  it.each(['seal', 'deliver', 'release'] as const)('resumes after a stop before %s without sealing twice', async (stopAt) => {
    stops.at = stopOnceBefore(stopAt);
    const pkg = await createPackageAt(world, 'approved', { files: FILES });
    const started = await start(pkg.id);
    await world.services.settleReleases();
    expect(await statusOf(pkg.id)).toBe('released');
    const steps = await world.db.selectFrom('audit_events').select('summary').where('object_id', '=', pkg.id).where('action', '=', 'release.step_reached').execute();
    const reached = steps.map((s) => (JSON.parse(s.summary) as { to: string }).to);
    expect(reached.filter((to) => to === 'sealed')).toHaveLength(1);
    expect(reached.filter((to) => to === 'released')).toHaveLength(1);
    expect(await world.db.selectFrom('releases').select('id').where('package_id', '=', pkg.id).execute()).toHaveLength(1);
    expect(started.release.step).not.toBe('failed');
  });

  it('fails the package, never releases it, and releases it when started again', async () => {
    stops.at = async (next) => {
      if (next === 'deliver') throw new Error('the destination is unreachable');
    };
    const pkg = await createPackageAt(world, 'approved');
    const first = await start(pkg.id);
    await world.services.settleReleases();
    expect(await statusOf(pkg.id)).toBe('failed');
    const failed = await world.db.selectFrom('releases').selectAll().where('package_id', '=', pkg.id).executeTakeFirstOrThrow();
    expect(failed.step).toBe('failed');
    expect(failed.failure_reason).toContain('the destination is unreachable');
    expect((await getPackage(manager(), pkg.id)).abilities.startRelease).toBe(true);
    // The sealed bundle never leaves: the link refuses.
    await expect(linkDownload(first.link?.token as string)).rejects.toMatchObject({ code: 'link.not_ready' });

    stops.at = undefined;
    await start(pkg.id);
    await world.services.settleReleases();
    expect(await statusOf(pkg.id)).toBe('released');
    expect((await world.db.selectFrom('releases').select('step').where('package_id', '=', pkg.id).orderBy('started_at').execute()).map((r) => r.step)).toEqual(['failed', 'released']);
  });
});
