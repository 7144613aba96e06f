/**
 * Answers to the findings of a package's current file versions (issue 10 §4; docs/design.md §7):
 * the author team's exception request on a blocking finding (why the output is safe as it is),
 * a reviewer's override of a blocking finding (with a written justification) or refusal of an
 * exception request, and a reviewer's acknowledgement of a review-level finding.
 *
 * A finding is named by its key (server/domain/review/finding-key.ts: rule, entry path and
 * location, never a value) within the current check result of the file version the caller saw
 * (`fileVersionId`); a newer version has its own result and its own findings.
 *
 * Example: `POST /api/v1/packages/:id/files/:fileId/findings/3f2a…/override`
 * `{ "fileVersionId": "v_…", "justification": "The count of 3 is a published national figure" }`.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { idSchema, isoDateSchema } from './common.contract';
import { findingLocationSchema } from './scan.contract';
import { FINDING_FAMILIES, SEVERITIES } from '../vocab/findings';

/** The longest text an answer keeps (characters, after trimming); a longer one is refused, never cut. */
export const FINDING_RESPONSE_TEXT_MAX_LENGTH = 4000;

export const FINDING_RESPONSE_KINDS = ['exception_request', 'override', 'refusal', 'acknowledgement'] as const;
export type FindingResponseKind = (typeof FINDING_RESPONSE_KINDS)[number];

/** Where a finding stands: see server/domain/review/result-findings.ts `standingOf`. */
export const FINDING_STANDINGS = ['open', 'exception_requested', 'overridden', 'refused', 'acknowledged'] as const;
export type FindingStanding = (typeof FINDING_STANDINGS)[number];

const text = freeText().trim().max(FINDING_RESPONSE_TEXT_MAX_LENGTH);

/** The authors' request: why this output is safe to release as it is (required). */
export const exceptionRequestSchema = z.object({ fileVersionId: idSchema, text: text.min(1) }).strict();
/** A reviewer's override; an empty or missing justification is refused with `finding.justification_required`. */
export const overrideRequestSchema = z.object({ fileVersionId: idSchema, justification: text.optional() }).strict();
/** A reviewer's refusal of the authors' exception request: why not (required). */
export const refusalRequestSchema = z.object({ fileVersionId: idSchema, text: text.min(1) }).strict();
/** A reviewer's acknowledgement of a review-level finding, with an optional note. */
export const acknowledgementRequestSchema = z.object({ fileVersionId: idSchema, note: text.optional() }).strict();

export const findingResponseSchema = z.object({
  id: idSchema,
  kind: z.enum(FINDING_RESPONSE_KINDS),
  by: z.object({ id: idSchema, name: z.string() }),
  text: z.string(),
  at: isoDateSchema,
  /** Set when a later answer of the same kind by the same person replaced it. */
  withdrawnAt: isoDateSchema.nullable(),
});
export type FindingResponse = z.infer<typeof findingResponseSchema>;

/** One finding of a current file version with its standing and every answer to it, oldest first. */
export const findingWithStandingSchema = z.object({
  fileId: idSchema,
  path: z.string(),
  role: z.string(),
  fileVersionId: idSchema,
  versionNumber: z.number().int(),
  findingKey: z.string(),
  /** '' for the file itself, the member's path for an archive member. */
  entryPath: z.string(),
  rule: z.string(),
  family: z.enum(FINDING_FAMILIES),
  severity: z.enum(SEVERITIES),
  location: findingLocationSchema.optional(),
  message: z.string(),
  standing: z.enum(FINDING_STANDINGS),
  responses: z.array(findingResponseSchema),
});
export type FindingWithStanding = z.infer<typeof findingWithStandingSchema>;

/** What the caller may do about findings of this package now (server/policies/finding-response.policy.ts). */
export const findingAbilitiesSchema = z.object({ requestException: z.boolean(), override: z.boolean(), refuseException: z.boolean(), acknowledge: z.boolean() });

/** GET …/findings/responses: the blocking and review-level findings of current, not removed files (info findings need no answer). */
export const findingStandingListSchema = z.object({
  findings: z.array(findingWithStandingSchema),
  counts: z.object({ open: z.number().int(), exception_requested: z.number().int(), overridden: z.number().int(), refused: z.number().int(), acknowledged: z.number().int() }),
  /** What approval waits for: blocking findings of outputs not overridden, review-level findings of outputs not acknowledged. */
  unresolvedBlocking: z.number().int(),
  unacknowledgedReview: z.number().int(),
  abilities: findingAbilitiesSchema,
});
export type FindingStandingList = z.infer<typeof findingStandingListSchema>;

export const findingListQuerySchema = z.object({ fileId: idSchema.optional() }).strict();

/** One live override or acknowledgement, for the package page's "Overrides and acknowledgements". */
export const findingResolutionSchema = z.object({
  kind: z.enum(['override', 'acknowledgement']),
  fileId: idSchema,
  path: z.string(),
  fileVersionId: idSchema,
  versionNumber: z.number().int(),
  /** The version is still the file's current one (an override of an earlier version no longer applies). */
  current: z.boolean(),
  findingKey: z.string(),
  rule: z.string(),
  by: z.object({ id: idSchema, name: z.string() }),
  text: z.string(),
  at: isoDateSchema,
});
export const findingResolutionListSchema = z.object({ resolutions: z.array(findingResolutionSchema) });
export type FindingResolutionList = z.infer<typeof findingResolutionListSchema>;
