/**
 * The output area through the real commands on both dialects, with folders built in a
 * temporary directory: setting it, browsing with statuses, copying at a moment in time
 * (a later change shows as `changed` and never alters the package), symbolic links that
 * leave the area, and who may browse and add.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutputAreaListing } from '../../common/contracts/output-area.contract';
import { verifyAuditChain } from '../db/audit.repository';
import { findProject } from '../db/projects.repository';
import { DomainError } from '../domain/errors';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld, snapshotCounts } from '../testing/factories';
import { type RunningObjectStore, startS3rver } from '../testing/object-store-servers';
import { type TestServices, createTestServices } from '../testing/services';
import { outputAreas } from '../storage/open-output-area';
import type { CommandContext } from './context';
import { browseOutputArea, getOutputAreaSetting, importFromOutputArea, setOutputArea } from './output-area.commands';
import { getPackageFile, listPackageFiles } from './packages.commands';

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

async function rejection(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(TEST_DIALECTS)('the output area on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  let services: TestServices;
  let root: string;
  let elsewhere: string;
  const ctxOf = (key: string): CommandContext => {
    const person = world.users[key];
    if (!person) throw new Error(`no ${key}`);
    return person.ctx;
  };
  const areas = () => ({ outputAreas: services.outputAreas });
  const deps = () => ({ blobs: services.blobs, limits: services.limits, ...areas() });
  const write = async (relative: string, content: string | Buffer) => {
    const at = join(root, relative);
    await mkdir(join(at, '..'), { recursive: true });
    await writeFile(at, content);
  };
  const browse = (key: string, query: Record<string, unknown> = {}): Promise<OutputAreaListing> => browseOutputArea(ctxOf(key), world.projectId, { packageId: world.wp.report, ...query }, areas());
  const entry = (listing: OutputAreaListing, name: string) => {
    const found = listing.entries.find((e) => e.name === name);
    if (!found) throw new Error(`no entry ${name} in ${listing.entries.map((e) => e.name).join(', ')}`);
    return found;
  };
  const storedBytes = async (sha: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of await services.blobs.open(sha)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    services = await createTestServices(database, { clock: world.clock });
    root = await mkdtemp(join(tmpdir(), 'egress-output-area-'));
    elsewhere = await mkdtemp(join(tmpdir(), 'egress-not-output-area-'));
    await setOutputArea(ctxOf('sysadmin'), world.projectId, { outputArea: root }, areas());
  });
  afterEach(async () => {
    await services.close();
    try {
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    } finally {
      await database.close();
      await rm(root, { recursive: true, force: true });
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  describe('setting it', () => {
    it('lets a system manager set and clear it, audited, and nobody else', async () => {
      expect(await getOutputAreaSetting(ctxOf('researcher'), world.projectId)).toEqual({ projectId: world.projectId, outputArea: root });
      const event = await database.db.selectFrom('audit_events').selectAll().where('action', '=', 'project.output_area_set').executeTakeFirstOrThrow();
      expect(event).toMatchObject({ object_id: world.projectId, project_id: world.projectId });
      expect(JSON.parse(event.summary)).toEqual({ from: null, to: root });

      for (const key of ['programme', 'pm', 'investigator']) {
        const before = await snapshotCounts(database.db);
        expect(await rejection(setOutputArea(ctxOf(key), world.projectId, { outputArea: elsewhere }, areas()))).toMatchObject({ code: 'auth.forbidden' });
        expect(await snapshotCounts(database.db)).toEqual(before);
      }
      expect((await findProject(database.db, world.projectId))?.output_area).toBe(root);
      expect(await setOutputArea(ctxOf('sysadmin'), world.projectId, { outputArea: null }, areas())).toEqual({ projectId: world.projectId, outputArea: null });
      expect(await rejection(browse('researcher'))).toMatchObject({ code: 'output_area.not_configured' });
    });

    it('refuses other URL schemes, missing folders and files, changing nothing', async () => {
      const before = await snapshotCounts(database.db);
      const sysadmin = ctxOf('sysadmin');
      const gs = await rejection(setOutputArea(sysadmin, world.projectId, { outputArea: 'gs://bucket/outputs' }, areas()));
      expect(gs.code).toBe('output_area.unsupported');
      expect(gs.message).toMatch(/s3:\/\/BUCKET\/PREFIX/);
      expect(await rejection(setOutputArea(sysadmin, world.projectId, { outputArea: 's3://bucket/a/../b' }, areas()))).toMatchObject({ code: 'validation.invalid_input' });
      expect(await rejection(setOutputArea(sysadmin, world.projectId, { outputArea: join(root, 'missing') }, areas()))).toMatchObject({ code: 'output_area.not_found' });
      await write('file.txt', 'x');
      expect(await rejection(setOutputArea(sysadmin, world.projectId, { outputArea: join(root, 'file.txt') }, areas()))).toMatchObject({ code: 'output_area.not_found' });
      expect(await rejection(setOutputArea(sysadmin, world.projectId, { outputArea: 'relative/path' }, areas()))).toMatchObject({ code: 'validation.invalid_input' });
      expect(await snapshotCounts(database.db)).toEqual(before);
      expect((await findProject(database.db, world.projectId))?.output_area).toBe(root);
    });
  });

  describe('browsing', () => {
    it('lists folders first, then files by name, each file with its size, time and status relative to the package', async () => {
      await write('results/t1.csv', 'a,b\n1,2\n');
      await mkdir(join(root, 'figures'));
      await write('b.csv', 'in another package');
      await write('a.txt', 'in this package');
      await write('c.txt', 'new');
      const added = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['a.txt'] });
      expect(added.counts).toEqual({ added: 1, unchanged: 0, refused: 0, skipped: 0 });
      await importFromOutputArea(ctxOf('investigator'), deps(), world.wp.handover, { paths: ['b.csv'] });

      const listing = await browse('researcher');
      expect(listing).toMatchObject({ projectId: world.projectId, outputArea: root, path: '', parent: null, packageId: world.wp.report, total: 5, next: null });
      expect(listing.entries.map((e) => [e.name, e.kind, e.status])).toEqual([
        ['figures', 'folder', null],
        ['results', 'folder', null],
        ['a.txt', 'file', 'in_package'],
        ['b.csv', 'file', 'in_other_package'],
        ['c.txt', 'file', 'new'],
      ]);
      const a = entry(listing, 'a.txt');
      expect(a).toMatchObject({ path: 'a.txt', bytes: 15, link: false, reason: null, inPackage: { fileId: added.results[0]?.fileId, version: 1 } });
      expect(a.packages).toEqual([{ id: world.wp.report, name: 'Egress – Report finalisation', status: 'draft' }]);
      expect(entry(listing, 'b.csv').packages).toEqual([{ id: world.wp.handover, name: 'Egress – Data Provider Handover', status: 'draft' }]);
      expect(new Date(a.modifiedAt as string).getTime()).toBeGreaterThan(0);

      const sub = await browse('researcher', { path: 'results' });
      expect(sub).toMatchObject({ path: 'results', parent: '', total: 1 });
      expect(sub.entries.map((e) => [e.path, e.status])).toEqual([['results/t1.csv', 'new']]);
      // Without a package, a file some package holds is "in another package".
      const plain = await browseOutputArea(ctxOf('researcher'), world.projectId, {}, areas());
      expect(plain.entries.filter((e) => e.kind === 'file').map((e) => e.status)).toEqual(['in_other_package', 'in_other_package', 'new']);
    });

    it('pages a folder with a cursor, folders before files', async () => {
      for (const name of ['d1', 'd2']) await mkdir(join(root, name));
      for (const name of ['f1', 'f2', 'f3']) await write(name, name);
      const first = await browse('researcher', { limit: 2 });
      expect(first.entries.map((e) => e.name)).toEqual(['d1', 'd2']);
      const second = await browse('researcher', { limit: 2, after: first.next });
      expect(second.entries.map((e) => e.name)).toEqual(['f1', 'f2']);
      const third = await browse('researcher', { limit: 2, after: second.next });
      expect(third).toMatchObject({ total: 5, next: null });
      expect(third.entries.map((e) => e.name)).toEqual(['f3']);
    });
  });

  describe('copying at a moment in time', () => {
    it('shows a file changed after it was added as changed, keeps the original in the package, and makes version 2 when added again', async () => {
      const original = 'x,y\n1,2\n';
      await write('t.csv', original);
      const first = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['t.csv'] });
      expect(first.results).toEqual([{ path: 't.csv', outcome: 'added', fileId: expect.any(String), version: 1, code: null, message: null }]);
      const fileId = first.results[0]?.fileId as string;

      const changed = 'x,y\n1,2\n3,4\n';
      await write('t.csv', changed);
      expect(entry(await browse('researcher'), 't.csv').status).toBe('changed');
      const held = await getPackageFile(ctxOf('researcher'), world.wp.report, fileId);
      expect(held.current).toMatchObject({ number: 1, sha256: sha256(original), source: 'output_area', sourcePath: 't.csv' });
      expect((await storedBytes(held.current.sha256)).toString()).toBe(original);

      const again = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['t.csv'] });
      expect(again.results[0]).toMatchObject({ outcome: 'added', fileId, version: 2 });
      const after = await getPackageFile(ctxOf('researcher'), world.wp.report, fileId);
      expect(after.versions.map((v) => [v.number, v.sha256])).toEqual([
        [2, sha256(changed)],
        [1, sha256(original)],
      ]);
      expect(entry(await browse('researcher'), 't.csv')).toMatchObject({ status: 'in_package', inPackage: { fileId, version: 2 } });
    });

    it('hashes a small file whose time changed but not its size: touched only is in_package, rewritten is changed', async () => {
      await write('t.csv', 'x,y\n1,2\n');
      await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['t.csv'] });
      const later = new Date(Date.now() + 60_000);
      await utimes(join(root, 't.csv'), later, later);
      expect(entry(await browse('researcher'), 't.csv').status).toBe('in_package');
      await write('t.csv', 'x,y\n9,9\n');
      await utimes(join(root, 't.csv'), later, later);
      expect(entry(await browse('researcher'), 't.csv').status).toBe('changed');
    });

    it('reports the same content added again as unchanged, creating nothing', async () => {
      await write('r/a.txt', 'alpha');
      await write('r/b.txt', 'beta');
      await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['r'] });
      const before = await snapshotCounts(database.db);
      const again = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['r', 'r/a.txt'] });
      expect(again.results.map((r) => [r.path, r.outcome, r.version])).toEqual([
        ['r/a.txt', 'unchanged', 1],
        ['r/b.txt', 'unchanged', 1],
      ]);
      expect(await snapshotCounts(database.db)).toEqual(before);
    });

    it('takes folders recursively to the same paths in the package, refusing empty files and unsafe names per file', async () => {
      await write('out/tables/t1.csv', 'a\n1\n');
      await write('out/figures/f1.txt', 'figure');
      await write('out/empty.txt', '');
      await write('out/bad:name.txt', 'colon');
      const report = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['out'] });
      expect(report.results.map((r) => [r.path, r.outcome, r.code])).toEqual([
        ['out/figures/f1.txt', 'added', null],
        ['out/tables/t1.csv', 'added', null],
        ['out/bad:name.txt', 'refused', 'file.name_invalid'],
        ['out/empty.txt', 'refused', 'file.empty'],
      ]);
      const files = await listPackageFiles(ctxOf('researcher'), world.wp.report, {});
      expect(files.files.map((f) => [f.path, f.current.source, f.current.sourcePath])).toEqual([
        ['out/figures/f1.txt', 'output_area', 'out/figures/f1.txt'],
        ['out/tables/t1.csv', 'output_area', 'out/tables/t1.csv'],
      ]);
    });

    it('refuses a request for more than 10,000 files before copying any', async () => {
      await mkdir(join(root, 'many'));
      await Promise.all(Array.from({ length: 10_001 }, (_, i) => writeFile(join(root, 'many', `f${i}.txt`), 'x')));
      const before = await snapshotCounts(database.db);
      expect(await rejection(importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['many'] }))).toMatchObject({
        code: 'package.too_many_files',
      });
      expect(await snapshotCounts(database.db)).toEqual(before);
    });
  });

  describe('symbolic links and paths that leave the area', () => {
    beforeEach(async () => {
      await write('ok.txt', 'fine');
      await writeFile(join(elsewhere, 'secret.txt'), 'outside the area');
      await symlink('/etc/passwd', join(root, 'passwd'));
      await symlink(join(elsewhere, 'secret.txt'), join(root, 'secret.txt'));
      await symlink(elsewhere, join(root, 'elsewhere'));
      // A relative link that climbs out of the area.
      await symlink('../' + elsewhere.split('/').at(-1) + '/secret.txt', join(root, 'climb.txt'));
    });

    it('lists them as unavailable (outside) and refuses to browse into them', async () => {
      const listing = await browse('researcher');
      expect(listing.entries.map((e) => [e.name, e.kind, e.reason, e.status])).toEqual([
        ['climb.txt', 'unavailable', 'outside', null],
        ['elsewhere', 'unavailable', 'outside', null],
        ['ok.txt', 'file', null, 'new'],
        ['passwd', 'unavailable', 'outside', null],
        ['secret.txt', 'unavailable', 'outside', null],
      ]);
      expect(entry(listing, 'passwd').bytes).toBeNull();
      expect(await rejection(browse('researcher', { path: 'elsewhere' }))).toMatchObject({ code: 'output_area.outside' });
      expect(await rejection(browse('researcher', { path: '../' }))).toMatchObject({ code: 'output_area.outside' });
      expect(await rejection(browse('researcher', { path: 'ok.txt/../..' }))).toMatchObject({ code: 'output_area.outside' });
    });

    it('refuses them when asked for, skips them inside a folder, and imports none of their bytes', async () => {
      const direct = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['passwd', 'secret.txt', 'elsewhere', 'climb.txt'] });
      expect(direct.results.map((r) => [r.path, r.outcome, r.code])).toEqual([
        ['passwd', 'refused', 'output_area.outside'],
        ['secret.txt', 'refused', 'output_area.outside'],
        ['elsewhere', 'refused', 'output_area.outside'],
        ['climb.txt', 'refused', 'output_area.outside'],
      ]);
      const whole = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['/'] });
      expect(whole.results.map((r) => [r.path, r.outcome, r.code])).toEqual([
        ['climb.txt', 'skipped', 'output_area.outside'],
        ['elsewhere', 'skipped', 'output_area.outside'],
        ['passwd', 'skipped', 'output_area.outside'],
        ['secret.txt', 'skipped', 'output_area.outside'],
        ['ok.txt', 'added', null],
      ]);
      const files = await listPackageFiles(ctxOf('researcher'), world.wp.report, {});
      expect(files.files.map((f) => f.path)).toEqual(['ok.txt']);
      const stored = await database.db.selectFrom('file_versions').select('sha256').execute();
      expect(stored.map((s) => s.sha256)).toEqual([sha256('fine')]);
    });

    it('refuses a requested path with .. as a whole, changing nothing', async () => {
      const before = await snapshotCounts(database.db);
      for (const path of ['../etc/passwd', 'ok.txt/../../x', '..']) {
        expect(await rejection(importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['ok.txt', path] }))).toMatchObject({
          code: 'output_area.outside',
        });
      }
      expect(await snapshotCounts(database.db)).toEqual(before);
    });

    it('follows a link inside the area to a file or folder inside it', async () => {
      await write('results/t1.csv', 'a,b\n1,2\n');
      await symlink(join(root, 'results', 't1.csv'), join(root, 'latest.csv'));
      await symlink('results', join(root, 'current'));
      const listing = await browse('researcher');
      expect(entry(listing, 'latest.csv')).toMatchObject({ kind: 'file', link: true, bytes: 8, status: 'new' });
      expect(entry(listing, 'current')).toMatchObject({ kind: 'folder', link: true });
      expect((await browse('researcher', { path: 'current' })).entries.map((e) => e.path)).toEqual(['current/t1.csv']);

      const report = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['latest.csv'] });
      expect(report.results[0]).toMatchObject({ path: 'latest.csv', outcome: 'added' });
      const file = await getPackageFile(ctxOf('researcher'), world.wp.report, report.results[0]?.fileId as string);
      expect(file).toMatchObject({ path: 'latest.csv', current: { sha256: sha256('a,b\n1,2\n'), sourcePath: 'latest.csv' } });
    });

    it('walks a folder reached twice through links (or in a loop) once per name, never forever', async () => {
      await write('loop/a.txt', 'a');
      await write('loop/inner/b.txt', 'b');
      await symlink('..', join(root, 'loop', 'inner', 'back'));
      await symlink('.', join(root, 'loop', 'self'));
      const report = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['loop'] });
      expect(report.results.map((r) => [r.path, r.outcome])).toEqual([
        ['loop/inner/b.txt', 'added'],
        ['loop/a.txt', 'added'],
      ]);
    });

    it('skips devices, pipes and sockets', async () => {
      const server: Server = createServer();
      await new Promise<void>((resolve) => server.listen(join(root, 'sock'), resolve));
      try {
        expect(entry(await browse('researcher'), 'sock')).toMatchObject({ kind: 'unavailable', reason: 'special' });
        const report = await importFromOutputArea(ctxOf('researcher'), deps(), world.wp.report, { paths: ['/'] });
        expect(report.results.find((r) => r.path === 'sock')).toMatchObject({ outcome: 'skipped', code: 'output_area.unreadable' });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('who may browse and add', () => {
    beforeEach(async () => {
      await write('t.csv', 'a\n1\n');
    });

    it('lets every participant browse, and a system manager; a non-participant sees no project', async () => {
      for (const key of ['investigator', 'researcher', 'dpr', 'referee', 'pm', 'programme', 'sysadmin']) {
        expect((await browse(key)).entries.map((e) => e.name)).toEqual(['t.csv']);
      }
      expect(await rejection(browse('outsider'))).toMatchObject({ code: 'project.not_found' });
      expect(await rejection(importFromOutputArea(ctxOf('outsider'), deps(), world.wp.report, { paths: ['t.csv'] }))).toMatchObject({ code: 'package.not_found' });
    });

    it('lets only the author team add: a DPR, a referee or a manager is refused, changing nothing', async () => {
      const before = await snapshotCounts(database.db);
      for (const key of ['dpr', 'referee', 'pm', 'programme']) {
        expect(await rejection(importFromOutputArea(ctxOf(key), deps(), world.wp.report, { paths: ['t.csv'] }))).toMatchObject({ code: 'workflow.not_allowed' });
      }
      expect(await snapshotCounts(database.db)).toEqual(before);
      expect((await importFromOutputArea(ctxOf('investigator'), deps(), world.wp.report, { paths: ['t.csv'] })).counts.added).toBe(1);
    });

    it('refuses a package of another project as the reference of a listing', async () => {
      expect(await rejection(browse('researcher', { packageId: world.wp.ingress }))).toMatchObject({ code: 'package.not_found' });
    });
  });
});

describe('an output area on an S3 prefix (s3rver, SQLite)', () => {
  let s3: RunningObjectStore;
  let client: S3Client;
  let database: TestDatabase;
  let world: World;
  let services: TestServices;
  const put = (key: string, content: string) => client.send(new PutObjectCommand({ Bucket: s3.bucketOrContainer, Key: key, Body: content }));
  const ctxOf = (key: string): CommandContext => world.users[key]?.ctx as CommandContext;

  beforeAll(async () => {
    s3 = await startS3rver('outputs');
    client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.storage.s3AccessKeyId as string, secretAccessKey: s3.storage.s3SecretAccessKey as string },
    });
    await client.send(new CreateBucketCommand({ Bucket: s3.bucketOrContainer }));
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    world = await createWorld(database.db);
    services = await createTestServices(database, { clock: world.clock });
  });
  afterEach(async () => {
    await services.close();
    try {
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    } finally {
      await database.close();
    }
  });

  it('is set when the bucket can be listed, copies files into a package, and shows one overwritten later as changed', async () => {
    const s3Areas = { outputAreas: outputAreas(s3.storage) };
    const deps = { blobs: services.blobs, limits: services.limits, ...s3Areas };
    await put('project-1/results/t1.csv', 'a,b\n1,2\n');
    await put('project-1/results/figures/f.txt', 'figure');
    await put('project-2/other.txt', 'another project');
    const url = s3.urlFor('project-1');
    expect(await setOutputArea(ctxOf('sysadmin'), world.projectId, { outputArea: url }, s3Areas)).toEqual({ projectId: world.projectId, outputArea: url });
    const missing = url.replace('s3://outputs/', 's3://no-such-bucket/');
    expect(await rejection(setOutputArea(ctxOf('sysadmin'), world.projectId, { outputArea: missing }, s3Areas))).toMatchObject({ code: 'output_area.not_found' });

    const report = await importFromOutputArea(ctxOf('researcher'), deps, world.wp.report, { paths: ['results'] });
    expect(report.results.map((r) => [r.path, r.outcome])).toEqual([
      ['results/figures/f.txt', 'added'],
      ['results/t1.csv', 'added'],
    ]);
    const browse = () => browseOutputArea(ctxOf('researcher'), world.projectId, { path: 'results', packageId: world.wp.report }, s3Areas);
    expect((await browse()).entries.map((e) => [e.name, e.kind, e.status])).toEqual([
      ['figures', 'folder', null],
      ['t1.csv', 'file', 'in_package'],
    ]);

    await put('project-1/results/t1.csv', 'a,b\n1,2\n3,4\n');
    expect((await browse()).entries.find((e) => e.name === 't1.csv')).toMatchObject({ status: 'changed', bytes: 12 });
    const fileId = report.results[1]?.fileId as string;
    expect((await getPackageFile(ctxOf('researcher'), world.wp.report, fileId)).current).toMatchObject({
      number: 1,
      sha256: sha256('a,b\n1,2\n'),
      source: 'output_area',
      sourcePath: 'results/t1.csv',
    });
    const again = await importFromOutputArea(ctxOf('researcher'), deps, world.wp.report, { paths: ['results/t1.csv', '../project-2/other.txt'] }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'output_area.outside' });
    expect((await importFromOutputArea(ctxOf('researcher'), deps, world.wp.report, { paths: ['results/t1.csv'] })).results[0]).toMatchObject({ outcome: 'added', version: 2 });
  });
});
