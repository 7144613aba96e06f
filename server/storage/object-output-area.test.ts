/**
 * The output-area reader of storage-container prefixes against real servers (s3rver and
 * Azurite): `/`-delimited folders under the prefix, reading a file, noticing an object that is
 * replaced while it is being copied, and refusing `..`.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { type RunningObjectStore, startAzurite, startS3rver } from '../testing/object-store-servers';
import { checkOutputArea, openOutputArea } from './open-output-area';
import type { InventoryItem, OutputAreaSource, WalkItem } from '../ports/output-areas';

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

async function read(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

async function collect(walk: AsyncGenerator<WalkItem>): Promise<WalkItem[]> {
  const items: WalkItem[] = [];
  for await (const item of walk) items.push(item);
  return items;
}

interface ObjectStoreUnderTest {
  server: RunningObjectStore;
  put(key: string, content: string): Promise<void>;
  close(): Promise<void>;
}

async function s3UnderTest(): Promise<ObjectStoreUnderTest> {
  const server = await startS3rver('area-test');
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: server.storage.s3AccessKeyId as string, secretAccessKey: server.storage.s3SecretAccessKey as string },
  });
  await client.send(new CreateBucketCommand({ Bucket: server.bucketOrContainer }));
  return {
    server,
    put: async (key, content) => {
      await client.send(new PutObjectCommand({ Bucket: server.bucketOrContainer, Key: key, Body: content }));
    },
    close: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

async function azureUnderTest(): Promise<ObjectStoreUnderTest> {
  const server = await startAzurite('area-test');
  const container = BlobServiceClient.fromConnectionString(server.storage.azureConnectionString as string).getContainerClient(server.bucketOrContainer);
  await container.createIfNotExists();
  return {
    server,
    put: async (key, content) => {
      await container.getBlockBlobClient(key).upload(content, Buffer.byteLength(content));
    },
    close: () => server.stop(),
  };
}

describe.each([
  ['S3 (s3rver)', s3UnderTest],
  ['Azure (Azurite)', azureUnderTest],
])('an output area on %s', (_name, start) => {
  let store: ObjectStoreUnderTest;
  let area: OutputAreaSource;
  beforeAll(async () => {
    store = await start();
    for (const [key, content] of [
      ['run/a.txt', 'alpha'],
      ['run/results/t1.csv', 'a,b\n1,2\n'],
      ['run/results/deep/t2.csv', 'c\n3\n'],
      ['run/figures/f.txt', 'figure'],
      ['run/figures/', ''],
      ['run-2/sibling.txt', 'not under run/'],
      ['secret.txt', 'outside the prefix'],
    ] as const) {
      await store.put(key, content);
    }
    area = await openOutputArea(store.server.urlFor('run'), store.server.storage);
  }, 60_000);
  afterAll(async () => {
    await area?.close?.();
    await store?.close();
  });

  it('lists one /-delimited level of the prefix: folders first, then files with their size and time', async () => {
    const top = await area.list('');
    expect(top.relative).toBe('');
    expect(top.entries.map((e) => [e.path, e.kind])).toEqual([
      ['figures', 'folder'],
      ['results', 'folder'],
      ['a.txt', 'file'],
    ]);
    const described = await area.describe(top.entries);
    expect(described.map((e) => [e.name, e.bytes])).toEqual([
      ['figures', null],
      ['results', null],
      ['a.txt', 5],
    ]);
    expect(described[2]?.mtimeMs).toBeGreaterThan(0);
    const results = await area.list('/results/');
    expect(results.entries.map((e) => [e.path, e.kind])).toEqual([
      ['results/deep', 'folder'],
      ['results/t1.csv', 'file'],
    ]);
    // The folder marker object `figures/` is not listed as a file.
    expect((await area.list('figures')).entries.map((e) => e.path)).toEqual(['figures/f.txt']);
    expect(await codeOf(area.list('missing'))).toBe('output_area.not_found');
    expect(await codeOf(area.list('a.txt'))).toBe('output_area.not_found');
  });

  it('inventories every object under the prefix with its size, time and etag from the listing', async () => {
    const items: InventoryItem[] = [];
    for await (const item of area.inventory()) items.push(item);
    expect(items.map((i) => [i.path, i.kind, i.kind === 'file' ? i.bytes : null])).toEqual([
      ['figures/f.txt', 'file', 6],
      ['results/deep/t2.csv', 'file', 4],
      ['results/t1.csv', 'file', 8],
      ['a.txt', 'file', 5],
    ]);
    for (const item of items) if (item.kind === 'file') expect(item.etag).toMatch(/\S/);
  });

  it('walks a folder depth first in listing order, or takes a single file', async () => {
    expect(await collect(area.walk('', 100))).toEqual([
      { path: 'figures/f.txt', kind: 'file' },
      { path: 'results/deep/t2.csv', kind: 'file' },
      { path: 'results/t1.csv', kind: 'file' },
      { path: 'a.txt', kind: 'file' },
    ]);
    expect(await collect(area.walk('results/t1.csv', 100))).toEqual([{ path: 'results/t1.csv', kind: 'file' }]);
    expect(await codeOf(collect(area.walk('nothing-here', 100)))).toBe('output_area.not_found');
  });

  it('opens a file with the size and time it is listed with, and reads its bytes', async () => {
    const [listed] = await area.describe((await area.list('results')).entries.filter((e) => e.kind === 'file'));
    const file = await area.openFile('results/t1.csv');
    try {
      expect({ bytes: file.bytes, mtimeMs: file.mtimeMs }).toEqual({ bytes: 8, mtimeMs: listed?.mtimeMs });
      expect(await read(file.stream())).toBe('a,b\n1,2\n');
      await file.assertUnchanged();
    } finally {
      await file.close();
    }
    expect(await codeOf(area.openFile('results'))).toBe('output_area.not_found');
    expect(await codeOf(area.openFile(''))).toBe('output_area.unreadable');
  });

  it('notices an object replaced after it was opened: reading it, or checking at the end of a copy, fails', async () => {
    await store.put('run/changing/same-size.txt', 'first');
    await store.put('run/changing/grows.txt', 'first');
    const sameSize = await area.openFile('changing/same-size.txt');
    const grows = await area.openFile('changing/grows.txt');
    try {
      await store.put('run/changing/same-size.txt', 'other');
      await store.put('run/changing/grows.txt', 'first and more');
      expect(await codeOf(read(sameSize.stream()))).toBe('output_area.changed_during_copy');
      expect(await codeOf(sameSize.assertUnchanged())).toBe('output_area.changed_during_copy');
      expect(await codeOf(grows.assertUnchanged())).toBe('file.size_mismatch');
    } finally {
      await sameSize.close();
      await grows.close();
    }
  });

  it('refuses paths with .. before asking the store, and never lists what is outside the prefix', async () => {
    expect(await codeOf(area.list('..'))).toBe('output_area.outside');
    expect(await codeOf(area.list('results/../..'))).toBe('output_area.outside');
    expect(await codeOf(area.openFile('../secret.txt'))).toBe('output_area.outside');
    expect(await codeOf(area.openFile('../run-2/sibling.txt'))).toBe('output_area.outside');
    expect(await codeOf(collect(area.walk('..', 100)))).toBe('output_area.outside');
    const everything = await collect(area.walk('', 100));
    expect(everything.map((i) => i.path)).not.toContain('sibling.txt');
    expect(everything.map((i) => i.path)).not.toContain('secret.txt');
  });

  it('checks that the bucket or container can be listed when the area is set', async () => {
    await checkOutputArea(store.server.urlFor('run'), store.server.storage);
    const missing = store.server.urlFor('run').replace('area-test', 'no-such-container');
    expect(await codeOf(checkOutputArea(missing, store.server.storage))).toBe('output_area.not_found');
  });
});
