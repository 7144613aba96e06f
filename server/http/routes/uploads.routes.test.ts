/**
 * Resumable uploads (tus) against a real listening server: creating, appending and finishing
 * an upload records a file version with the hash the client declared; an upload survives a
 * restart of the server; only its creator can reach it; and every refusal (size, name, hash,
 * scope, CSRF) leaves nothing behind.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPLOAD_RESULT_HEADERS as H } from '../../../common/contracts/uploads.contract';
import { verifyAuditChain } from '../../db/audit.repository';
import { uploadStaging } from '../../storage/tus-upload-staging';
import { TEST_DIALECTS } from '../../testing/databases';
import { TEST_PASSWORD } from '../../testing/factories';
import { type UploadServer, csvBytes, sha256Hex, startUploadServer } from './uploads.testing';

const MAX_FILE = 2 * 1024 * 1024;
const TUS = { 'tus-resumable': '1.0.0' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const encodeMetadata = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

async function expectRefusal(res: Response, status: number, code: string): Promise<void> {
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error?.message).toBe('string');
}

describe.each(TEST_DIALECTS)('tus uploads on %s', (dialect) => {
  let s: UploadServer;
  let token: string;
  let packageId: string;

  beforeEach(async () => {
    s = await startUploadServer(dialect, { limits: { maxFileBytes: MAX_FILE } });
    token = await s.token('researcher');
    packageId = s.world.wp.report;
  });
  afterEach(async () => {
    expect(await verifyAuditChain(s.database.db)).toMatchObject({ ok: true });
    await s.close();
  });

  const url = (path: string) => new URL(path, s.base).toString();
  const create = (auth: Record<string, string>, bytes: number, metadata: Record<string, string>, extra: Record<string, string> = {}) =>
    fetch(url('/api/v1/uploads'), { method: 'POST', headers: { ...TUS, ...auth, 'upload-length': String(bytes), 'upload-metadata': encodeMetadata(metadata), ...extra } });
  const createOk = async (content: Buffer, metadata: Record<string, string>): Promise<string> => {
    const res = await create(bearer(token), content.length, { packageId, ...metadata });
    expect(res.status, await res.clone().text()).toBe(201);
    const location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f]{32}$/);
    return location;
  };
  const patch = (location: string, offset: number, bytes: Buffer, auth: Record<string, string> = bearer(token), extra: Record<string, string> = {}) =>
    fetch(url(location), {
      method: 'PATCH',
      headers: { ...TUS, ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', ...extra },
      body: new Uint8Array(bytes),
    });
  const head = (location: string, auth: Record<string, string> = bearer(token)) => fetch(url(location), { method: 'HEAD', headers: { ...TUS, ...auth } });
  const uploadRows = () => s.database.db.selectFrom('uploads').selectAll().execute();
  const versions = () => s.database.db.selectFrom('file_versions').selectAll().execute();
  const staged = async () => (await readdir(s.services.uploadDir)).sort();

  it('records file version 1 with the declared sha256 once the last byte of the last PATCH arrives', async () => {
    const content = csvBytes(1_500_000);
    const location = await createOk(content, { path: 'results/table 1.csv', sha256: sha256Hex(content) });
    expect(await uploadRows()).toMatchObject([{ package_id: packageId, user_id: s.world.users.researcher?.id, path: 'results/table 1.csv', completed_at: null }]);
    expect(Number((await uploadRows())[0]?.bytes)).toBe(content.length);

    const first = await patch(location, 0, content.subarray(0, 600_000));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe('600000');
    expect(first.headers.get(H.sha256)).toBeNull();
    expect(await versions()).toEqual([]);

    const last = await patch(location, 600_000, content.subarray(600_000));
    expect(last.status).toBe(204);
    expect(last.headers.get('upload-offset')).toBe(String(content.length));
    expect(last.headers.get(H.sha256)).toBe(sha256Hex(content));
    expect(last.headers.get(H.created)).toBe('true');
    expect(last.headers.get(H.versionNumber)).toBe('1');

    const [version] = await versions();
    expect(version).toMatchObject({ number: 1, sha256: sha256Hex(content), source: 'upload', id: last.headers.get(H.fileVersion), file_id: last.headers.get(H.fileId) });
    expect(Number(version?.bytes)).toBe(content.length);
    expect(await uploadRows()).toMatchObject([{ completed_at: expect.any(String), file_version_id: version?.id }]);
    const stored: Buffer[] = [];
    for await (const chunk of await s.services.blobs.open(sha256Hex(content))) stored.push(chunk as Buffer);
    expect(Buffer.concat(stored).equals(content)).toBe(true);
    expect(await staged()).toEqual([]);
    // A finished upload cannot be reached any more.
    expect((await head(location)).status).toBe(404);
  });

  it('continues an upload after a restart of the server: HEAD answers the offset and PATCH completes it', async () => {
    const content = csvBytes(1_200_000, 2);
    const location = await createOk(content, { path: 'big.csv', sha256: sha256Hex(content) });
    expect((await patch(location, 0, content.subarray(0, 600_000))).status).toBe(204);

    await s.restart();
    const offset = await head(location);
    expect(offset.status).toBe(200);
    expect(offset.headers.get('upload-offset')).toBe('600000');
    expect(offset.headers.get('upload-length')).toBe(String(content.length));

    const last = await patch(location, 600_000, content.subarray(600_000));
    expect(last.status).toBe(204);
    expect(last.headers.get(H.sha256)).toBe(sha256Hex(content));
    expect(await versions()).toMatchObject([{ number: 1, sha256: sha256Hex(content) }]);
    expect(await staged()).toEqual([]);
  });

  it('checks the sha256 declared with the last bytes (Egress-Sha256) when none was declared at creation', async () => {
    const content = csvBytes(300_000, 11);
    const location = await createOk(content, { path: 'late.csv' });
    await expectRefusal(await patch(location, 0, content.subarray(0, 1000), bearer(token), { [H.sha256]: 'not-a-hash' }), 422, 'validation.invalid_input');
    expect((await patch(location, 0, content.subarray(0, 100_000))).status).toBe(204);
    await expectRefusal(await patch(location, 100_000, content.subarray(100_000), bearer(token), { [H.sha256]: sha256Hex('other bytes') }), 422, 'file.hash_mismatch');
    expect(await versions()).toEqual([]);
    expect(await staged()).toEqual([]);

    const again = await createOk(content, { path: 'late.csv' });
    const last = await patch(again, 0, content, bearer(token), { [H.sha256]: sha256Hex(content) });
    expect(last.status).toBe(204);
    expect(last.headers.get(H.sha256)).toBe(sha256Hex(content));
    expect(await versions()).toMatchObject([{ number: 1, sha256: sha256Hex(content) }]);
  });

  it('removes the staged bytes of expired uploads when it starts, keeping those still in time', async () => {
    const old = csvBytes(50_000, 12);
    const oldLocation = await createOk(old, { path: 'old.csv' });
    expect((await patch(oldLocation, 0, old.subarray(0, 10_000))).status).toBe(204);
    const fresh = csvBytes(50_000, 13);
    const freshLocation = await createOk(fresh, { path: 'fresh.csv' });
    const id = (location: string) => location.split('/').pop() as string;
    expect(await staged()).toEqual([id(oldLocation), `${id(oldLocation)}.json`, id(freshLocation), `${id(freshLocation)}.json`].sort());
    // The older upload was created two hours ago (tus keeps the creation time in its .json).
    const info = join(s.services.uploadDir, `${id(oldLocation)}.json`);
    const recorded = JSON.parse(await readFile(info, 'utf8')) as { creation_date: string };
    await writeFile(info, JSON.stringify({ ...recorded, creation_date: new Date(Date.now() - 2 * 3600_000).toISOString() }));

    // Restarted with uploads expiring after one hour: only the older one goes.
    s.services.uploadStaging = uploadStaging(s.services.uploadDir, { uploadExpiryMs: 3600_000, uploadCleanupIntervalMs: 0 });
    await s.restart();
    expect(await staged()).toEqual([id(freshLocation), `${id(freshLocation)}.json`]);
    expect((await head(oldLocation)).status).not.toBe(200);
  });

  it('does not let anyone but the creator see, continue or cancel an upload', async () => {
    const content = csvBytes(100_000, 3);
    const location = await createOk(content, { path: 'mine.csv' });
    expect((await patch(location, 0, content.subarray(0, 40_000))).status).toBe(204);
    const other = bearer(await s.token('investigator'));

    expect((await head(location, other)).status).toBe(404);
    await expectRefusal(await patch(location, 40_000, content.subarray(40_000), other), 404, 'upload.not_found');
    await expectRefusal(await fetch(url(location), { method: 'DELETE', headers: { ...TUS, ...other } }), 404, 'upload.not_found');

    const still = await head(location);
    expect(still.headers.get('upload-offset')).toBe('40000');
    expect(await versions()).toEqual([]);
    expect(await uploadRows()).toHaveLength(1);
  });

  it('refuses a declared size over the file limit, and a bad name, before any byte, leaving no upload', async () => {
    await expectRefusal(await create(bearer(token), MAX_FILE + 1, { packageId, path: 'huge.csv' }), 422, 'file.too_large');
    await expectRefusal(await create(bearer(token), 10, { packageId, path: '../etc/passwd' }), 422, 'file.name_invalid');
    await expectRefusal(await create(bearer(token), 10, { packageId, path: 'bad\nname.csv' }), 422, 'file.name_invalid');
    await expectRefusal(await create(bearer(token), 0, { packageId, path: 'empty.csv' }), 422, 'file.empty');
    await expectRefusal(await create(bearer(token), 10, { path: 'no-package.csv' }), 422, 'validation.invalid_input');
    await expectRefusal(await create(bearer(token), 10, { packageId, path: 'a.csv' }, { 'upload-length': '', 'upload-defer-length': '1' }), 422, 'validation.invalid_input');
    await expectRefusal(await create(bearer(token), 10, { packageId: s.world.wp.ingress, path: 'a.csv' }), 404, 'package.not_found');
    expect(await uploadRows()).toEqual([]);
    expect(await staged()).toEqual([]);
  });

  it('refuses the last PATCH when the bytes do not hash to the declared sha256, recording nothing', async () => {
    const content = csvBytes(300_000, 4);
    const location = await createOk(content, { path: 'tampered.csv', sha256: sha256Hex('something else') });
    const last = await patch(location, 0, content);
    await expectRefusal(last, 422, 'file.hash_mismatch');
    expect(await versions()).toEqual([]);
    expect(await uploadRows()).toEqual([]);
    expect(await staged()).toEqual([]);
    expect((await head(location)).status).toBe(404);
    const events = await s.database.db.selectFrom('audit_events').select(['action', 'summary']).where('action', 'like', 'package.upload%').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['package.upload_started', 'package.upload_refused']);
    expect(JSON.parse(events[1]?.summary as string)).toMatchObject({ code: 'file.hash_mismatch', path: 'tampered.csv' });
  });

  it('answers an unchanged upload of the same content at the same path with Egress-File-Created: false', async () => {
    const content = csvBytes(50_000, 5);
    for (const created of ['true', 'false']) {
      const location = await createOk(content, { path: 'same.csv', sha256: sha256Hex(content) });
      const res = await patch(location, 0, content);
      expect(res.status).toBe(204);
      expect(res.headers.get(H.created)).toBe(created);
    }
    expect(await versions()).toHaveLength(1);
  });

  it('answers a preflight with the refusal an upload would get, or whether the content is already there', async () => {
    const preflight = (body: Record<string, unknown>, auth = bearer(token)) =>
      fetch(url('/api/v1/uploads/preflight'), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ packageId, ...body }) });
    const content = csvBytes(30_000, 9);
    const declared = { path: 'pre.csv', sha256: sha256Hex(content), bytes: content.length };
    const before = await preflight(declared);
    expect({ status: before.status, body: await before.json() }).toEqual({ status: 200, body: { unchanged: false, versionNumber: null } });

    const location = await createOk(content, { path: 'pre.csv', sha256: sha256Hex(content) });
    expect((await patch(location, 0, content)).status).toBe(204);
    expect(await (await preflight(declared)).json()).toEqual({ unchanged: true, versionNumber: 1 });
    expect(await (await preflight({ ...declared, sha256: sha256Hex('other') })).json()).toEqual({ unchanged: false, versionNumber: 1 });

    await expectRefusal(await preflight({ ...declared, path: 'empty.csv', bytes: 0 }), 422, 'file.empty');
    await expectRefusal(await preflight({ ...declared, path: 'PRE.csv' }), 409, 'file.name_clash');
    await expectRefusal(await preflight(declared, bearer(await s.token('researcher', ['packages:read']))), 403, 'token.scope');
    expect(await uploadRows()).toHaveLength(1);
  });

  it('cancels an upload with DELETE: its row and staged bytes go', async () => {
    const content = csvBytes(50_000, 6);
    const location = await createOk(content, { path: 'cancel-me.csv' });
    expect((await patch(location, 0, content.subarray(0, 10_000))).status).toBe(204);
    const res = await fetch(url(location), { method: 'DELETE', headers: { ...TUS, ...bearer(token) } });
    expect(res.status).toBe(204);
    expect(await uploadRows()).toEqual([]);
    expect(await staged()).toEqual([]);
  });

  it('needs the packages:write scope with a token, and the CSRF header with a session', async () => {
    const reader = bearer(await s.token('researcher', ['packages:read']));
    await expectRefusal(await create(reader, 10, { packageId, path: 'a.csv' }), 403, 'token.scope');

    const signIn = await fetch(url('/api/v1/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: s.world.users.researcher?.email, password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') as string).split(';')[0] as string;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    await expectRefusal(await create({ cookie }, 10, { packageId, path: 'a.csv' }), 403, 'auth.csrf_invalid');
    expect(await uploadRows()).toEqual([]);

    const content = Buffer.from('a,b\n1,2\n');
    const res = await create({ cookie, 'x-csrf-token': csrfToken }, content.length, { packageId, path: 'a.csv' });
    expect(res.status).toBe(201);
    const done = await patch(res.headers.get('location') as string, 0, content, { cookie, 'x-csrf-token': csrfToken });
    expect(done.status).toBe(204);
    expect(done.headers.get(H.sha256)).toBe(sha256Hex(content));
  });

  it('keeps the bytes of a PATCH whose connection dropped half-way, so the client continues from them', async () => {
    const content = csvBytes(400_000, 8);
    const location = await createOk(content, { path: 'dropped.csv', sha256: sha256Hex(content) });
    await new Promise<void>((resolve) => {
      const req = request(url(location), {
        method: 'PATCH',
        headers: { ...TUS, ...bearer(token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(content.length) },
      });
      req.on('error', () => resolve());
      req.write(content.subarray(0, 150_000), () => setImmediate(() => req.destroy()));
    });
    // The server may still be writing what arrived; HEAD waits for that (tus locks the upload).
    let offset = -1;
    for (let attempt = 0; attempt < 50 && offset <= 0; attempt++) {
      const res = await head(location);
      offset = Number(res.headers.get('upload-offset'));
      if (offset <= 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(150_000);
    const last = await patch(location, offset, content.subarray(offset));
    expect(last.status).toBe(204);
    expect(last.headers.get(H.sha256)).toBe(sha256Hex(content));
  });

  it('takes the bytes with the creation request too (tus creation-with-upload), finishing the upload there', async () => {
    const content = csvBytes(40_000, 10);
    const res = await fetch(url('/api/v1/uploads'), {
      method: 'POST',
      headers: {
        ...TUS,
        ...bearer(token),
        'upload-length': String(content.length),
        'upload-metadata': encodeMetadata({ packageId, path: 'at-once.csv', sha256: sha256Hex(content) }),
        'content-type': 'application/offset+octet-stream',
      },
      body: new Uint8Array(content),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get('upload-offset')).toBe(String(content.length));
    expect(res.headers.get(H.sha256)).toBe(sha256Hex(content));
    expect(await uploadRows()).toMatchObject([{ path: 'at-once.csv', completed_at: expect.any(String) }]);
  });

  it('refuses a PATCH at the wrong offset with 409, as tus says, and keeps the bytes it has', async () => {
    const content = csvBytes(20_000, 7);
    const location = await createOk(content, { path: 'offset.csv' });
    expect((await patch(location, 0, content.subarray(0, 5_000))).status).toBe(204);
    expect((await patch(location, 0, content.subarray(0, 5_000))).status).toBe(409);
    expect((await head(location)).headers.get('upload-offset')).toBe('5000');
  });
});

describe.each(TEST_DIALECTS)('tus uploads of files past 4 GiB on %s', (dialect) => {
  it('accepts a declared size past 2^32 bytes and keeps it exactly (bigint), then cancels without writing it', async () => {
    const s = await startUploadServer(dialect, { limits: { maxFileBytes: 50 * 1024 ** 3, maxPackageBytes: 500 * 1024 ** 3 } });
    try {
      const token = await s.token('researcher');
      const size = 5 * 1024 ** 3 + 1;
      const res = await fetch(new URL('/api/v1/uploads', s.base), {
        method: 'POST',
        headers: { ...TUS, ...bearer(token), 'upload-length': String(size), 'upload-metadata': encodeMetadata({ packageId: s.world.wp.report, path: 'derived/cohort.parquet' }) },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const location = new URL(res.headers.get('location') as string, s.base);
      const head = await fetch(location, { method: 'HEAD', headers: { ...TUS, ...bearer(token) } });
      expect([head.headers.get('upload-length'), head.headers.get('upload-offset')]).toEqual([String(size), '0']);
      const [row] = await s.database.db.selectFrom('uploads').select('bytes').execute();
      expect(Number(row?.bytes)).toBe(size);
      expect((await fetch(location, { method: 'DELETE', headers: { ...TUS, ...bearer(token) } })).status).toBe(204);
    } finally {
      await s.close();
    }
  });
});
