/**
 * Runs the blob store contract (blob-store-contract.testing.ts) against the local folder store, S3
 * (s3rver, in-process) and Azure Blob (Azurite, a child process), plus the cases only the
 * folder store has: the quota and the on-disk layout.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { describeBlobStoreContract } from './blob-store-contract.testing';
import { type RunningObjectStore, S3RVER_CREDENTIALS, startAzurite, startS3rver } from '../testing/object-store-servers';
import { azureBlobName, azureBlobsPrefix, azureTempPrefix, createAzureBlobStore } from './azure.blob-store';
import { STALE_TEMP_MS, createFsBlobStore, fsBlobPath, fsTempDir } from './fs.blob-store';
import { openBlobStore } from './open-blob-store';
import { createS3BlobStore, s3BlobKey, s3BlobsPrefix, s3TempPrefix } from './s3.blob-store';

function listFsBlobs(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name))
    .flatMap((entry) => readdirSync(join(root, entry.name)))
    .sort();
}

function freshFolder(): string {
  return mkdtempSync(join(tmpdir(), 'egress-blobs-'));
}

describeBlobStoreContract('local folder', async () => {
  const root = freshFolder();
  return {
    store: createFsBlobStore({ root }),
    storedKeys: async () => listFsBlobs(root),
    leftovers: async () => readdirSync(fsTempDir(root)),
    corrupt: async (sha256, bytes) => writeFileSync(fsBlobPath(root, sha256), bytes),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

/** Folders of the local-store tests below, removed when the file's tests end. */
const folders: string[] = [];
const folder = () => {
  const root = freshFolder();
  folders.push(root);
  return root;
};
afterAll(() => {
  for (const root of folders) rmSync(root, { recursive: true, force: true });
});

describe('local folder store', () => {
  it('keeps each blob at ROOT/<first two hex digits>/<sha256>', async () => {
    const root = folder();
    const store = createFsBlobStore({ root });
    const bytes = Buffer.from('layout');
    const { sha256 } = await store.put(Readable.from([bytes]));
    expect(fsBlobPath(root, sha256)).toBe(join(root, sha256.slice(0, 2), sha256));
    expect(readdirSync(join(root, sha256.slice(0, 2)))).toEqual([sha256]);
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('removes temp files left by a crashed put a day ago when it starts, and keeps recent ones', async () => {
    const root = folder();
    await createFsBlobStore({ root }).ready();
    writeFileSync(join(fsTempDir(root), 'crashed'), 'partial');
    writeFileSync(join(fsTempDir(root), 'in-progress'), 'partial');
    const dayAndMinuteAgo = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    utimesSync(join(fsTempDir(root), 'crashed'), dayAndMinuteAgo, dayAndMinuteAgo);
    await createFsBlobStore({ root }).ready();
    expect(readdirSync(fsTempDir(root))).toEqual(['in-progress']);
  });

  it('refuses a put that would pass the quota with storage.quota_exceeded and keeps nothing of it', async () => {
    const root = folder();
    const store = createFsBlobStore({ root, quotaBytes: 100 });
    await store.ready();
    const first = await store.put(Readable.from([Buffer.alloc(60, 1)]));
    const error = await store.put(Readable.from([Buffer.alloc(41, 2)])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('storage.quota_exceeded');
    expect(listFsBlobs(root)).toEqual([first.sha256]);
    expect(readdirSync(fsTempDir(root))).toEqual([]);
    // What still fits is accepted; content already stored and declared by hash needs no room.
    await store.put(Readable.from([Buffer.alloc(40, 3)]));
    const again = await store.put(Readable.from([Buffer.alloc(60, 1)]), { expectedSha256: first.sha256 });
    expect(again.created).toBe(false);
  });

  it('counts blobs already in the folder against the quota when it starts', async () => {
    const root = folder();
    await createFsBlobStore({ root }).put(Readable.from([Buffer.alloc(80, 1)]));
    const reopened = createFsBlobStore({ root, quotaBytes: 100 });
    await reopened.ready();
    const error = await reopened.put(Readable.from([Buffer.alloc(21, 2)])).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('storage.quota_exceeded');
    expect((await reopened.put(Readable.from([Buffer.alloc(20, 2)]))).created).toBe(true);
  });

  it('does not let concurrent puts pass the quota together', async () => {
    const root = folder();
    const store = createFsBlobStore({ root, quotaBytes: 100 });
    const results = await Promise.allSettled([store.put(Readable.from([Buffer.alloc(60, 1)])), store.put(Readable.from([Buffer.alloc(60, 2)]))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(listFsBlobs(root)).toHaveLength(1);
    expect(readdirSync(fsTempDir(root))).toEqual([]);
  });
});

describe('local folder store: putLocalFile (a finished upload taken without copying)', () => {
  const staged = (content: Buffer) => {
    const path = join(folder(), 'staged');
    writeFileSync(path, content);
    return { path, known: { sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length } };
  };
  const readAll = async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('hard-links the file to its final name, which then reads back verified, and leaves the source for the caller', async () => {
    const root = folder();
    const store = createFsBlobStore({ root });
    const content = Buffer.from('linked, not copied\n'.repeat(1000));
    const { path, known } = staged(content);
    expect(await store.putLocalFile(path, known, { expectedSha256: known.sha256, expectedBytes: known.bytes })).toEqual({ ...known, created: true });
    expect(statSync(fsBlobPath(root, known.sha256)).ino).toBe(statSync(path).ino);
    rmSync(path);
    expect(await readAll(await store.open(known.sha256))).toEqual(content);
    expect(readdirSync(fsTempDir(root))).toEqual([]);
  });

  it('answers created: false for content already stored, and keeps the stored blob', async () => {
    const root = folder();
    const store = createFsBlobStore({ root });
    const content = Buffer.from('twice');
    await store.put(Readable.from([content]));
    const { path, known } = staged(content);
    expect(await store.putLocalFile(path, known)).toEqual({ ...known, created: false });
    expect(statSync(fsBlobPath(root, known.sha256)).ino).not.toBe(statSync(path).ino);
  });

  it('refuses a hash or size other than the declared one, or a file that no longer has the hashed size, storing nothing', async () => {
    const root = folder();
    const store = createFsBlobStore({ root });
    const { path, known } = staged(Buffer.from('declared differently'));
    await expect(store.putLocalFile(path, known, { expectedSha256: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'file.hash_mismatch' });
    await expect(store.putLocalFile(path, known, { expectedBytes: known.bytes + 1 })).rejects.toMatchObject({ code: 'file.size_mismatch' });
    await expect(store.putLocalFile(path, known, { maxBytes: known.bytes - 1 })).rejects.toMatchObject({ code: 'file.too_large' });
    await expect(store.putLocalFile(path, { ...known, bytes: known.bytes + 5 })).rejects.toThrow(/no longer holds/);
    expect(listFsBlobs(root)).toEqual([]);
  });

  it('keeps to the quota', async () => {
    const root = folder();
    const store = createFsBlobStore({ root, quotaBytes: 10 });
    const { path, known } = staged(Buffer.from('more than ten bytes'));
    await expect(store.putLocalFile(path, known)).rejects.toMatchObject({ code: 'storage.quota_exceeded' });
    expect(listFsBlobs(root)).toEqual([]);
  });

  it('does not let a finishing upload and a concurrent put pass the quota together', async () => {
    const root = folder();
    const store = createFsBlobStore({ root, quotaBytes: 100 });
    const { path, known } = staged(Buffer.alloc(60, 3));
    const results = await Promise.allSettled([store.putLocalFile(path, known), store.put(Readable.from([Buffer.alloc(60, 4)]))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['storage.quota_exceeded']);
    expect(listFsBlobs(root)).toHaveLength(1);
  });
});

describe('on s3rver', () => {
  let server: RunningObjectStore;
  let client: S3Client;
  beforeAll(async () => {
    server = await startS3rver();
    client = new S3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  async function listKeys(prefix: string): Promise<string[]> {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: server.bucketOrContainer, Prefix: prefix }));
    return (listed.Contents ?? []).map((object) => (object.Key as string).slice(prefix.length)).sort();
  }

  describeBlobStoreContract('S3 (s3rver)', async () => {
    const prefix = `run-${randomUUID()}`;
    const store = openBlobStore({ ...server.storage, url: server.urlFor(prefix) });
    return {
      store,
      storedKeys: () => listKeys(s3BlobsPrefix(prefix)),
      leftovers: () => listKeys(s3TempPrefix(prefix)),
      corrupt: async (sha256, bytes) => {
        await client.send(new PutObjectCommand({ Bucket: server.bucketOrContainer, Key: s3BlobKey(prefix, sha256), Body: bytes }));
      },
      close: async () => store.close?.(),
    };
  });

  it('re-streams content past the copy limit to its final key and verifies it', async () => {
    const prefix = `big-${randomUUID()}`;
    const store = createS3BlobStore({
      bucket: server.bucketOrContainer,
      prefix,
      endpoint: server.endpoint,
      credentials: S3RVER_CREDENTIALS,
      copyLimitBytes: 1024,
    });
    await store.ready();
    const bytes = Buffer.alloc(6 * 1024 * 1024 + 3, 7);
    const stored = await store.put(Readable.from([bytes.subarray(0, 3 * 1024 * 1024), bytes.subarray(3 * 1024 * 1024)]));
    expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, created: true });
    expect(await listKeys(s3BlobsPrefix(prefix))).toEqual([stored.sha256]);
    expect(await listKeys(s3TempPrefix(prefix))).toEqual([]);
    expect(await store.stat(stored.sha256)).toBe(bytes.length);
    await store.close?.();
  });
});

describe('on Azurite', () => {
  let server: RunningObjectStore;
  let container: ContainerClient;
  beforeAll(async () => {
    server = await startAzurite();
    const service = BlobServiceClient.fromConnectionString(server.storage.azureConnectionString as string);
    container = service.getContainerClient(server.bucketOrContainer);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function listNames(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name.slice(prefix.length));
    return names.sort();
  }

  describeBlobStoreContract('Azure Blob (Azurite)', async () => {
    const prefix = `run-${randomUUID()}`;
    const store = openBlobStore({ ...server.storage, url: server.urlFor(prefix) });
    return {
      store,
      storedKeys: () => listNames(azureBlobsPrefix(prefix)),
      leftovers: () => listNames(azureTempPrefix(prefix)),
      corrupt: async (sha256, bytes) => {
        await container.getBlockBlobClient(azureBlobName(prefix, sha256)).uploadData(bytes);
      },
      close: async () => store.close?.(),
    };
  });

  it('re-streams content past the copy limit into blocks on its final name and verifies it', async () => {
    const prefix = `big-${randomUUID()}`;
    const store = createAzureBlobStore({
      container: server.bucketOrContainer,
      prefix,
      connectionString: server.storage.azureConnectionString as string,
      blockSize: 1024 * 1024,
      copyLimitBytes: 1024,
    });
    await store.ready();
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 3, 9);
    const stored = await store.put(Readable.from([bytes.subarray(0, 1_500_000), bytes.subarray(1_500_000)]));
    expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, created: true });
    expect(await listNames(azureBlobsPrefix(prefix))).toEqual([stored.sha256]);
    expect(await listNames(azureTempPrefix(prefix))).toEqual([]);
    expect(await store.stat(stored.sha256)).toBe(bytes.length);
  });
});
