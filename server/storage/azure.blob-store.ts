/**
 * Blob store on Azure Blob Storage (STORAGE_URL=azure://CONTAINER/PREFIX, credentials from
 * AZURE_STORAGE_CONNECTION_STRING; `?endpoint=URL` overrides the connection string's endpoint).
 * Names: PREFIX/blobs/<sha256> for blobs, PREFIX/tmp/<random> for puts in progress.
 *
 * Staged blocks are invisible until a commitBlockList, which is atomic. So:
 * - A put whose hash is declared stages its blocks on the FINAL name while hashing and commits
 *   only after the hash and size are verified; a refused or broken put leaves only uncommitted
 *   blocks, which nobody can read and Azure discards (after a week at most).
 * - A put without a declared hash stages and commits a temp blob while hashing, then copies it
 *   to its final name with the synchronous Copy Blob From URL (up to 256 MiB, its limit) or,
 *   for larger content, re-streams it into blocks staged on the final name (verified again).
 * The final name therefore only ever appears complete. Checking existence first dedups.
 *
 * Memory per put is one block (8 MiB by default).
 *
 * Example: `createAzureBlobStore({ container: 'egress', prefix: '', connectionString })`.
 */
import { BlobSASPermissions, BlobServiceClient, type BlockBlobClient, type ContainerClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { DomainError } from '../domain/errors';
import type { BlobStore, ByteRange, PutOptions, StoredBlob } from '../ports/blob-store';
import { assertRangeWithin, assertSha256Key, checkDeclared, checkWithoutStoring, createHashingCounter, createVerifyingReader, putByDeclaration } from './hashing';
import { objectBlobKey as azureBlobName, objectBlobsPrefix as azureBlobsPrefix, objectTempPrefix as azureTempPrefix } from './object-keys';

export interface AzureBlobStoreOptions {
  container: string;
  /** Name prefix without leading or trailing slash; '' for the container root. */
  prefix: string;
  connectionString: string;
  /** Overrides the connection string's blob endpoint (the account key is still taken from it). */
  endpoint?: string;
  /** Bytes per staged block (default 8 MiB). */
  blockSize?: number;
  /** Temp blobs up to this size are copied server-side; larger ones are re-streamed (default 256 MiB). */
  copyLimitBytes?: number;
}

const MiB = 1024 * 1024;
const SYNC_COPY_LIMIT = 256 * MiB;

export { azureBlobName, azureBlobsPrefix, azureTempPrefix };

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

/** A URL without its query, which may hold a SAS token. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** The service client for a store's options (also used by the output-area reader of azure:// prefixes and by delivery, with its retry options). */
export function serviceClientFor(options: Pick<AzureBlobStoreOptions, 'connectionString' | 'endpoint'>, pipeline?: StoragePipelineOptions): BlobServiceClient {
  if (!options.endpoint) return BlobServiceClient.fromConnectionString(options.connectionString, pipeline);
  const fields = new Map(
    options.connectionString
      .split(';')
      .filter((part) => part.includes('='))
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const),
  );
  const name = fields.get('AccountName');
  const key = fields.get('AccountKey');
  if (!name || !key) {
    throw new DomainError('storage.unavailable', 'An azure:// endpoint override needs AccountName and AccountKey in the connection string');
  }
  return new BlobServiceClient(options.endpoint, new StorageSharedKeyCredential(name, key), pipeline);
}

/**
 * Stages `content` as blocks on `blob` (ids unique to this put, so concurrent puts on the same
 * name cannot mix blocks) and returns the ids; commits nothing. Throws whatever `content` throws.
 */
async function stageBlocks(blob: BlockBlobClient, content: Readable, blockSize: number): Promise<string[]> {
  const putId = randomUUID();
  const ids: string[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const stage = async (data: Buffer) => {
    const id = Buffer.from(`${putId}-${String(ids.length).padStart(6, '0')}`).toString('base64');
    await blob.stageBlock(id, data, data.length);
    ids.push(id);
  };
  try {
    for await (const chunk of content) {
      pending.push(chunk as Buffer);
      pendingBytes += (chunk as Buffer).length;
      while (pendingBytes >= blockSize) {
        const all = Buffer.concat(pending, pendingBytes);
        await stage(all.subarray(0, blockSize));
        pending = pendingBytes > blockSize ? [all.subarray(blockSize)] : [];
        pendingBytes -= blockSize;
      }
    }
  } catch (error) {
    content.destroy();
    throw error;
  }
  if (pendingBytes > 0) await stage(Buffer.concat(pending, pendingBytes));
  return ids;
}

/** Creates a blob store on an Azure container; call ready() once to check access and create the container. */
export function createAzureBlobStore(options: AzureBlobStoreOptions): BlobStore {
  const { prefix } = options;
  const blockSize = options.blockSize ?? 8 * MiB;
  const copyLimitBytes = options.copyLimitBytes ?? SYNC_COPY_LIMIT;
  const service = serviceClientFor(options);
  const container: ContainerClient = service.getContainerClient(options.container);
  const finalBlob = (sha256: string) => container.getBlockBlobClient(azureBlobName(prefix, sha256));

  async function statBlob(sha256: string): Promise<number | undefined> {
    try {
      return (await finalBlob(sha256).getProperties()).contentLength ?? 0;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function openBlob(sha256: string): Promise<Readable> {
    let body: Readable;
    let bytes: number | undefined;
    try {
      const download = await finalBlob(sha256).download(0);
      body = download.readableStreamBody as Readable;
      bytes = download.contentLength;
    } catch (error) {
      if (statusOf(error) === 404) throw new DomainError('storage.not_found', `The blob store holds no blob ${sha256}`, { sha256 });
      throw error;
    }
    return pipeline(body, createVerifyingReader({ sha256, ...(bytes !== undefined ? { bytes } : {}) }), () => undefined);
  }

  async function openRange(sha256: string, range: ByteRange): Promise<Readable> {
    const size = await statBlob(sha256);
    if (size === undefined) throw new DomainError('storage.not_found', `The blob store holds no blob ${sha256}`, { sha256 });
    assertRangeWithin(range, size);
    const download = await finalBlob(sha256).download(range.start, range.end - range.start + 1);
    return download.readableStreamBody as Readable;
  }

  /** Stages `content` on `blob` and commits it; when another put committed the same content first, says so. */
  async function stageAndCommit(blob: BlockBlobClient, content: Readable): Promise<boolean> {
    const ids = await stageBlocks(blob, content, blockSize);
    try {
      await blob.commitBlockList(ids);
      return true;
    } catch (error) {
      // A concurrent put of the same content committed first, which discards our uncommitted blocks.
      if (statusOf(error) === 400 && (await blob.exists())) return false;
      throw error;
    }
  }

  /** A put with a declared hash: blocks staged on the final name, committed only once verified. */
  async function putDeclared(content: Readable, putOptions: PutOptions & { expectedSha256: string }): Promise<StoredBlob> {
    if ((await statBlob(putOptions.expectedSha256)) !== undefined) {
      return { ...(await checkWithoutStoring(content, putOptions)), created: false };
    }
    const counter = createHashingCounter(putOptions);
    const created = await stageAndCommit(
      finalBlob(putOptions.expectedSha256),
      pipeline(content, counter, () => undefined),
    );
    return { ...counter.result(), created };
  }

  /** Copies a committed temp blob to its final name without the final name ever being partial. */
  async function publish(temp: BlockBlobClient, result: { sha256: string; bytes: number }): Promise<boolean> {
    const final = finalBlob(result.sha256);
    if (result.bytes <= copyLimitBytes) {
      const source =
        temp.credential instanceof StorageSharedKeyCredential ? await temp.generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 60 * 60 * 1000) }) : temp.url;
      await final.syncCopyFromURL(source);
      return true;
    }
    const download = await temp.download(0);
    const verified = pipeline(download.readableStreamBody as Readable, createVerifyingReader(result), () => undefined);
    return stageAndCommit(final, verified);
  }

  /** A put without a declared hash: a temp blob while hashing, then copied to its final name. */
  async function putUndeclared(content: Readable, putOptions: PutOptions): Promise<StoredBlob> {
    const temp = container.getBlockBlobClient(`${azureTempPrefix(prefix)}${randomUUID()}`);
    try {
      const counter = createHashingCounter(putOptions.maxBytes !== undefined ? { maxBytes: putOptions.maxBytes } : {});
      await stageAndCommit(
        temp,
        pipeline(content, counter, () => undefined),
      );
      const result = counter.result();
      checkDeclared(result, putOptions);
      if ((await statBlob(result.sha256)) !== undefined) return { ...result, created: false };
      return { ...result, created: await publish(temp, result) };
    } finally {
      await temp.deleteIfExists().catch(() => undefined);
    }
  }

  async function put(content: Readable, rawOptions?: PutOptions): Promise<StoredBlob> {
    return putByDeclaration(content, rawOptions, putDeclared, putUndeclared);
  }

  async function ready(): Promise<void> {
    try {
      await container.createIfNotExists();
    } catch (error) {
      const reason = (error as { message?: string }).message || 'unknown error';
      throw new DomainError('storage.unavailable', `The Azure container "${options.container}" is not usable: ${reason}`);
    }
  }

  return {
    description: `azure://${options.container}/${prefix} at ${withoutQuery(options.endpoint ?? service.url)}`,
    put,
    open: async (sha256) => {
      assertSha256Key(sha256);
      return openBlob(sha256);
    },
    openRange: async (sha256, range) => {
      assertSha256Key(sha256);
      return openRange(sha256, range);
    },
    stat: async (sha256) => {
      assertSha256Key(sha256);
      return statBlob(sha256);
    },
    ready,
  };
}
