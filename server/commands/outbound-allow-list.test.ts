/**
 * The outbound allow-list: an output area's `?endpoint=` may name only the configured storage's
 * endpoints or OUTBOUND_ENDPOINTS. A system manager's `s3://…?endpoint=` (or the Azure form)
 * naming another address is refused with `outbound.endpoint_not_allowed` when it is set and
 * when it is used, before any request leaves the server (a listening server counts them), and
 * nothing changes. Runs on SQLite and on PostgreSQL.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config';
import { findProject } from '../db/projects.repository';
import { DomainError } from '../domain/errors';
import { openOutputArea, outputAreas } from '../storage/open-output-area';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld, snapshotCounts } from '../testing/factories';
import { setOutputArea } from './output-area.commands';

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('it was accepted');
};

/** A server that answers 403 and counts what reached it: the address an attacker would name. */
let target: Server;
let requests = 0;
let targetUrl: string;
beforeAll(async () => {
  target = createServer((_req, res) => {
    requests++;
    res.statusCode = 403;
    res.end();
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

describe('the outbound allow-list in the configuration', () => {
  it('allows the configured storage endpoints and OUTBOUND_ENDPOINTS, nothing else by default', () => {
    expect(loadConfig({}).storage.allowedEndpoints).toEqual([]);
    const config = loadConfig({
      STORAGE_URL: 's3://egress/blobs?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-2',
      AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net',
      OUTBOUND_ENDPOINTS: ' https://MinIO.internal:9000/ignored-path , http://10.0.0.7:80',
    });
    expect(config.storage.allowedEndpoints).toEqual(['https://minio.internal:9000', 'http://10.0.0.7', 'http://127.0.0.1:9000', 'https://acct.blob.core.windows.net']);
  });

  it('refuses an entry that is not an http(s) URL, with the other problems', () => {
    expect(() => loadConfig({ OUTBOUND_ENDPOINTS: 'ftp://files.example.org,minio', PORT: 'x' })).toThrow(/OUTBOUND_ENDPOINTS: "ftp:\/\/files.example.org" is not an http\(s\) URL[\s\S]*"minio"/);
  });
});

describe('reading an output area', () => {
  const storage = {
    url: 'file:/nowhere',
    quotaBytes: 0,
    s3AccessKeyId: 'key',
    s3SecretAccessKey: 'secret',
    azureConnectionString: 'AccountName=acct;AccountKey=a2V5',
    allowedEndpoints: ['http://127.0.0.1:1'],
  };

  it('refuses an endpoint that is not allowed at use time, S3 and Azure forms, before any request', async () => {
    const before = requests;
    const s3 = `s3://outputs/p1?endpoint=${encodeURIComponent(targetUrl)}&region=us-east-1`;
    const azure = `azure://outputs/p1?endpoint=${encodeURIComponent(`${targetUrl}/acct`)}`;
    for (const area of [s3, azure]) {
      expect(await codeOf(openOutputArea(area, storage))).toBe('outbound.endpoint_not_allowed');
      expect(await codeOf(outputAreas(storage).check(area))).toBe('outbound.endpoint_not_allowed');
      expect(await codeOf(outputAreas(undefined).check(area))).toBe('outbound.endpoint_not_allowed');
    }
    expect(requests).toBe(before);
  });

  it('lets an allowed endpoint through to the store (which refuses it here)', async () => {
    const allowed = { ...storage, allowedEndpoints: [targetUrl] };
    const before = requests;
    expect(await codeOf(outputAreas(allowed).check(`s3://outputs/p1?endpoint=${encodeURIComponent(targetUrl)}&region=us-east-1`))).toMatch(/^output_area\./);
    expect(requests).toBeGreaterThan(before);
  });

  it('answers the Azure form without an account key with a refusal, not a server error', async () => {
    const sasOnly = { ...storage, azureConnectionString: `BlobEndpoint=${targetUrl}/acct;SharedAccessSignature=sv=2020`, allowedEndpoints: [targetUrl] };
    expect(await codeOf(outputAreas(sasOnly).check(`azure://outputs/p1?endpoint=${encodeURIComponent(`${targetUrl}/acct`)}`))).toBe('output_area.unreadable');
  });

  it('refuses a region that is not a region name (the SDK builds a host name from it)', async () => {
    expect(await codeOf(outputAreas(storage).check('s3://outputs/p1?region=evil.example.org%23'))).toBe('validation.invalid_input');
  });
});

describe.each(TEST_DIALECTS)('setting an output area on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
  });
  afterEach(async () => database.close());

  it('refuses an endpoint that is not allowed with a stable code, and changes nothing', async () => {
    const sysadmin = await world.addPerson('sysadmin-outbound', { systemRole: 'system_manager' });
    const storage = { url: 'file:/nowhere', quotaBytes: 0, s3AccessKeyId: 'key', s3SecretAccessKey: 'secret', allowedEndpoints: [] };
    const before = { counts: await snapshotCounts(world.db), requests };
    const area = `s3://outputs/p1?endpoint=${encodeURIComponent(targetUrl)}&region=us-east-1`;
    expect(await codeOf(setOutputArea(sysadmin.ctx, world.projectId, { outputArea: area }, { outputAreas: outputAreas(storage) }))).toBe('outbound.endpoint_not_allowed');
    expect({ counts: await snapshotCounts(world.db), requests }).toEqual(before);
    expect((await findProject(world.db, world.projectId))?.output_area ?? null).toBeNull();
  });
});
