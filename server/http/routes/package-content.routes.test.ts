/**
 * File bytes in and out of a package over a real socket, on every dialect: refusals answered
 * before a byte of the body is sent, an upload cut off by the client (nothing recorded, nothing
 * left behind), a body without a length, a stored blob corrupted on disk (the download is cut
 * short and the failure audited), and what API tokens may do with package files.
 */
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsBlobPath, fsTempDir } from '../../storage/fs.blob-store';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { allCounts, packageClient, sha256Of } from './packages.testing';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** 'end' when the response completed, 'error' when the connection was cut. */
  outcome: 'end' | 'error';
}

/** Polls `probe` until it returns true (the server works on after the client has gone). */
async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(TEST_DIALECTS)('package content over a socket on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let base: string;
  const blobRoot = () => join(t.services.root, 'blobs');

  beforeEach(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => t.close());

  const sessionHeaders = async (key: string): Promise<Record<string, string>> => {
    const signed = await t.signIn(key);
    return { cookie: `egress_session=${signed.cookie}`, 'x-csrf-token': signed.csrfToken };
  };

  /** Starts a request; the caller writes (part of) the body and ends or destroys it. */
  const start = (method: string, url: string, headers: Record<string, string>) => {
    const req = httpRequest(`${base}${url}`, { method, headers });
    const response = new Promise<RawResponse>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        const done = (outcome: RawResponse['outcome']) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), outcome });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done('end'));
        res.on('error', () => done('error'));
        res.on('aborted', () => done('error'));
      });
    });
    return { req, response };
  };

  it('answers a refused upload before a byte of its body is sent, and closes the connection', async () => {
    await t.signInAll('researcher', 'dpr');
    const before = await allCounts(t);
    const cases: [string, string, number, number, string][] = [
      ['dpr', 'results/t.csv', 1_000_000, 403, 'workflow.not_allowed'],
      ['researcher', '../escape.csv', 1_000_000, 422, 'file.name_invalid'],
      ['researcher', 'results/huge.csv', t.services.limits.maxFileBytes + 1, 422, 'file.too_large'],
    ];
    for (const [key, path, length, status, code] of cases) {
      const { req, response } = start('PUT', api.uploadUrl(path), { ...(await sessionHeaders(key)), 'content-type': 'application/octet-stream', 'content-length': String(length) });
      req.flushHeaders();
      // No body is written: the answer cannot depend on it.
      const res = await response;
      req.destroy();
      expect({ status: res.status, code: JSON.parse(res.body.toString()).error.code }).toEqual({ status, code });
      expect(res.headers.connection).toBe('close');
    }
    expect(await allCounts(t)).toEqual(before);
  });

  it('records nothing and leaves nothing behind when the client cuts an upload off', async () => {
    await t.signInAll('researcher');
    const before = await allCounts(t);
    const { req, response } = start('PUT', api.uploadUrl('results/big.bin'), { ...(await sessionHeaders('researcher')), 'content-type': 'application/octet-stream', 'content-length': '1000000' });
    response.catch(() => undefined);
    req.write(Buffer.alloc(64 * 1024, 7));
    const temp = fsTempDir(blobRoot());
    await eventually(async () => (await readdir(temp)).length > 0, 'the upload to reach the blob store');
    req.destroy();
    await eventually(async () => (await readdir(temp)).length === 0, 'the partial upload to be removed');
    expect(await allCounts(t)).toEqual(before);
    const shards = (await readdir(blobRoot())).filter((name) => name !== 'tmp');
    expect(shards).toEqual([]);

    // The same path can then be uploaded in full: it is a new file, version 1.
    const res = await api.upload('researcher', 'results/big.bin', Buffer.alloc(1000, 7));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file).toMatchObject({ path: 'results/big.bin', version: 1, current: { number: 1, bytes: 1000 } });
  });

  it('refuses a body sent without a Content-Length', async () => {
    await t.signInAll('researcher');
    const before = await allCounts(t);
    const { req, response } = start('PUT', api.uploadUrl('results/chunked.csv'), {
      ...(await sessionHeaders('researcher')),
      'content-type': 'application/octet-stream',
      'transfer-encoding': 'chunked',
    });
    req.write('a,b\n');
    req.end('1,2\n');
    const res = await response;
    expect({ status: res.status, code: JSON.parse(res.body.toString()).error.code }).toEqual({ status: 422, code: 'validation.invalid_input' });
    expect(await allCounts(t)).toEqual(before);
  });

  it('accepts a body sent with no content type or a form type, as curl -T and --data-binary send it', async () => {
    const noType = await t.as('researcher').put(api.uploadUrl('a.csv'), Buffer.from('a,b\n1,2\n'));
    expect(noType.statusCode, noType.body).toBe(201);
    const formType = await t.as('researcher').put(api.uploadUrl('b.csv', '&role=supporting&category=other'), Buffer.from('a,b\n3,4\n'), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formType.statusCode, formType.body).toBe(201);
    expect(formType.json().file).toMatchObject({ path: 'b.csv', role: 'supporting', category: 'other' });
  });

  it('cuts a download short when the stored blob no longer matches its hash, and audits it', async () => {
    // Larger than one blob read (1 MiB), so bytes are sent before the corrupted tail is read.
    const content = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < content.length; i++) content[i] = (i * 31) % 251;
    const file = await api.add('researcher', 'results/data.bin', content);
    const blob = fsBlobPath(blobRoot(), sha256Of(content));
    const corrupted = Buffer.from(await readFile(blob));
    corrupted[corrupted.length - 10] = (corrupted[corrupted.length - 10] as number) ^ 0xff;
    await chmod(blob, 0o600);
    await writeFile(blob, corrupted);

    const { req, response } = start('GET', `${api.url}/files/${file.id}/content`, await sessionHeaders('dpr'));
    req.end();
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.outcome).toBe('error');
    expect(res.body.length).toBeLessThan(content.length);

    const integrityEvents = async () =>
      (await t.as('dpr').get(`${api.url}/history`)).json().events.filter((e: { action: string }) => e.action === 'storage.integrity_failure') as { summary: Record<string, unknown> }[];
    await eventually(async () => (await integrityEvents()).length === 1, 'the integrity failure to be audited');
    expect((await integrityEvents())[0]?.summary).toMatchObject({ sha256: sha256Of(content), during: 'read for review' });
  });

  it('answers storage.integrity when a small corrupted blob fails before any byte is sent', async () => {
    const content = 'region,patients\nNorth,120\n';
    const file = await api.add('researcher', 'results/t.csv', content);
    const blob = fsBlobPath(blobRoot(), sha256Of(content));
    await chmod(blob, 0o600);
    await writeFile(blob, content.replace('120', '999'));
    expectError(await t.as('dpr').get(`${api.url}/files/${file.id}/content`), 500, 'storage.integrity');
    await eventually(
      async () => (await t.as('dpr').get(`${api.url}/history`)).json().events.some((e: { action: string }) => e.action === 'storage.integrity_failure'),
      'the integrity failure to be audited',
    );
  });

  it('lets a packages:read token read files and a packages:write token add them, and neither change context or status', async () => {
    const file = await api.add('researcher', 'results/t.csv', 'a,b\n1,2\n');
    const token = async (scopes: string[]) => {
      const res = await t.as('researcher').post('/api/v1/tokens', { name: scopes.join('+'), projectId: t.world.projectId, scopes });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().secret as string;
    };
    const reader = await token(['packages:read']);
    const writer = await token(['packages:read', 'packages:write']);
    const withToken = (secret: string, method: InjectOptions['method'], url: string, payload?: string | object, headers: Record<string, string> = {}) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${secret}`, ...headers }, remoteAddress: '10.2.2.2', ...(payload === undefined ? {} : { payload }) });

    expect((await withToken(reader, 'GET', api.url)).statusCode).toBe(200);
    expect((await withToken(reader, 'GET', `${api.url}/files`)).json().total).toBe(1);
    expect((await withToken(reader, 'GET', `${api.url}/files/${file.id}/content`)).body).toBe('a,b\n1,2\n');
    expect((await withToken(reader, 'GET', `${api.url}/history`)).statusCode).toBe(200);

    const before = await allCounts(t);
    const octet = { 'content-type': 'application/octet-stream' };
    expectError(await withToken(reader, 'PUT', api.uploadUrl('x.csv'), 'x\n1\n', octet), 403, 'token.scope');
    expectError(await withToken(writer, 'PUT', `${api.url}/context`, { context: {}, version: 1 }), 403, 'token.scope');
    expectError(await withToken(writer, 'POST', `${api.url}/transitions`, { action: 'submit', version: 1 }), 403, 'token.scope');
    expectError(await withToken(writer, 'POST', `${api.url}/files/${file.id}/removal`, { reason: 'r', version: 1 }), 403, 'token.scope');
    expect(await allCounts(t)).toEqual(before);

    const added = await withToken(writer, 'PUT', api.uploadUrl('y.csv'), 'y\n1\n', octet);
    expect(added.statusCode, added.body).toBe(201);
    const patched = await withToken(writer, 'PATCH', `${api.url}/files/${added.json().file.id}`, { role: 'supporting', version: 1 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ role: 'supporting' });
  });
});
