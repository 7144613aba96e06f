/**
 * Resumable uploads (the tus protocol, https://tus.io) at `POST /api/v1/uploads`: what a client
 * declares when it creates an upload, and the headers the server adds to the response of the
 * request that completes it, so that a client can check what was recorded.
 *
 * Example: a client creates an upload with `Upload-Length: 1048576` and the metadata
 * `{packageId, path: 'results/table1.csv', sha256}`; the PATCH that carries the last byte is
 * answered with `Egress-Sha256: <the hash the server computed>` and `Egress-File-Created: true`
 * (or `false` when the package already held exactly this content at that path).
 */
import { z } from 'zod';
import { idSchema } from './common.contract';

/** The `Upload-Metadata` a client sends when it creates an upload. */
export const uploadMetadataSchema = z
  .object({
    packageId: idSchema,
    /** The file's path inside the package; the server normalises it or refuses it. */
    path: z.string().min(1).max(4096),
    /** The sha256 the client computed (64 lower-case hex characters); the server refuses other bytes. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hexadecimal characters')
      .optional(),
  })
  .strip();
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;

/**
 * `POST /api/v1/uploads/preflight`: would an upload of this content to this path be accepted,
 * and is it already there? Answers the refusal an upload would get, before any byte is sent.
 */
/**
 * Asks whether a file needs sending. Without `sha256` (a client that hashes while it sends) the
 * answer says whether the path already holds a version, so the client hashes first only then.
 */
export const uploadPreflightRequestSchema = uploadMetadataSchema.extend({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hexadecimal characters')
    .optional(),
  bytes: z.number().int().min(0),
});
export type UploadPreflightRequest = z.infer<typeof uploadPreflightRequestSchema>;

export const uploadPreflightResponseSchema = z.object({
  /** True when the file at this path already has exactly this content: nothing needs sending. */
  unchanged: z.boolean(),
  /** The current version number of the file at this path, if there is one. */
  versionNumber: z.number().int().min(1).nullable(),
});
export type UploadPreflightResponse = z.infer<typeof uploadPreflightResponseSchema>;

/** Response headers of the request that completed an upload (also exposed to browsers). */
export const UPLOAD_RESULT_HEADERS = {
  fileId: 'Egress-File-Id',
  /** The id of the file version the upload was recorded as. */
  fileVersion: 'Egress-File-Version',
  /** The version number (1, 2, …) of that file version. */
  versionNumber: 'Egress-File-Version-Number',
  /** The sha256 the server computed from the bytes it received. */
  sha256: 'Egress-Sha256',
  /** "true" when a new file or version was recorded, "false" when the content was already there. */
  created: 'Egress-File-Created',
} as const;
