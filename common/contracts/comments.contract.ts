/**
 * Comment threads of a package (issue 10 §4, §6) and the agreed outcome of a temporarily
 * removed item.
 *
 * POST /api/v1/packages/:id/comments `{ subjectType, subjectId, visibility, body }`: a thread on
 * the package (`subjectId` is the package id), on one of its files, or on one removed item (the
 * removal's id). The body is Markdown, at most 10,000 characters, kept and returned as text:
 * `<script>` stays the text `<script>` (the web renders Markdown without raw HTML).
 * GET /api/v1/packages/:id/comments lists what the caller may see (e.g. `?turn=2&visibility=public`
 * is the to-do list of a returned package). A retracted comment keeps its author and time; its
 * body is not returned.
 */
import { z } from 'zod';
import { COMMENT_SUBJECT_TYPES, COMMENT_VISIBILITIES, REMOVAL_OUTCOMES } from '../vocab/review';
import { idSchema, isoDateSchema, versionSchema } from './common.contract';

export const commentRequestSchema = z
  .object({
    subjectType: z.enum(COMMENT_SUBJECT_TYPES),
    subjectId: idSchema,
    visibility: z.enum(COMMENT_VISIBILITIES),
    /** Markdown; refused when empty (`comment.empty`), over 10,000 characters (`comment.too_long`) or with control characters (`comment.invalid_characters`). */
    // Control characters are refused by server/domain/review/comment-body.ts with its own code (`comment.invalid_characters`).
    body: z.string().max(100_000),
  })
  .strict();
export type CommentRequest = z.infer<typeof commentRequestSchema>;

export const commentListQuerySchema = z.object({
  subjectType: z.enum(COMMENT_SUBJECT_TYPES).optional(),
  subjectId: idSchema.optional(),
  turn: z.coerce.number().int().min(0).optional(),
  visibility: z.enum(COMMENT_VISIBILITIES).optional(),
});
export type CommentListQuery = z.infer<typeof commentListQuerySchema>;

export const commentSchema = z.object({
  id: idSchema,
  subjectType: z.enum(COMMENT_SUBJECT_TYPES),
  subjectId: idSchema,
  turn: z.number().int(),
  authorId: idSchema,
  authorName: z.string(),
  visibility: z.enum(COMMENT_VISIBILITIES),
  /** Markdown as written (text, never HTML); null once retracted. */
  body: z.string().nullable(),
  createdAt: isoDateSchema,
  retractedAt: isoDateSchema.nullable(),
  /** The caller wrote it (and may retract it while it stands). */
  mine: z.boolean(),
});
export type Comment = z.infer<typeof commentSchema>;

export const commentListSchema = z.object({
  comments: z.array(commentSchema),
  /** Private comments of this turn the caller will see once they submit their review. */
  hiddenUntilSubmitted: z.number().int(),
});
export type CommentList = z.infer<typeof commentListSchema>;

export const removalOutcomeRequestSchema = z
  .object({
    outcome: z.enum(REMOVAL_OUTCOMES),
    /** The package version the caller saw. */
    version: versionSchema,
  })
  .strict();
export type RemovalOutcomeRequest = z.infer<typeof removalOutcomeRequestSchema>;

export const removalOutcomeResponseSchema = z.object({
  removalId: idSchema,
  fileId: idSchema,
  outcome: z.enum(REMOVAL_OUTCOMES),
  outcomeBy: idSchema,
  outcomeAt: isoDateSchema,
  /** The package's version after the change. */
  version: z.number().int(),
});
export type RemovalOutcomeResponse = z.infer<typeof removalOutcomeResponseSchema>;
