/**
 * The words of review (docs/design.md §5.3–§6, issue 10 §4): a reviewer's decision on a file, the
 * reason for a decision other than `approve`, a file's outcome derived from every submitted
 * decision, who sees a comment, and the agreed outcome of a temporarily removed item.
 */

/** What a reviewer decides about one file version in one review turn. */
export const REVIEW_DECISIONS = ['approve', 'request_changes', 'must_not_leave'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const REVIEW_DECISION_LABELS = {
  approve: 'Approve',
  request_changes: 'Request changes',
  must_not_leave: 'Must not leave (stays inside)',
} as const satisfies Record<ReviewDecision, string>;

/** Why a reviewer did not approve a file; required with `request_changes` and `must_not_leave`. */
export const REVIEW_REASON_CODES = ['small_counts', 'unrounded_counts', 'identifiers', 'metadata', 'hidden_content', 'insufficient_context', 'not_allowed_type', 'other'] as const;
export type ReviewReasonCode = (typeof REVIEW_REASON_CODES)[number];

export const REVIEW_REASON_LABELS = {
  small_counts: 'Small counts',
  unrounded_counts: 'Counts not rounded',
  identifiers: 'Identifiers',
  metadata: 'Metadata',
  hidden_content: 'Hidden content',
  insufficient_context: 'Not enough context to judge',
  not_allowed_type: 'Type of output not allowed',
  other: 'Other (see the comment)',
} as const satisfies Record<ReviewReasonCode, string>;

/** A file's outcome in a review turn, derived from the reviewers' decisions (as OpenSAFELY Airlock does). */
export const FILE_OUTCOMES = ['incomplete', 'approved', 'changes_requested', 'must_not_leave', 'conflicted'] as const;
export type FileOutcome = (typeof FILE_OUTCOMES)[number];

export const FILE_OUTCOME_LABELS = {
  incomplete: 'Not yet reviewed',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  must_not_leave: 'Must not leave',
  conflicted: 'Reviewers disagree',
} as const satisfies Record<FileOutcome, string>;

/** `public`: the author team sees it; `private`: the package's reviewers only. */
export const COMMENT_VISIBILITIES = ['public', 'private'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/** What a comment thread is about: the package, one of its files, or one temporarily removed item. */
export const COMMENT_SUBJECT_TYPES = ['package', 'file', 'removal'] as const;
export type CommentSubjectType = (typeof COMMENT_SUBJECT_TYPES)[number];

/** The agreed outcome of a temporarily removed item (docs/design.md §5, §6). */
export const REMOVAL_OUTCOMES = ['reinstate_after_redaction', 'keep_inside'] as const;
export type RemovalOutcome = (typeof REMOVAL_OUTCOMES)[number];

export const REMOVAL_OUTCOME_LABELS = {
  reinstate_after_redaction: 'Reinstate once redacted',
  keep_inside: 'Keep inside',
} as const satisfies Record<RemovalOutcome, string>;
