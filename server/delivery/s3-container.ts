/**
 * A push target on S3 or an S3-compatible server (server/config/delivery-settings.ts): the
 * ObjectContainer of a container push. Uploads stream (lib-storage, multipart past one part);
 * the sha256 goes into the object's metadata (`x-amz-meta-sha256`).
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { S3DeliveryTarget } from '../config/delivery-settings';
import { type ObjectContainer, deliveryFailure, statusOfStorageError } from './object-container';

const MiB = 1024 * 1024;

/** Opens an S3 push target; nothing is contacted until the first call. */
export function openS3Container(target: S3DeliveryTarget): ObjectContainer {
  const client = new S3Client({
    region: target.region,
    maxAttempts: target.attempts,
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    ...(target.accessKeyId && target.secretAccessKey ? { credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey } } : {}),
  });
  const Bucket = target.bucket;
  return {
    locationOf: (key) => `s3://${Bucket}/${key}`,
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { bytes: head.ContentLength ?? 0, sha256: head.Metadata?.sha256 };
      } catch (error) {
        // 404 on the object is "not there yet"; a missing bucket is a refusal (NoSuchBucket answers 404 too, but HEAD has no body: check the bucket on write).
        if (statusOfStorageError(error) === 404) return undefined;
        throw deliveryFailure(error, target.name, 'look up an object');
      }
    },
    async write(key, body, sha256) {
      const upload = new Upload({ client, params: { Bucket, Key: key, Body: body, Metadata: { sha256 } }, partSize: 8 * MiB, queueSize: 2 });
      try {
        await upload.done();
      } catch (error) {
        body.destroy();
        throw deliveryFailure(error, target.name, 'store an object');
      }
    },
    async read(key) {
      try {
        return (await client.send(new GetObjectCommand({ Bucket, Key: key }))).Body as Readable;
      } catch (error) {
        throw deliveryFailure(error, target.name, 'read an object back');
      }
    },
    async remove(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        throw deliveryFailure(error, target.name, 'delete an object');
      }
    },
  };
}
