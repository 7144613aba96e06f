/**
 * Blob store on S3 or an S3-compatible server (STORAGE_URL=s3://BUCKET/PREFIX?endpoint=…&region=…).
 * Keys: PREFIX/blobs/<sha256> for blobs, PREFIX/tmp/<random> for puts in progress.
 *
 * A put whose hash is declared streams straight to its final key (lib-storage Upload: one
 * PutObject, or a multipart upload for more than one part). The hashing stream fails at its
 * end when the hash or size is wrong, before the uploader sees the end, so the PutObject or
 * CompleteMultipartUpload that would make the key visible is never sent, and the upload is
 * aborted. A put without a declared hash streams to a temp key while hashing, then copies it
 * server-side (CopyObject, up to 5 GiB) or re-streams it (larger) to its final key and deletes
 * the temp key. Either way the final key only ever appears complete. HEAD first dedups.
 *
 * Memory per put is at most partSize × (queueSize + 1) bytes.
 *
 * Example: `createS3BlobStore({ bucket: 'egress', prefix: 'blobs', endpoint: 'http://127.0.0.1:9000' })`.
 */
import { CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomUUID } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { DomainError } from '../domain/errors';
import type { BlobStore, ByteRange, PutOptions, StoredBlob } from '../ports/blob-store';
import { assertRangeWithin, assertSha256Key, takeExactly, checkDeclared, checkWithoutStoring, createHashingCounter, createVerifyingReader, putByDeclaration } from './hashing';
import { objectBlobKey as s3BlobKey, objectBlobsPrefix as s3BlobsPrefix, objectTempPrefix as s3TempPrefix } from './object-keys';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket root. */
  prefix: string;
  /** An S3-compatible server (path-style addressing is used then); absent means AWS. */
  endpoint?: string;
  region?: string;
  /** Absent means the SDK's default chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bytes per multipart part, at least 5 MiB (default 8 MiB). */
  partSize?: number;
  /** Temp objects up to this size are copied server-side; larger ones are re-streamed (default 5 GiB, CopyObject's limit). */
  copyLimitBytes?: number;
}

const MiB = 1024 * 1024;
const COPY_OBJECT_LIMIT = 5 * 1024 * MiB;

export { s3BlobKey, s3BlobsPrefix, s3TempPrefix };

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || statusOf(error) === 404;
}

function copySourceOf(bucket: string, key: string): string {
  return `${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Creates a blob store on an S3 bucket; call ready() once to check access and create the bucket. */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket, prefix } = options;
  const partSize = Math.max(options.partSize ?? 8 * MiB, 5 * MiB);
  const copyLimitBytes = options.copyLimitBytes ?? COPY_OBJECT_LIMIT;
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          forcePathStyle: true,
          // S3-compatible servers often lack the newer checksum trailers; we verify sha256 ourselves.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });

  /** Streams `body` to `key`; the key appears only if `body` ends without error. */
  async function upload(key: string, body: Readable): Promise<void> {
    const uploader = new Upload({ client, params: { Bucket: bucket, Key: key, Body: body }, partSize, queueSize: 2 });
    try {
      await uploader.done();
    } catch (error) {
      // The body's own error (a refusal, a broken source) says more than a failed abort after it.
      const cause = body.errored ?? error;
      body.destroy();
      throw cause;
    }
  }

  async function statBlob(sha256: string): Promise<number | undefined> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: s3BlobKey(prefix, sha256) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function openBlob(sha256: string): Promise<Readable> {
    let body: Readable;
    let bytes: number | undefined;
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: s3BlobKey(prefix, sha256) }));
      body = object.Body as Readable;
      bytes = object.ContentLength;
    } catch (error) {
      if (isNotFound(error)) throw new DomainError('storage.not_found', `The blob store holds no blob ${sha256}`, { sha256 });
      throw error;
    }
    return pipeline(body, createVerifyingReader({ sha256, ...(bytes !== undefined ? { bytes } : {}) }), () => undefined);
  }

  async function openRange(sha256: string, range: ByteRange): Promise<Readable> {
    const size = await statBlob(sha256);
    if (size === undefined) throw new DomainError('storage.not_found', `The blob store holds no blob ${sha256}`, { sha256 });
    assertRangeWithin(range, size);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: s3BlobKey(prefix, sha256), Range: `bytes=${range.start}-${range.end}` }));
    return takeExactly(object.Body as Readable, range.end - range.start + 1);
  }

  /** A put with a declared hash: straight to the final key, aborted unless the bytes match. */
  async function putDeclared(content: Readable, putOptions: PutOptions & { expectedSha256: string }): Promise<StoredBlob> {
    if ((await statBlob(putOptions.expectedSha256)) !== undefined) {
      return { ...(await checkWithoutStoring(content, putOptions)), created: false };
    }
    const counter = createHashingCounter(putOptions);
    await upload(
      s3BlobKey(prefix, putOptions.expectedSha256),
      pipeline(content, counter, () => undefined),
    );
    return { ...counter.result(), created: true };
  }

  /** A put without a declared hash: to a temp key, then copied (or re-streamed) to its final key. */
  async function putUndeclared(content: Readable, putOptions: PutOptions): Promise<StoredBlob> {
    const temp = `${s3TempPrefix(prefix)}${randomUUID()}`;
    try {
      const counter = createHashingCounter(putOptions.maxBytes !== undefined ? { maxBytes: putOptions.maxBytes } : {});
      await upload(
        temp,
        pipeline(content, counter, () => undefined),
      );
      const result = counter.result();
      checkDeclared(result, putOptions);
      if ((await statBlob(result.sha256)) !== undefined) return { ...result, created: false };
      const final = s3BlobKey(prefix, result.sha256);
      if (result.bytes <= copyLimitBytes) {
        await client.send(new CopyObjectCommand({ Bucket: bucket, Key: final, CopySource: copySourceOf(bucket, temp) }));
      } else {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: temp }));
        await upload(
          final,
          pipeline(object.Body as Readable, createVerifyingReader(result), () => undefined),
        );
      }
      return { ...result, created: true };
    } finally {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: temp })).catch(() => undefined);
    }
  }

  async function put(content: Readable, rawOptions?: PutOptions): Promise<StoredBlob> {
    return putByDeclaration(content, rawOptions, putDeclared, putUndeclared);
  }

  async function ready(): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!isNotFound(error)) throw unavailable(error);
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      } catch (createError) {
        const name = (createError as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw unavailable(createError);
      }
    }
  }

  function unavailable(error: unknown): DomainError {
    const reason = (error as { name?: string; message?: string }).message || (error as { name?: string }).name || 'unknown error';
    return new DomainError('storage.unavailable', `The S3 bucket "${bucket}" is not usable: ${reason}`);
  }

  return {
    description: `s3://${bucket}/${prefix}${options.endpoint ? ` at ${options.endpoint}` : ''}`,
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
    close: async () => client.destroy(),
  };
}
