import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryTarget } from '../config/delivery-settings';
import { AZURITE_ACCOUNT, type RunningObjectStore, S3RVER_CREDENTIALS, startAzurite, startS3rver } from '../testing/object-store-servers';
import { openAzureContainer } from './azure-container';
import { pushRelease } from './container-push';
import { type DeliveryRoute, deliverBundle, deliveryRouteFor, revokeDelivery } from './deliver';
import type { DeliveryItem } from './delivery-item';
import { sha256OfStream } from './delivery-item';
import type { ObjectContainer } from './object-container';
import { openS3Container } from './s3-container';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A release file whose opens are counted (a repeated delivery must not read it again). */
function item(name: string, bytes: Buffer, declared: Partial<Pick<DeliveryItem, 'sha256' | 'bytes'>> = {}): DeliveryItem & { opens: number } {
  const result = {
    name,
    sha256: declared.sha256 ?? sha(bytes),
    bytes: declared.bytes ?? bytes.length,
    opens: 0,
    open() {
      result.opens += 1;
      return Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);
    },
  };
  return result;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface Backend {
  name: string;
  start(): Promise<RunningObjectStore>;
  /** A target on the running server (its container created) with some settings changed. */
  target(server: RunningObjectStore, changes?: Record<string, unknown>): DeliveryTarget;
  createContainer(server: RunningObjectStore): Promise<void>;
  open(target: DeliveryTarget): ObjectContainer;
  /** Overwrites an object behind the delivery's back (no sha256 metadata). */
  overwrite(server: RunningObjectStore, key: string, bytes: Buffer): Promise<void>;
}

const backends: Backend[] = [
  {
    name: 'S3 (s3rver)',
    start: () => startS3rver('delivery'),
    target: (server, changes = {}) =>
      ({
        type: 's3',
        name: 'provider-s3',
        bucket: server.bucketOrContainer,
        prefix: 'egress/in',
        endpoint: server.endpoint,
        region: 'us-east-1',
        ...S3RVER_CREDENTIALS,
        allowDelete: true,
        attempts: 1,
        ...changes,
      }) as DeliveryTarget,
    async createContainer(server) {
      const client = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
      await client.send(new CreateBucketCommand({ Bucket: server.bucketOrContainer }));
      client.destroy();
    },
    open: (target) => openS3Container(target as Extract<DeliveryTarget, { type: 's3' }>),
    async overwrite(server, key, bytes) {
      const client = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
      await client.send(new PutObjectCommand({ Bucket: server.bucketOrContainer, Key: key, Body: bytes }));
      client.destroy();
    },
  },
  {
    name: 'Azure Blob (Azurite)',
    start: () => startAzurite('delivery'),
    target: (server, changes = {}) =>
      ({
        type: 'azure',
        name: 'partner-azure',
        container: server.bucketOrContainer,
        prefix: 'egress/in',
        connectionString: server.storage.azureConnectionString as string,
        allowDelete: true,
        attempts: 1,
        ...changes,
      }) as DeliveryTarget,
    async createContainer(server) {
      await BlobServiceClient.fromConnectionString(server.storage.azureConnectionString as string)
        .getContainerClient(server.bucketOrContainer)
        .createIfNotExists();
    },
    open: (target) => openAzureContainer(target as Extract<DeliveryTarget, { type: 'azure' }>),
    async overwrite(server, key, bytes) {
      await BlobServiceClient.fromConnectionString(server.storage.azureConnectionString as string)
        .getContainerClient(server.bucketOrContainer)
        .getBlockBlobClient(key)
        .uploadData(bytes);
    },
  },
];

describe.each(backends)('container push to $name', (backend) => {
  let server: RunningObjectStore;
  beforeAll(async () => {
    server = await backend.start();
    await backend.createContainer(server);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  const route = (changes?: Record<string, unknown>): DeliveryRoute => ({ method: 'container_push', target: backend.target(server, changes) });
  const readBack = async (key: string) => sha256OfStream(await backend.open(backend.target(server)).read(key));

  it('pushes the bundle and its manifest under the release key, verified by reading them back', async () => {
    const release = `rel-${randomUUID()}`;
    const bundle = randomBytes(9 * 1024 * 1024 + 17); // past one multipart part / block
    const manifest = Buffer.from('{"formatVersion":1}');
    const receipt = await deliverBundle(route(), release, [item('bundle.zip.age', bundle), item('manifest.json', manifest)]);
    expect(receipt.method).toBe('container_push');
    expect(receipt.target).toBe(backend.target(server).name);
    expect(receipt.location).toMatch(new RegExp(`^(s3|azure)://delivery/egress/in/${release}/$`));
    expect(receipt.objects).toEqual([
      { name: 'bundle.zip.age', key: `egress/in/${release}/bundle.zip.age`, sha256: sha(bundle), bytes: bundle.length, alreadyPresent: false },
      { name: 'manifest.json', key: `egress/in/${release}/manifest.json`, sha256: sha(manifest), bytes: manifest.length, alreadyPresent: false },
    ]);
    expect(await readBack(`egress/in/${release}/bundle.zip.age`)).toEqual({ sha256: sha(bundle), bytes: bundle.length });
  }, 60_000);

  it('delivering the same release again writes nothing and reads no source', async () => {
    const release = `rel-${randomUUID()}`;
    const bytes = randomBytes(4096);
    await deliverBundle(route(), release, [item('bundle.zip', bytes)]);
    const again = item('bundle.zip', bytes);
    const receipt = await deliverBundle(route(), release, [again]);
    expect(again.opens).toBe(0);
    expect(receipt.objects[0]?.alreadyPresent).toBe(true);
  });

  it('replaces an object changed behind its back when delivering again, and verifies it', async () => {
    const release = `rel-${randomUUID()}`;
    const bytes = randomBytes(4096);
    await deliverBundle(route(), release, [item('bundle.zip', bytes)]);
    await backend.overwrite(server, `egress/in/${release}/bundle.zip`, Buffer.from('tampered'));
    const again = item('bundle.zip', bytes);
    const receipt = await deliverBundle(route(), release, [again]);
    expect(again.opens).toBe(1);
    expect(receipt.objects[0]?.alreadyPresent).toBe(false);
    expect(await readBack(`egress/in/${release}/bundle.zip`)).toEqual({ sha256: sha(bytes), bytes: bytes.length });
  });

  it('fails verification when what it reads back is not what it sent', async () => {
    const release = `rel-${randomUUID()}`;
    const real = backend.open(backend.target(server));
    // Someone overwrites the object between the push and the read-back.
    const meddled: ObjectContainer = {
      ...real,
      async write(key, body, sha256) {
        await real.write(key, body, sha256);
        await backend.overwrite(server, key, Buffer.from('swapped'));
      },
    };
    await expect(pushRelease(meddled, 'egress/in', release, [item('bundle.zip', randomBytes(2048))])).rejects.toMatchObject({ code: 'delivery.verification_failed' });
  });

  it('refuses a source that is not what was declared, leaving no object', async () => {
    const release = `rel-${randomUUID()}`;
    const bytes = randomBytes(4096);
    await expect(deliverBundle(route(), release, [item('bundle.zip', bytes, { sha256: sha(Buffer.from('other')) })])).rejects.toMatchObject({ code: 'file.hash_mismatch' });
    expect(await backend.open(backend.target(server)).stat(`egress/in/${release}/bundle.zip`)).toBeUndefined();
  });

  it('reports a missing bucket or container as a refusal', async () => {
    const missing = backend.name.startsWith('S3') ? { bucket: 'no-such-bucket' } : { container: 'no-such-container' };
    await expect(deliverBundle(route(missing), `rel-${randomUUID()}`, [item('bundle.zip', randomBytes(64))])).rejects.toMatchObject({ code: 'delivery.refused' });
  });

  it('reports wrong credentials as a refusal, naming the target and never the secret', async () => {
    const wrong = backend.name.startsWith('S3')
      ? { accessKeyId: 'NOT-S3RVER', secretAccessKey: 'wrong-secret-value' }
      : { connectionString: (server.storage.azureConnectionString as string).replace(AZURITE_ACCOUNT.key, Buffer.alloc(64, 1).toString('base64')) };
    const error = await deliverBundle(route(wrong), `rel-${randomUUID()}`, [item('bundle.zip', randomBytes(64))]).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'delivery.refused' });
    expect((error as Error).message).toContain(backend.target(server).name);
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });

  it('reports a server that does not answer as unreachable', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const changes = backend.name.startsWith('S3') ? { endpoint } : { connectionString: (server.storage.azureConnectionString as string).replace(server.endpoint, endpoint) };
    await expect(deliverBundle(route(changes), `rel-${randomUUID()}`, [item('bundle.zip', randomBytes(64))])).rejects.toMatchObject({ code: 'delivery.unreachable' });
  }, 60_000);

  it('revoking deletes the pushed objects where the target allows it', async () => {
    const release = `rel-${randomUUID()}`;
    const receipt = await deliverBundle(route(), release, [item('bundle.zip', randomBytes(100)), item('manifest.json', randomBytes(10))]);
    expect(await revokeDelivery(route(), receipt)).toEqual({ outcome: 'deleted', deleted: receipt.objects.map((o) => o.key) });
    for (const object of receipt.objects) expect(await backend.open(backend.target(server)).stat(object.key)).toBeUndefined();
  });

  it('revoking where the target forbids deletion deletes nothing and says so', async () => {
    const release = `rel-${randomUUID()}`;
    const receipt = await deliverBundle(route(), release, [item('bundle.zip', randomBytes(100))]);
    const outcome = await revokeDelivery(route({ allowDelete: false }), receipt);
    expect(outcome).toMatchObject({ outcome: 'not_allowed' });
    expect(await backend.open(backend.target(server)).stat(receipt.objects[0]!.key)).toMatchObject({ bytes: 100 });
  });

  it('revoking on a target that refuses answers failed, with the reason', async () => {
    const receipt = await deliverBundle(route(), `rel-${randomUUID()}`, [item('bundle.zip', randomBytes(100))]);
    const missing = backend.name.startsWith('S3') ? { bucket: 'no-such-bucket' } : { container: 'no-such-container' };
    const outcome = await revokeDelivery(route(missing), receipt);
    expect(outcome).toMatchObject({ outcome: 'failed', deleted: [] });
    expect((outcome as { reason: string }).reason).toMatch(/refused to delete/);
  });
});

describe('the route of a registered destination', () => {
  const settings = {
    targets: new Map([['archive', { type: 's3', name: 'archive', bucket: 'b', prefix: '', region: 'x', allowDelete: false, attempts: 1 } as DeliveryTarget]]),
    exportDir: '/srv/export',
  };
  it('binds a push to its configured target, an export to EXPORT_DIR, and a link to nothing', () => {
    expect(deliveryRouteFor({ method: 'container_push', target: 'archive' }, settings)).toMatchObject({ method: 'container_push', target: { name: 'archive' } });
    expect(deliveryRouteFor({ method: 'folder_export', target: 'provider' }, settings)).toEqual({ method: 'folder_export', exportDir: '/srv/export', subfolder: 'provider' });
    expect(deliveryRouteFor({ method: 'link', target: null }, settings)).toBeNull();
  });
  it('refuses a target no longer configured, and folder export without EXPORT_DIR', () => {
    expect(() => deliveryRouteFor({ method: 'container_push', target: 'gone' }, settings)).toThrow(expect.objectContaining({ code: 'destination.target_unknown' }));
    expect(() => deliveryRouteFor({ method: 'folder_export', target: 'x' }, { ...settings, exportDir: null })).toThrow(expect.objectContaining({ code: 'destination.export_not_configured' }));
  });
});
