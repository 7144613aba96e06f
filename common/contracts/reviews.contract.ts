/**
 * Reviewing a package (issue 10 §4): a reviewer's decision on the current version of one file
 * (POST /api/v1/packages/:id/files/:fileId/review), their submitted review of the turn
 * (POST /api/v1/packages/:id/review-submissions) and the review summary the workbench shows
 * (GET /api/v1/packages/:id/review).
 *
 * Example decision: `{ "fileVersionId": "…", "decision": "request_changes", "reasonCode": "small_counts", "comment": "Row C has 5" }`.
 * The reason code is required unless the decision is `approve` (and refused with it). The
 * comment is the reviewer's note, seen by reviewers only; what the authors should read goes in a
 * public comment.
 */
import { z } from 'zod';
import { FILE_OUTCOMES, REVIEW_DECISIONS, REVIEW_REASON_CODES } from '../vocab/review';
import { FILE_ROLES, PACKAGE_STATUSES } from '../vocab/statuses';
import { idSchema, isoDateSchema, versionSchema } from './common.contract';

export const fileDecisionRequestSchema = z
  .object({
    /** The version the reviewer looked at: refused when the file has a newer one. */
    fileVersionId: idSchema,
    decision: z.enum(REVIEW_DECISIONS),
    reasonCode: z.enum(REVIEW_REASON_CODES).optional(),
    /** Markdown, at most 10,000 characters (a longer one is refused with `comment.too_long`). */
    // The comment's text is checked like any comment (server/domain/review/comment-body.ts, `comment.invalid_characters`).
    comment: z.string().max(100_000).optional(),
  })
  .strict();
export type FileDecisionRequest = z.infer<typeof fileDecisionRequestSchema>;

export const reviewSubmissionRequestSchema = z
  .object({
    /** The package version the reviewer saw; refused with `conflict.stale_version` when it changed. */
    version: versionSchema.optional(),
  })
  .strict();

export const fileDecisionSchema = z.object({
  fileId: idSchema,
  fileVersionId: idSchema,
  decision: z.enum(REVIEW_DECISIONS),
  reasonCode: z.enum(REVIEW_REASON_CODES).nullable(),
  comment: z.string(),
  decidedAt: isoDateSchema,
  /** Carried over from the previous turn (the file's content did not change). */
  carried: z.boolean(),
});
export type FileDecision = z.infer<typeof fileDecisionSchema>;

/** A decision as listed under its file (the file's current version): who decided, named in the summary's `submissions`. */
export const reviewerDecisionSchema = fileDecisionSchema.omit({ fileId: true, fileVersionId: true }).extend({ reviewerId: idSchema });

export const fileDecisionResponseSchema = z.object({
  turn: z.number().int(),
  decision: fileDecisionSchema,
  /** The reviewer had decided on this file in this turn before; that decision is kept as superseded. */
  superseded: z.boolean(),
});
export type FileDecisionResponse = z.infer<typeof fileDecisionResponseSchema>;

export const reviewFileSchema = z.object({
  fileId: idSchema,
  path: z.string(),
  role: z.enum(FILE_ROLES),
  removed: z.boolean(),
  fileVersionId: idSchema,
  /** An output still in the package: every reviewer decides on it. Supporting and removed files need no decision. */
  needsDecision: z.boolean(),
  /** The caller's current decision on `fileVersionId`. */
  myDecision: fileDecisionSchema.omit({ fileId: true, fileVersionId: true }).nullable(),
  /** Null while the caller may not see it (their independent phase, or an author while the turn is under review). */
  outcome: z.enum(FILE_OUTCOMES).nullable(),
  /** Every submitted reviewer's decision, for reviewers once they may see them; null otherwise. */
  decisions: z.array(reviewerDecisionSchema).nullable(),
});
export type ReviewFile = z.infer<typeof reviewFileSchema>;

export const reviewSummarySchema = z.object({
  turn: z.number().int(),
  status: z.enum(PACKAGE_STATUSES),
  /** The caller reviews this package. */
  reviewer: z.boolean(),
  /** When the caller submitted their review of this turn; null while not. */
  submittedAt: isoDateSchema.nullable(),
  /** The caller is in the independent phase: others' decisions and private comments stay hidden until they submit. */
  independent: z.boolean(),
  files: z.array(reviewFileSchema),
  counts: z.object({
    files: z.number().int(),
    needDecision: z.number().int(),
    decidedByMe: z.number().int(),
    remainingForMe: z.number().int(),
    /** How many files have each outcome; null while the caller may not see outcomes. */
    outcomes: z.record(z.enum(FILE_OUTCOMES), z.number().int()).nullable(),
  }),
  submissions: z.object({
    count: z.number().int(),
    /** Names only once the caller may see them (after submitting, or once the turn is over). */
    reviewers: z.array(z.object({ reviewerId: idSchema, name: z.string(), submittedAt: isoDateSchema })).nullable(),
  }),
  abilities: z.object({
    decide: z.boolean(),
    submitReview: z.boolean(),
    comment: z.boolean(),
    commentPrivately: z.boolean(),
    commentOnRemoval: z.boolean(),
    recordRemovalOutcome: z.boolean(),
  }),
});
export type ReviewSummary = z.infer<typeof reviewSummarySchema>;
