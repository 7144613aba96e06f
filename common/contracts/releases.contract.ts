/**
 * Releases, download links and the released files over the API (issue 12): a released package
 * shows its release (bundle, method, who released it, its revocation) and its links (never their
 * tokens: a token is returned once, when the link is issued); a system manager issues a new link
 * within the tier's lifetime; a system manager or the work package's DPR revokes the release.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { RELEASE_METHODS, RELEASE_STEPS } from '../vocab/release';
import { idSchema, isoDateSchema, versionSchema } from './common.contract';

/** At most this many downloads per link, and this many networks on its allow-list. */
export const LINK_MAX_DOWNLOADS = 100;
export const LINK_MAX_NETWORKS = 20;
export const REVOKE_REASON_MAX_LENGTH = 2000;

export const releasedFileSchema = z.object({
  fileId: idSchema,
  fileVersionId: idSchema,
  path: z.string(),
  versionNumber: z.number().int(),
  sha256: z.string(),
  bytes: z.number().int(),
  mediaType: z.string(),
});
export type ReleasedFile = z.infer<typeof releasedFileSchema>;

export const LINK_STATES = ['active', 'expired', 'exhausted', 'revoked'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const releaseLinkSchema = z.object({
  id: idSchema,
  createdAt: isoDateSchema,
  createdBy: z.string().nullable(),
  expiresAt: isoDateSchema,
  maxDownloads: z.number().int(),
  downloads: z.number().int(),
  /** CIDRs the link may be used from; null: any address. */
  allowedNetworks: z.array(z.string()).nullable(),
  revokedAt: isoDateSchema.nullable(),
  state: z.enum(LINK_STATES),
});
export type ReleaseLink = z.infer<typeof releaseLinkSchema>;

/**
 * Where a container push or a folder export put the release, as the release job recorded it once
 * every object read back with the sha256 that was sent; null for a download link (or before delivery).
 */
export const releaseDeliverySchema = z.object({
  /** The folder or container prefix the objects are in, e.g. `s3://bucket/egress/<release id>/`. */
  location: z.string(),
  objects: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number().int() })),
  /** When the delivery was verified. */
  at: isoDateSchema,
});
export type ReleaseDelivery = z.infer<typeof releaseDeliverySchema>;

export const releaseSchema = z.object({
  id: idSchema,
  packageId: idSchema,
  step: z.enum(RELEASE_STEPS),
  method: z.enum(RELEASE_METHODS),
  destinationId: idSchema.nullable(),
  bundle: z.object({ sha256: z.string(), bytes: z.number().int(), name: z.string() }).nullable(),
  manifestSha256: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  startedAt: isoDateSchema,
  releasedAt: isoDateSchema.nullable(),
  failureReason: z.string().nullable(),
  revocation: z.object({ at: isoDateSchema, byName: z.string().nullable(), reason: z.string() }).nullable(),
  delivery: releaseDeliverySchema.nullable(),
  /** The tier's longest link lifetime in hours; null when the tier allows no links. */
  linkLifetimeHours: z.number().int().nullable(),
  links: z.array(releaseLinkSchema),
  abilities: z.object({ issueLink: z.boolean(), revoke: z.boolean() }),
});
export type Release = z.infer<typeof releaseSchema>;

export const issueLinkRequestSchema = z
  .object({
    /** Hours the link lives; at most the tier's `linkLifetimeHours` (the default). */
    lifetimeHours: z.number().int().min(1).optional(),
    maxDownloads: z.number().int().min(1).max(LINK_MAX_DOWNLOADS),
    /** Addresses or CIDRs (e.g. 192.0.2.0/24) the link may be used from; empty or absent: any. */
    allowedNetworks: z.array(z.string().trim().min(1).max(64)).max(LINK_MAX_NETWORKS).optional(),
  })
  .strict();
export type IssueLinkRequest = z.infer<typeof issueLinkRequestSchema>;

export const issuedLinkSchema = z.object({
  link: releaseLinkSchema,
  /** The link's secret token: shown once, never stored. */
  token: z.string(),
  /** The download path, relative to the server: `/api/v1/links/<token>`. */
  path: z.string(),
});
export type IssuedLink = z.infer<typeof issuedLinkSchema>;

export const revokeReleaseRequestSchema = z
  .object({
    reason: freeText().trim().min(1, 'a reason is required').max(REVOKE_REASON_MAX_LENGTH),
    version: versionSchema,
  })
  .strict();
export type RevokeReleaseRequest = z.infer<typeof revokeReleaseRequestSchema>;

export const releasedFilesSchema = z.object({ releaseId: idSchema, releasedAt: isoDateSchema.nullable(), files: z.array(releasedFileSchema) });
export type ReleasedFiles = z.infer<typeof releasedFilesSchema>;

/**
 * Starting a release (POST /packages/:id/release): a system manager types the project's name to
 * confirm. For a download link, `link` sets the first link (its token is in the answer, once).
 * The same request retries a release that failed.
 */
export const startReleaseRequestSchema = z
  .object({
    confirmation: freeText().max(400),
    version: versionSchema,
    link: issueLinkRequestSchema.optional(),
  })
  .strict();
export type StartReleaseRequest = z.infer<typeof startReleaseRequestSchema>;

export const startedReleaseSchema = z.object({
  release: releaseSchema,
  /** The first download link, for the link method: its token is shown here once. */
  link: issuedLinkSchema.nullable(),
});
export type StartedRelease = z.infer<typeof startedReleaseSchema>;
