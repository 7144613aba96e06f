/**
 * Egress packages over the API (docs/design.md §5): the package with its context and removal
 * register, its files with their versions and check results, and the requests that change them.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { DESTINATION_KINDS } from '../vocab/destinations';
import { REMOVAL_OUTCOMES } from '../vocab/review';
import { FILE_CATEGORIES, FILE_ROLES, FILE_SOURCES, PACKAGE_STATUSES, WORK_PACKAGE_KINDS } from '../vocab/statuses';
import { abilitiesSchema, idSchema, isoDateSchema, versionSchema } from './common.contract';
import { scannedFileSchema } from './scan.contract';

const text = (max: number) => freeText().trim().max(max);

/** What one output shows, and the supporting files behind it (e.g. a figure's table). */
export const outputContextSchema = z
  .object({
    shows: text(4000).default(''),
    supportingFileIds: z.array(idSchema).max(50).default([]),
  })
  .strict();

/** Structured context reviewers need; complete when every field a reviewer relies on is filled. */
export const packageContextSchema = z
  .object({
    purpose: text(4000).default(''),
    recipient: text(500).default(''),
    destinationKind: z.enum(DESTINATION_KINDS).nullable().default(null),
    population: text(4000).default(''),
    /** Smallest count shown unsuppressed; null when not stated. */
    suppressionThreshold: z.number().int().min(0).max(1_000_000).nullable().default(null),
    /** Rounding applied to counts, e.g. "to the nearest 5", or "none". */
    rounding: text(500).default(''),
    /** Keyed by file id. */
    outputs: z.record(idSchema, outputContextSchema).default({}),
  })
  .strict();
export type PackageContext = z.infer<typeof packageContextSchema>;

export const updateContextRequestSchema = z.object({ context: packageContextSchema, version: versionSchema }).strict();

export const checkSummarySchema = z.object({
  status: z.enum(['checked', 'unreadable', 'skipped']),
  verdict: z.enum(['pass', 'review', 'block']),
  findings: z.number().int(),
  checkedAt: isoDateSchema,
});

export const fileVersionSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  sha256: z.string(),
  bytes: z.number().int(),
  mediaType: z.string(),
  source: z.enum(FILE_SOURCES),
  sourcePath: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoDateSchema,
  /** The address the version was uploaded or imported from (docs/design.md §5.2); null when added by the CLI or a worker. */
  originAddress: z.string().nullable(),
  check: checkSummarySchema.nullable(),
});
export type FileVersion = z.infer<typeof fileVersionSchema>;

export const packageFileSchema = z.object({
  id: idSchema,
  path: z.string(),
  role: z.enum(FILE_ROLES),
  category: z.enum(FILE_CATEGORIES),
  removed: z.boolean(),
  version: z.number().int(),
  current: fileVersionSchema,
  /** Whether the caller may read the current version's bytes (download, preview) from where they are now. */
  canReadContent: z.boolean(),
  /** Why not, in words for the UI; null when `canReadContent`. */
  contentRefusal: z.string().nullable(),
});
export type PackageFile = z.infer<typeof packageFileSchema>;

export const packageFileDetailSchema = packageFileSchema.extend({
  /** Every version, each saying whether the caller may read its bytes from where they are now. */
  versions: z.array(fileVersionSchema.extend({ canReadContent: z.boolean() })),
});
export type PackageFileDetail = z.infer<typeof packageFileDetailSchema>;

export const filePageSchema = z.object({
  files: z.array(packageFileSchema),
  total: z.number().int(),
  /** Pass as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
});
export type FilePage = z.infer<typeof filePageSchema>;

export const removalSchema = z.object({
  id: idSchema,
  fileId: idSchema,
  path: z.string(),
  versionNumber: z.number().int(),
  reason: z.string(),
  removedBy: z.string(),
  removedAt: isoDateSchema,
  reinstatedBy: z.string().nullable(),
  reinstatedAt: isoDateSchema.nullable(),
  reinstatedVersion: z.number().int().nullable(),
  /** The agreed outcome (issue 10 §6), who recorded it and when; null while undecided. */
  outcome: z.enum(REMOVAL_OUTCOMES).nullable(),
  outcomeBy: z.string().nullable(),
  outcomeAt: isoDateSchema.nullable(),
});
export type Removal = z.infer<typeof removalSchema>;

export const packageSchema = z.object({
  id: idSchema,
  projectId: idSchema,
  workPackage: z.object({ name: z.string(), kind: z.enum(WORK_PACKAGE_KINDS), tier: z.number().int().nullable() }),
  status: z.enum(PACKAGE_STATUSES),
  version: z.number().int(),
  context: packageContextSchema,
  /** The registered destination the package goes to (docs/delivery.md); null while none is chosen. */
  destinationId: idSchema.nullable().optional(),
  /** Fields still to fill in before the package can be submitted. */
  missingContext: z.array(z.string()),
  reviewTurn: z.number().int(),
  submittedBy: z.string().nullable(),
  submittedAt: isoDateSchema.nullable(),
  failure: z.object({ stage: z.string(), reason: z.string() }).nullable(),
  statusComment: z.string().nullable(),
  totals: z.object({ files: z.number().int(), outputs: z.number().int(), removed: z.number().int(), bytes: z.number().int() }),
  checks: z.object({ pass: z.number().int(), review: z.number().int(), block: z.number().int(), pending: z.number().int() }),
  removals: z.array(removalSchema),
  abilities: abilitiesSchema,
});
export type Package = z.infer<typeof packageSchema>;

export const changeFileRequestSchema = z.object({ role: z.enum(FILE_ROLES).optional(), category: z.enum(FILE_CATEGORIES).optional(), version: versionSchema }).strict();

export const removeFileRequestSchema = z.object({ reason: text(2000).min(1), version: versionSchema }).strict();
export const reinstateFileRequestSchema = z.object({ version: versionSchema }).strict();

/** The action a re-check would be: it has its own request (package-recheck.contract.ts) and is refused here. */
const RECHECK_ACTION = 'recheck';

/**
 * A transition asked for by a person; the comment is required for return, retain, reject and
 * revoke. A re-check is refused here (`validation.invalid_input`): it goes to
 * POST /api/v1/packages/:id/recheck, with its reason; so is accepting a proposed redaction (its
 * own route names the proposal).
 */
export const packageTransitionRequestSchema = z
  .object({
    action: z
      .string()
      .min(1)
      .max(40)
      .refine((action) => action !== RECHECK_ACTION, { message: 'use POST /packages/:id/recheck to re-check a package' })
      .refine((action) => action !== 'revoke', { message: 'use POST /packages/:id/release/revoke to revoke a release (it also kills its links)' })
      .refine((action) => action !== 'release', { message: 'use POST /packages/:id/release to release a package (it asks for the project’s name)' })
      .refine((action) => action !== 'accept_redaction', { message: 'use POST /packages/:id/redaction-proposals/:proposalId/acceptance to accept a proposed redaction' }),
    comment: text(4000).optional(),
    version: versionSchema,
  })
  .strict();

/** The answer to a simple upload: the file with its versions, and whether anything changed. */
export const ingestedFileResponseSchema = z.object({ file: packageFileDetailSchema, created: z.boolean() });
export type IngestedFileResponse = z.infer<typeof ingestedFileResponseSchema>;

/** The stored check result of one file version: every finding with its location, never the matched values. */
export const fileCheckResultSchema = z.object({
  result: scannedFileSchema,
  preset: z.string(),
  toolVersion: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  checkedAt: isoDateSchema,
});
export type FileCheckResult = z.infer<typeof fileCheckResultSchema>;
