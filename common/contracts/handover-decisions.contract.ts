/**
 * The decisions a data provider handover needs before approval at an agreed tier of 2 or more
 * (docs/design.md §6; issue 10 §6): a storage decision (where the outputs will be stored, who holds
 * them, how they are protected, for how long, when it is reviewed) agreed by the project's
 * investigators and every DPR of the work package's datasets, and a redaction decision for every
 * flagged output (a current output whose check verdict is review or block).
 *
 * A new storage decision supersedes the previous one and needs everyone's agreement again;
 * `version` is the number of the current decision the caller saw (0 before the first), so two
 * people recording at once cannot silently replace each other's decision.
 *
 * Example: `PUT /api/v1/packages/:id/storage-decision` `{ "location": "Provider A's archive",
 * "custodian": "Provider A data office", "protection": "Encrypted at rest, named access only",
 * "retention": "10 years", "reviewDate": "2031-01-31", "version": 0 }`.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { idSchema, isoDateSchema } from './common.contract';

/** The longest text of a decision field (characters, after trimming); a longer one is refused, never cut. */
export const HANDOVER_TEXT_MAX_LENGTH = 2000;

export const REDACTION_DECISIONS = ['release_as_is', 'redacted', 'keep_inside'] as const;
export type RedactionDecisionKind = (typeof REDACTION_DECISIONS)[number];

const text = freeText().trim().min(1).max(HANDOVER_TEXT_MAX_LENGTH);
/** A calendar date `YYYY-MM-DD` that exists (2031-02-30 is refused). */
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

export const storageDecisionRequestSchema = z
  .object({
    location: text,
    custodian: text,
    protection: text,
    retention: text,
    /** When the decision is reviewed; must be after today (`storage_decision.review_date_past`). */
    reviewDate: calendarDate,
    /** The number of the current decision the caller saw; 0 before the first. */
    version: z.number().int().min(0),
  })
  .strict();
export type StorageDecisionRequest = z.infer<typeof storageDecisionRequestSchema>;

export const storageAgreementRequestSchema = z.object({ decisionId: idSchema }).strict();

const person = z.object({ id: idSchema, name: z.string(), role: z.string() });

export const storageDecisionSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  location: z.string(),
  custodian: z.string(),
  protection: z.string(),
  retention: z.string(),
  reviewDate: z.string(),
  recordedBy: z.object({ id: idSchema, name: z.string() }),
  recordedAt: isoDateSchema,
  supersededAt: isoDateSchema.nullable(),
  agreements: z.array(z.object({ user: z.object({ id: idSchema, name: z.string() }), role: z.string(), agreedAt: isoDateSchema })),
});
export type StorageDecision = z.infer<typeof storageDecisionSchema>;

/** GET …/storage-decision: the current decision, who has agreed, who must still agree, and the earlier ones. */
export const storageDecisionViewSchema = z.object({
  /** Approval waits for the handover decisions (a handover at an agreed tier of 2 or more). */
  required: z.boolean(),
  /** The number of the current decision; 0 before the first. */
  version: z.number().int(),
  current: storageDecisionSchema.nullable(),
  /** Everyone whose agreement the decision needs: the project's investigators and every DPR of the work package's datasets. */
  mustAgree: z.array(person),
  /** Those of them who have not agreed to the current decision (everyone while there is none). */
  missing: z.array(person),
  /** Earlier decisions, newest first. */
  superseded: z.array(storageDecisionSchema),
  abilities: z.object({ record: z.boolean(), agree: z.boolean() }),
});
export type StorageDecisionView = z.infer<typeof storageDecisionViewSchema>;

export const redactionDecisionRequestSchema = z
  .object({
    /** The version the caller saw: the file's current version (`review.stale_file_version` otherwise). */
    fileVersionId: idSchema,
    decision: z.enum(REDACTION_DECISIONS),
    reason: text,
  })
  .strict();

export const redactionDecisionSchema = z.object({
  id: idSchema,
  decision: z.enum(REDACTION_DECISIONS),
  reason: z.string(),
  decidedBy: z.object({ id: idSchema, name: z.string() }),
  decidedAt: isoDateSchema,
});

/** One flagged output (current, not removed, verdict review or block) and its current redaction decision. */
export const flaggedOutputSchema = z.object({
  fileId: idSchema,
  path: z.string(),
  fileVersionId: idSchema,
  versionNumber: z.number().int(),
  verdict: z.enum(['review', 'block']),
  decision: redactionDecisionSchema.nullable(),
});
export type FlaggedOutput = z.infer<typeof flaggedOutputSchema>;

/** GET …/redaction-decisions: every flagged output with its decision, and how many still have none. */
export const redactionDecisionListSchema = z.object({
  required: z.boolean(),
  outputs: z.array(flaggedOutputSchema),
  withoutDecision: z.number().int(),
  abilities: z.object({ decide: z.boolean() }),
});
export type RedactionDecisionList = z.infer<typeof redactionDecisionListSchema>;
