/**
 * Releases, download links, revocation and the released files over the API, on SQLite and
 * PostgreSQL. The package is approved through the real commands and released by the test
 * factory (server/testing/release-factory.ts) with a bundle blob the test stores itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedLink, Release } from '../../../common/contracts/releases.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type ReleasedPackage, approveReport, releasePackage } from '../../testing/release-factory';
import { OUTSIDE_ADDRESS, type TestApp, expectError, startTestApp } from '../app.testing';

const ROLES = ['sysadmin', 'programme', 'investigator', 'researcher', 'dpr', 'referee', 'pm'] as const;
const MiB = 1024 * 1024;

/** A stand-in bundle of 3 MiB and a bit, so ranges cross the blob store's chunks. */
function bundleBytes(): Buffer {
  const out = Buffer.alloc(3 * MiB + 123);
  for (let i = 0; i < out.length; i++) out[i] = (i * 31 + (i >> 10)) & 0xff;
  return out;
}

describe.each(TEST_DIALECTS)('releases and download links on %s', (dialect) => {
  let t: TestApp;
  let released: ReleasedPackage;
  const pkgUrl = () => `/api/v1/packages/${t.world.wp.report}`;
  const issue = async (body: Record<string, unknown> = { maxDownloads: 5 }, key = 'sysadmin'): Promise<IssuedLink> => {
    const res = await t.as(key).post(`${pkgUrl()}/release/links`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as IssuedLink;
  };
  const download = (path: string, headers: Record<string, string> = {}, remoteAddress = OUTSIDE_ADDRESS) => t.anonymous.get(path, { headers, remoteAddress });
  const audits = async (action: string): Promise<({ objectId: string } & Record<string, unknown>)[]> =>
    (await t.database.db.selectFrom('audit_events').select(['object_id', 'summary']).where('action', '=', action).orderBy('seq').execute()).map((r) => ({
      objectId: r.object_id,
      ...(JSON.parse(r.summary) as Record<string, unknown>),
    }));

  beforeAll(async () => {
    t = await startTestApp(dialect, { linkLimit: { max: 1000, timeWindowMs: 60_000 } });
    const pkgId = await approveReport(t.world, t.services, { 'report.md': '# Final report\n', 'table.csv': 'group,count\nA,25\nB,40\n' });
    released = await releasePackage(t.world, t.services, pkgId, { bundle: bundleBytes(), name: 'report "final".zip' });
  }, 120_000);
  afterAll(async () => t.close());

  it('shows the release to everyone who can see the package, and to nobody else', async () => {
    for (const key of ROLES) {
      const res = await t.as(key).get(`${pkgUrl()}/release`);
      expect([key, res.statusCode]).toEqual([key, 200]);
      const body = res.json() as Release;
      expect(body).toMatchObject({ step: 'released', method: 'link', linkLifetimeHours: 72, revocation: null });
      expect(body.bundle).toEqual({ sha256: released.release.bundle?.sha256, bytes: released.bundle.length, name: 'report "final".zip' });
      expect(body.abilities).toEqual({ issueLink: key === 'sysadmin', revoke: key === 'sysadmin' || key === 'dpr' });
    }
    expectError(await t.as('outsider').get(`${pkgUrl()}/release`), 404, 'package.not_found');
    expectError(await t.as('sysadmin').get(`/api/v1/packages/${randomUUID()}/release`), 404, 'package.not_found');
    // Another work package of the project has no release.
    expectError(await t.as('sysadmin').get(`/api/v1/packages/${t.world.wp.handover}/release`), 404, 'release.not_found');
  });

  it('lets only a system manager issue a link, within the tier’s lifetime, with a valid allow-list', async () => {
    const before = await t.counts();
    for (const key of ['programme', 'investigator', 'researcher', 'dpr', 'referee', 'pm']) {
      expectError(await t.as(key).post(`${pkgUrl()}/release/links`, { maxDownloads: 1 }), 403, 'release.not_allowed');
    }
    expectError(await t.as('outsider').post(`${pkgUrl()}/release/links`, { maxDownloads: 1 }), 404, 'package.not_found');
    expectError(await t.as('sysadmin').post(`/api/v1/packages/${t.world.wp.handover}/release/links`, { maxDownloads: 1 }), 409, 'release.not_released');
    expectError(await t.as('sysadmin').post(`${pkgUrl()}/release/links`, { maxDownloads: 1, lifetimeHours: 73 }), 422, 'link.lifetime_too_long');
    expectError(await t.as('sysadmin').post(`${pkgUrl()}/release/links`, { maxDownloads: 1, allowedNetworks: ['192.0.2.0/33'] }), 422, 'link.networks_invalid');
    expectError(await t.as('sysadmin').post(`${pkgUrl()}/release/links`, { maxDownloads: 0 }), 422, 'validation.invalid_input');
    expect(await t.counts()).toEqual(before);

    const issued = await issue({ maxDownloads: 2, lifetimeHours: 10 });
    expect(issued.token).toMatch(/^egl_[A-Za-z0-9_-]{43}$/);
    expect(issued.path).toBe(`/api/v1/links/${issued.token}`);
    expect(issued.link).toMatchObject({ maxDownloads: 2, downloads: 0, state: 'active', allowedNetworks: null });
    expect(Date.parse(issued.link.expiresAt) - t.world.clock.now().getTime()).toBe(10 * 3_600_000);
    // The token is stored nowhere and said nowhere else: not in the database, the audit log or the listing.
    const everything = JSON.stringify([await t.database.db.selectFrom('release_links').selectAll().execute(), await t.database.db.selectFrom('audit_events').selectAll().execute()]);
    expect(everything).not.toContain(issued.token);
    expect(everything).toContain(createHash('sha256').update(issued.token).digest('hex'));
    expect((await t.as('dpr').get(`${pkgUrl()}/release`)).body).not.toContain(issued.token);
    expect(await audits('release.link_issued')).toContainEqual(expect.objectContaining({ linkId: issued.link.id, maxDownloads: 2 }));
  });

  it('serves exactly the release’s bundle, whole, as an attachment with its ETag', async () => {
    const { path } = await issue();
    const res = await download(path);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(released.bundle)).toBe(true);
    expect(res.headers).toMatchObject({
      'accept-ranges': 'bytes',
      etag: `"${released.release.bundle?.sha256}"`,
      'content-length': String(released.bundle.length),
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="report _final_.zip"; filename*=UTF-8''report%20%22final%22.zip`,
    });
    // Not the package's files: the bundle blob and nothing else.
    expect(res.body).not.toContain('group,count');
    const started = (await audits('release.link_download_started')).at(-1);
    expect(started).toMatchObject({ address: OUTSIDE_ADDRESS, range: null, counted: true });
    await expect.poll(async () => (await audits('release.link_download_ended')).at(-1)).toMatchObject({ bytesSent: released.bundle.length, complete: true, address: OUTSIDE_ADDRESS });
  });

  it('resumes with single ranges, answers 416 past the end and honours If-Range', async () => {
    const { path, link } = await issue({ maxDownloads: 1 });
    const size = released.bundle.length;
    const etag = `"${released.release.bundle?.sha256}"`;
    const first = await download(path, { range: 'bytes=0-999' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-999/${size}`);
    expect(first.rawPayload.equals(released.bundle.subarray(0, 1000))).toBe(true);
    // The resume does not count: the link allows one download, and that was the first request.
    const rest = await download(path, { range: 'bytes=1000-', 'if-range': etag });
    expect(rest.statusCode).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes 1000-${size - 1}/${size}`);
    expect(Buffer.concat([first.rawPayload, rest.rawPayload]).equals(released.bundle)).toBe(true);
    const suffix = await download(path, { range: 'bytes=-10' });
    expect(suffix.rawPayload.equals(released.bundle.subarray(size - 10))).toBe(true);
    const past = await download(path, { range: `bytes=${size}-` });
    expectError(past, 416, 'link.range_not_satisfiable');
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    // A changed entity (If-Range does not match) sends the whole bundle, which counts: the one allowed is used.
    expectError(await download(path, { range: 'bytes=1000-', 'if-range': '"something-else"' }), 410, 'link.exhausted');
    expectError(await download(path), 410, 'link.exhausted');
    const row = await t.database.db.selectFrom('release_links').select('downloads').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(Number(row.downloads)).toBe(1);
    expect(await audits('release.link_refused')).toContainEqual(expect.objectContaining({ objectId: link.id, code: 'range_not_satisfiable', address: OUTSIDE_ADDRESS }));
  });

  it('counts downloads atomically: of 8 concurrent requests at a limit of 3, exactly 3 are served', async () => {
    const { path, link } = await issue({ maxDownloads: 3 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => download(path)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 410, 410, 410, 410, 410]);
    for (const r of answers.filter((a) => a.statusCode === 200)) expect(r.rawPayload.equals(released.bundle)).toBe(true);
    const row = await t.database.db.selectFrom('release_links').select('downloads').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(Number(row.downloads)).toBe(3);
    const refused = (await audits('release.link_refused')).filter((a) => a.objectId === link.id);
    expect(refused.map((a) => a.code)).toEqual(Array(5).fill('link.exhausted'));
  });

  it('refuses a link from an address outside its allow-list (403) and serves one inside it', async () => {
    const { path, link } = await issue({ maxDownloads: 5, allowedNetworks: ['192.0.2.0/24', '2001:db8::/32'] });
    expect(link.allowedNetworks).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    expectError(await download(path, {}, OUTSIDE_ADDRESS), 403, 'link.address_not_allowed');
    expect((await download(path, {}, '192.0.2.77')).statusCode).toBe(200);
    expect((await download(path, {}, '2001:db8::5')).statusCode).toBe(200);
    expect(await audits('release.link_refused')).toContainEqual(expect.objectContaining({ objectId: link.id, code: 'link.address_not_allowed', address: OUTSIDE_ADDRESS }));
  });

  it('answers every unknown or guessed token alike with 404, audited with the address but no part of the token', async () => {
    const guesses = [`egl_${'A'.repeat(43)}`, 'egl_short', 'not-a-token', `egl_${released.release.id}`];
    for (const guess of guesses) expectError(await download(`/api/v1/links/${guess}`, {}, '203.0.113.9'), 404, 'link.not_found');
    const refused = (await audits('release.link_refused')).filter((a) => a.address === '203.0.113.9');
    expect(refused).toHaveLength(guesses.length);
    expect(refused.every((a) => a.code === 'link.not_found' && a.objectId === 'unknown')).toBe(true);
    const log = JSON.stringify(await t.database.db.selectFrom('audit_events').select('summary').execute());
    for (const guess of guesses) expect(log).not.toContain(guess);
  });

  it('lists the released files and reads only those, audited', async () => {
    const files = await t.as('researcher').get(`${pkgUrl()}/released-files`);
    expect(files.statusCode, files.body).toBe(200);
    const listed = (files.json() as { files: { path: string; fileId: string }[] }).files;
    expect(listed.map((f) => f.path).sort()).toEqual(['report.md', 'table.csv']);
    for (const key of ROLES) expect([key, (await t.as(key).get(`${pkgUrl()}/released-files`)).statusCode]).toEqual([key, 200]);
    expectError(await t.as('outsider').get(`${pkgUrl()}/released-files`), 404, 'package.not_found');
    expectError(await t.as('researcher').get(`/api/v1/packages/${t.world.wp.handover}/released-files`), 403, 'content.not_released');
    const table = listed.find((f) => f.path === 'table.csv');
    const read = await t.as('dpr').get(`${pkgUrl()}/files/${table?.fileId}/content`, { remoteAddress: OUTSIDE_ADDRESS });
    expect(read.statusCode).toBe(200);
    expect(read.body).toBe('group,count\nA,25\nB,40\n');
    expect(await audits('file.content_read')).toContainEqual(expect.objectContaining({ path: 'table.csv', address: OUTSIDE_ADDRESS }));
  });

  it('rate limits the link route per address', async () => {
    const limited = await startTestApp(dialect, { linkLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.anonymous.get(`/api/v1/links/egl_guess${i}`, { remoteAddress: '203.0.113.50' })).statusCode);
      expect(codes).toEqual([404, 404, 404, 429, 429]);
      expect((await limited.anonymous.get('/api/v1/links/egl_other', { remoteAddress: '203.0.113.51' })).statusCode).toBe(404);
      const refused = await limited.database.db.selectFrom('audit_events').select('seq').where('action', '=', 'release.link_refused').execute();
      expect(refused).toHaveLength(4);
    } finally {
      await limited.close();
    }
  });

  it('refuses an expired link with 410 once the clock passes its expiry', async () => {
    // Its own app: moving the clock an hour also ends the other tests' sessions.
    const other = await startTestApp(dialect);
    try {
      await releasePackage(other.world, other.services, await approveReport(other.world, other.services));
      const res = await other.as('sysadmin').post(`/api/v1/packages/${other.world.wp.report}/release/links`, { maxDownloads: 5, lifetimeHours: 1 });
      const { path, link } = res.json() as IssuedLink;
      expect((await other.anonymous.get(path, { headers: { range: 'bytes=0-0' }, remoteAddress: OUTSIDE_ADDRESS })).statusCode).toBe(206);
      other.world.clock.advance(3_600_000 - 1);
      expect((await other.anonymous.get(path, { remoteAddress: OUTSIDE_ADDRESS })).statusCode).toBe(200);
      other.world.clock.advance(1);
      expectError(await other.anonymous.get(path, { remoteAddress: OUTSIDE_ADDRESS }), 410, 'link.expired');
      expectError(await other.anonymous.get(path, { headers: { range: 'bytes=1-' }, remoteAddress: OUTSIDE_ADDRESS }), 410, 'link.expired');
      const row = await other.database.db.selectFrom('release_links').select('downloads').where('id', '=', link.id).executeTakeFirstOrThrow();
      expect(Number(row.downloads)).toBe(2);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('revokes with a reason (system manager or the DPR only), killing every link at once; then nothing is readable', async () => {
    const { path } = await issue({ maxDownloads: 5 });
    const version = async () => ((await t.as('sysadmin').get(pkgUrl())).json() as { version: number }).version;
    const before = await t.counts();
    for (const key of ['programme', 'investigator', 'researcher', 'referee', 'pm']) {
      const res = await t.as(key).post(`${pkgUrl()}/release/revoke`, { reason: 'Not allowed', version: await version() });
      expect([key, res.statusCode]).toEqual([key, 403]);
    }
    expectError(await t.as('outsider').post(`${pkgUrl()}/release/revoke`, { reason: 'x', version: await version() }), 404, 'package.not_found');
    expectError(await t.as('dpr').post(`${pkgUrl()}/release/revoke`, { reason: '  ', version: await version() }), 422, 'validation.invalid_input');
    expectError(await t.as('dpr').post(`${pkgUrl()}/transitions`, { action: 'revoke', comment: 'bypass', version: await version() }), 422, 'validation.invalid_input');
    expect(await t.counts()).toEqual(before);

    const res = await t.as('dpr').post(`${pkgUrl()}/release/revoke`, { reason: 'The provider found a small count in table 2', version: await version() });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Release;
    expect(body.revocation).toMatchObject({ byName: 'dpr', reason: 'The provider found a small count in table 2' });
    expect(body.links.every((l) => l.state === 'revoked' && l.revokedAt !== null)).toBe(true);
    expect(body.abilities).toEqual({ issueLink: false, revoke: false });
    const live = await t.database.db.selectFrom('release_links').select('id').where('revoked_at', 'is', null).execute();
    expect(live).toEqual([]);
    expect((await audits('package.revoked')).at(-1)).toMatchObject({ comment: 'The provider found a small count in table 2', linksRevoked: body.links.length });

    const gone = await download(path);
    expectError(gone, 410, 'link.revoked');
    expect((gone.json() as { error: { message: string } }).error.message).toMatch(/release was revoked/);
    expectError(await t.as('researcher').get(`${pkgUrl()}/released-files`), 403, 'content.revoked');
    expectError(await t.as('sysadmin').post(`${pkgUrl()}/release/links`, { maxDownloads: 1 }), 409, 'release.not_released');
    expectError(await t.as('sysadmin').post(`${pkgUrl()}/release/revoke`, { reason: 'again', version: await version() }), 409, 'workflow.invalid_transition');
  });
});
