/**
 * Files enter a package only from inside the environment's networks (issue 10 §1): a simple
 * upload, a resumable (tus) upload and therefore `egress push` are refused from outside with
 * `ingest.outside_environment` before any byte is stored, and nothing changes; a copy from the
 * output area (made by the server, from inside) is allowed from anywhere. Every version records
 * the address it came from.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackageFileDetail } from '../../../common/contracts/packages.contract';
import { createApiToken } from '../../commands/api-tokens.commands';
import { saveCredentials } from '../../cli/credentials';
import { pushCommand } from '../../cli/push.cli';
import { verifyAuditChain } from '../../db/audit.repository';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { allCounts, packageClient } from './packages.testing';
import { type UploadServer, csvBytes, startUploadServer } from './uploads.testing';

const INSIDE = '10.0.5.5';
const OUTSIDE = '198.51.100.7';
const TUS = { 'tus-resumable': '1.0.0' };
const metadataOf = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

describe.each(TEST_DIALECTS)('files enter a package only from inside, on %s', (dialect) => {
  describe('simple uploads and output-area copies', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp(dialect, { environmentNetworks: ['10.0.0.0/8'] });
    });
    afterEach(async () => {
      try {
        expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
      } finally {
        await t.close();
      }
    });

    it('refuses an upload from outside, by session or API token, and stores nothing', async () => {
      const api = packageClient(t, t.world.wp.report);
      const researcher = t.world.users.researcher;
      if (!researcher) throw new Error('no researcher');
      const secret = (await createApiToken(researcher.ctx, { name: 'script', projectId: t.world.projectId, scopes: ['packages:write'] })).secret;
      await t.signInAll('researcher');
      const before = await allCounts(t);
      expectError(
        await t.as('researcher').put(api.uploadUrl('results/t.csv'), Buffer.from('a,b\n1,2\n'), { headers: { 'content-type': 'text/csv' }, remoteAddress: OUTSIDE }),
        403,
        'ingest.outside_environment',
      );
      expectError(
        await t.anonymous.put(api.uploadUrl('results/t.csv'), Buffer.from('a,b\n1,2\n'), { headers: { 'content-type': 'text/csv', authorization: `Bearer ${secret}` }, remoteAddress: OUTSIDE }),
        403,
        'ingest.outside_environment',
      );
      expect(await allCounts(t)).toEqual(before);
      // No blob was written (the store keeps only its empty staging folder).
      expect((await readdir(join(t.services.root, 'blobs'), { recursive: true }).catch(() => [])).filter((entry) => entry !== 'tmp')).toEqual([]);
    });

    it('records where an upload from inside came from', async () => {
      const api = packageClient(t, t.world.wp.report);
      const res = await t.as('researcher').put(api.uploadUrl('results/t.csv'), Buffer.from('a,b\n1,2\n'), { headers: { 'content-type': 'text/csv' }, remoteAddress: INSIDE });
      expect(res.statusCode, res.body).toBe(201);
      const file = res.json().file as PackageFileDetail;
      expect(file.current).toMatchObject({ source: 'upload', originAddress: INSIDE });
    });

    it('copies from the output area for the author team from anywhere, recording the requester’s address', async () => {
      const root = mkdtempSync(join(tmpdir(), 'egress-ingest-'));
      try {
        mkdirSync(join(root, 'results'));
        writeFileSync(join(root, 'results', 't1.csv'), 'a,b\n1,2\n');
        expect((await t.as('sysadmin').put(`/api/v1/projects/${t.world.projectId}/output-area/setting`, { outputArea: root })).statusCode).toBe(200);
        const res = await t.as('researcher').post(`/api/v1/packages/${t.world.wp.report}/output-area-imports`, { paths: ['results/t1.csv'] }, { remoteAddress: OUTSIDE });
        expect(res.statusCode, res.body).toBe(200);
        const files = (await t.as('researcher').get(`/api/v1/packages/${t.world.wp.report}/files`, { remoteAddress: INSIDE })).json().files as PackageFileDetail[];
        expect(files.map((f) => [f.path, f.current.source, f.current.originAddress])).toEqual([['results/t1.csv', 'output_area', OUTSIDE]]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe('resumable uploads', () => {
    let s: UploadServer;
    let auth: Record<string, string>;
    // The server believes X-Forwarded-For from the test client (127.0.0.1), so each request says where it comes from.
    const from = (address: string) => ({ ...auth, 'x-forwarded-for': address });
    const url = (path: string) => new URL(path, s.base).toString();
    const create = (address: string, bytes: number, path: string) =>
      fetch(url('/api/v1/uploads'), { method: 'POST', headers: { ...TUS, ...from(address), 'upload-length': String(bytes), 'upload-metadata': metadataOf({ packageId: s.world.wp.report, path }) } });
    const patch = (address: string, location: string, content: Buffer) =>
      fetch(url(location), { method: 'PATCH', headers: { ...TUS, ...from(address), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(content) });
    const versions = () => s.database.db.selectFrom('file_versions').selectAll().execute();

    beforeEach(async () => {
      s = await startUploadServer(dialect, { environmentNetworks: ['10.0.0.0/8'], trustProxy: ['127.0.0.1'] });
      auth = { authorization: `Bearer ${await s.token('researcher')}` };
    });
    afterEach(async () => {
      try {
        expect(await verifyAuditChain(s.database.db)).toMatchObject({ ok: true });
      } finally {
        await s.close();
      }
    });

    it('refuses creating an upload or asking a preflight from outside, before any byte, opening nothing', async () => {
      const created = await create(OUTSIDE, 1000, 'results/t.csv');
      expect({ status: created.status, code: ((await created.json()) as { error: { code: string } }).error.code }).toEqual({ status: 403, code: 'ingest.outside_environment' });
      const preflight = await fetch(url('/api/v1/uploads/preflight'), {
        method: 'POST',
        headers: { ...from(OUTSIDE), 'content-type': 'application/json' },
        body: JSON.stringify({ packageId: s.world.wp.report, path: 'results/t.csv', bytes: 1000 }),
      });
      expect({ status: preflight.status, code: ((await preflight.json()) as { error: { code: string } }).error.code }).toEqual({ status: 403, code: 'ingest.outside_environment' });
      expect(await s.database.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
      expect(await readdir(s.services.uploadDir)).toEqual([]);
    });

    it('refuses the bytes of an upload opened inside when they are sent from outside, and records the inside address when they come from inside', async () => {
      const content = csvBytes(50_000);
      const created = await create('10.0.0.9', content.length, 'results/t.csv');
      expect(created.status).toBe(201);
      const location = created.headers.get('location') as string;
      const refused = await patch(OUTSIDE, location, content);
      expect({ status: refused.status, code: ((await refused.json()) as { error: { code: string } }).error.code }).toEqual({ status: 403, code: 'ingest.outside_environment' });
      expect(await versions()).toEqual([]);
      const done = await patch('10.0.0.9', location, content);
      expect(done.status).toBe(204);
      expect((await versions()).map((v) => [v.source, v.origin_address])).toEqual([['upload', '10.0.0.9']]);
    });
  });

  describe('egress push', () => {
    let s: UploadServer;
    let home: string;
    afterEach(async () => {
      await s.close();
      rmSync(home, { recursive: true, force: true });
    });

    it('is refused from outside the environment’s networks (here loopback is outside), storing nothing', async () => {
      s = await startUploadServer(dialect, { environmentNetworks: ['10.99.0.0/16'] });
      home = mkdtempSync(join(tmpdir(), 'egress-push-outside-'));
      const env = { EGRESS_CONFIG_DIR: join(home, 'config') };
      await saveCredentials(env, { server: s.base.replace(/\/$/, ''), token: await s.token('researcher'), projectId: s.world.projectId });
      const out = join(home, 'out');
      mkdirSync(out);
      writeFileSync(join(out, 'small.csv'), 'a,b\n1,2\n');
      writeFileSync(join(out, 'big.csv'), csvBytes(600_000));
      const stdout: string[] = [];
      const stderr: string[] = [];
      const io = { out: (x: string) => void stdout.push(x), err: (x: string) => void stderr.push(x), readFile: async (p: string) => readFileSync(p, 'utf8'), readStdin: async () => '' };
      const code = await pushCommand(io, env, [out], { package: s.world.wp.report }, { progress: null, chunkSize: 256 * 1024, retryDelays: [] });
      expect(code).not.toBe(0);
      expect(stderr.join('\n')).toContain('ingest.outside_environment');
      expect(await s.database.db.selectFrom('file_versions').selectAll().execute()).toEqual([]);
      expect(await s.database.db.selectFrom('uploads').selectAll().execute()).toEqual([]);
    });
  });
});
