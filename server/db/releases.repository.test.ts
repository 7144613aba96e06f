/**
 * The release repository functions the release job calls, on SQLite and PostgreSQL: an attempt
 * is created at `sealing`, advanced idempotently (a repeated or concurrent call moves it once and
 * writes one event), refused past `sealing` without its bundle, ended as failed once, and a
 * package has at most one attempt that has not failed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommandContext, auditBy, inTransaction } from '../commands/context';
import { TEST_DIALECTS } from '../testing/databases';
import type { World } from '../testing/factories';
import { worldLifecycle } from '../testing/world-lifecycle';
import { advanceRelease, findLiveRelease, findRelease, insertRelease, listReleases, markReleaseFailed } from './releases.repository';

describe.each(TEST_DIALECTS)('the releases repository on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let ctx: CommandContext;
  beforeEach(async () => {
    world = await life.open();
    ctx = world.system;
  });
  afterEach(async () => life.close());

  const audit = (action: string) => auditBy(ctx, action, { type: 'package', id: world.wp.report, projectId: world.projectId });
  const start = () =>
    inTransaction(ctx, (trx) =>
      insertRelease(trx, { packageId: world.wp.report, method: 'link', files: [], startedBy: world.users.sysadmin?.id ?? null, at: ctx.clock.now().toISOString() }, audit('release.started')),
    );
  const sealed = { bundle: { sha256: 'c'.repeat(64), bytes: 1234, name: 'bundle.zip' }, manifestSha256: 'd'.repeat(64), keyFingerprint: 'e'.repeat(64) };
  const events = async (action: string) =>
    (await world.db.selectFrom('audit_events').select('summary').where('action', '=', action).execute()).map((r) => JSON.parse(r.summary) as Record<string, unknown>);

  it('creates an attempt at sealing and advances it step by step, each step once', async () => {
    const release = await start();
    expect(release).toMatchObject({ step: 'sealing', method: 'link', bundle: null, destinationId: null });
    const step = (to: 'sealed' | 'delivering' | 'delivered' | 'released', facts = {}) => inTransaction(ctx, (trx) => advanceRelease(trx, release.id, to, facts, audit('release.step_reached')));
    expect((await step('sealed', sealed)).advanced).toBe(true);
    // Repeating a step, or asking for an earlier one, changes nothing and writes no event.
    expect((await step('sealed', sealed)).advanced).toBe(false);
    expect((await step('delivering')).advanced).toBe(true);
    expect((await step('sealed')).advanced).toBe(false);
    expect((await step('delivered')).advanced).toBe(true);
    const done = await step('released');
    expect(done.release).toMatchObject({
      step: 'released',
      bundle: sealed.bundle,
      manifestSha256: sealed.manifestSha256,
      keyFingerprint: sealed.keyFingerprint,
      releasedAt: ctx.clock.now().toISOString(),
    });
    expect((await events('release.step_reached')).map((e) => e.to)).toEqual(['sealed', 'delivering', 'delivered', 'released']);
    // A released attempt does not fail.
    expect(await inTransaction(ctx, (trx) => markReleaseFailed(trx, release.id, 'too late', audit('release.failed')))).toBe(false);
  });

  it('moves an attempt once when two workers advance it at the same time', async () => {
    const release = await start();
    const results = await Promise.all([1, 2].map(() => inTransaction(ctx, (trx) => advanceRelease(trx, release.id, 'sealed', sealed, audit('release.step_reached')))));
    expect(results.filter((r) => r.advanced)).toHaveLength(1);
    expect(await events('release.step_reached')).toHaveLength(1);
  });

  it('refuses to seal without the bundle, its manifest and key', async () => {
    const release = await start();
    await expect(inTransaction(ctx, (trx) => advanceRelease(trx, release.id, 'sealed', { bundle: sealed.bundle }, audit('release.step_reached')))).rejects.toMatchObject({
      code: 'release.invalid_step',
    });
    expect((await findRelease(world.db, release.id))?.step).toBe('sealing');
  });

  it('ends an attempt as failed once, with its reason, and then allows a new attempt', async () => {
    const first = await start();
    await expect(start()).rejects.toMatchObject({ code: 'release.in_progress' });
    expect(await inTransaction(ctx, (trx) => markReleaseFailed(trx, first.id, 'the destination refused the upload', audit('release.failed')))).toBe(true);
    expect(await inTransaction(ctx, (trx) => markReleaseFailed(trx, first.id, 'again', audit('release.failed')))).toBe(false);
    await expect(inTransaction(ctx, (trx) => advanceRelease(trx, first.id, 'sealed', sealed, audit('release.step_reached')))).rejects.toMatchObject({ code: 'release.invalid_step' });
    expect(await findRelease(world.db, first.id)).toMatchObject({ step: 'failed', failureReason: 'the destination refused the upload' });
    world.clock.advance(60_000);
    const second = await start();
    expect((await findLiveRelease(world.db, world.wp.report))?.id).toBe(second.id);
    expect((await listReleases(world.db, world.wp.report)).map((r) => r.id)).toEqual([first.id, second.id]);
  });

  it('keeps one live attempt per package even when the database is asked directly', async () => {
    await start();
    const row = await world.db.selectFrom('releases').selectAll().executeTakeFirstOrThrow();
    await expect(
      world.db
        .insertInto('releases')
        .values({ ...row, id: 'another' })
        .execute(),
    ).rejects.toThrow();
  });
});
