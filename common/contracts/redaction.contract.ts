/**
 * Redaction inside the product over the API (issue 13; docs/redaction.md): the operations that
 * apply to a file's current version, a preview (a dry run: what would change, nothing stored),
 * applying a redaction (the author team, while the package is a draft or returned: the result is
 * the file's new current version, checked at once), proposing one (a reviewer, during review:
 * stored aside until the author team accepts or declines it), the provenance of a redacted
 * version and the diff between a version and the one it came from.
 *
 * Routes (all under /api/v1):
 * - `GET  /packages/:packageId/files/:fileId/redaction-operations` → {@link redactionOperationListSchema}
 * - `POST /packages/:packageId/files/:fileId/redaction-preview` {@link redactionPreviewRequestSchema} → {@link redactionPreviewSchema}
 * - `POST /packages/:packageId/files/:fileId/redactions` {@link applyRedactionRequestSchema} → {@link redactionAppliedSchema}
 * - `POST /packages/:packageId/files/:fileId/redaction-proposals` {@link proposeRedactionRequestSchema} → {@link redactionProposalSchema}
 * - `GET  /packages/:packageId/redaction-proposals` → {@link redactionProposalListSchema}
 * - `POST /packages/:packageId/redaction-proposals/:proposalId/acceptance` {@link acceptRedactionProposalRequestSchema} → {@link redactionProposalAcceptedSchema}
 * - `POST /packages/:packageId/redaction-proposals/:proposalId/declination` {@link declineRedactionProposalRequestSchema} → {@link redactionProposalSchema}
 * - `GET  /packages/:packageId/redaction-proposals/:proposalId/diff` → {@link redactionDiffSchema}
 * - `GET  /packages/:packageId/files/:fileId/versions/:versionId/provenance` → {@link versionProvenanceSchema}
 * - `GET  /packages/:packageId/files/:fileId/versions/:versionId/diff` → {@link redactionDiffSchema}
 * - `POST /packages/:packageId/files/:fileId/manual-redactions` {@link linkManualRedactionRequestSchema} → {@link redactionProvenanceSchema}
 *
 * A redaction names the version the caller saw (`fileVersionId`); when it is no longer the file's
 * current version the request is refused with `redaction.stale_version`. Findings are named by
 * their key (as in finding-responses.contract.ts), never by value; changes say where and what,
 * never the value.
 *
 * Example: `POST /api/v1/packages/p_1/files/f_2/redactions`
 * `{ "fileVersionId": "v_3", "operation": "tables.suppress", "parameters": { "threshold": 10 },
 *    "findingKeys": ["3f2a…"], "reason": "Counts below 10 in table 2" }`.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { idSchema, isoDateSchema, versionSchema } from './common.contract';
import { checkSummarySchema } from './packages.contract';
import { findingLocationSchema } from './scan.contract';

/** The format families operations belong to (server/redaction/<family>/). */
export const REDACTION_OPERATION_FAMILIES = ['tables', 'text', 'images', 'notebooks', 'office', 'pdf'] as const;
export type RedactionOperationFamily = (typeof REDACTION_OPERATION_FAMILIES)[number];

/** The longest reason a redaction, proposal or decision keeps (characters, after trimming); a longer one is refused, never cut. */
export const REDACTION_REASON_MAX_LENGTH = 4000;
/** The most findings one redaction may name. */
export const REDACTION_MAX_TARGETS = 1000;

const reasonText = freeText().trim().max(REDACTION_REASON_MAX_LENGTH);
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const personSchema = z.object({ id: idSchema, name: z.string() });

// ── Operations ────────────────────────────────────────────────────────────────────────────

/** The kinds of form field a parameter becomes; `json` is anything a simple field cannot hold (edit as JSON). */
export const REDACTION_PARAMETER_TYPES = ['string', 'number', 'integer', 'boolean', 'enum', 'string_list', 'number_list', 'json'] as const;
export type RedactionParameterType = (typeof REDACTION_PARAMETER_TYPES)[number];

/** One parameter of an operation, described well enough to draw a form field. */
export const redactionParameterFieldSchema = z.object({
  name: z.string(),
  type: z.enum(REDACTION_PARAMETER_TYPES),
  /** The parameter's description from the operation's schema; null when it has none. */
  description: z.string().nullable(),
  required: z.boolean(),
  /** The value used when none is given (any JSON value); absent when there is none. */
  default: z.unknown().optional(),
  /** The allowed values of an `enum` field (and of the items of a list, when fixed). */
  options: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});
export type RedactionParameterField = z.infer<typeof redactionParameterFieldSchema>;

/** An operation that applies to the version: what it is and its parameters. */
export const redactionOperationSchema = z.object({
  /** `<family>.<name>`, e.g. `tables.suppress`. */
  id: z.string(),
  family: z.enum(REDACTION_OPERATION_FAMILIES),
  title: z.string(),
  description: z.string(),
  /** The parameters as form fields, in the order the operation declares them. */
  fields: z.array(redactionParameterFieldSchema),
  /** The parameters as a JSON Schema (draft 2020-12) object, for clients that build richer forms or validate. */
  parametersSchema: z.record(z.string(), z.unknown()),
});
export type RedactionOperationInfo = z.infer<typeof redactionOperationSchema>;

/** What the caller may do with the file's current version now (server/policies/redaction.policy.ts). */
export const redactionAbilitiesSchema = z.object({
  /** Preview an operation (a dry run): the author team while editable, reviewers while in review. */
  preview: z.boolean(),
  /** Apply a redaction as the file's new version: the author team while the package is a draft or returned. */
  apply: z.boolean(),
  /** Propose a redacted version: a reviewer while the package is in review. */
  propose: z.boolean(),
});
export type RedactionAbilities = z.infer<typeof redactionAbilitiesSchema>;

/** GET …/files/:fileId/redaction-operations: the operations that support the file's current version. */
export const redactionOperationListSchema = z.object({
  fileId: idSchema,
  /** The current version the operations were chosen for: send it back as `fileVersionId`. */
  fileVersionId: idSchema,
  versionNumber: z.number().int(),
  mediaType: z.string(),
  operations: z.array(redactionOperationSchema),
  abilities: redactionAbilitiesSchema,
});
export type RedactionOperationList = z.infer<typeof redactionOperationListSchema>;

// ── Requests ──────────────────────────────────────────────────────────────────────────────

/** A redaction to run: on which version, which operation with which parameters, for which findings. */
export const redactionRequestSchema = z
  .object({
    /** The version the caller saw; refused with `redaction.stale_version` when it is not the file's current one. */
    fileVersionId: idSchema,
    operation: z.string().min(1).max(100),
    /** Checked against the operation's own schema (`redaction.invalid_parameters`). */
    parameters: z.record(z.string(), z.unknown()).default({}),
    /** The findings (keys of the version's check result) the redaction is meant to resolve; may be empty. */
    findingKeys: z.array(z.string().min(1).max(200)).max(REDACTION_MAX_TARGETS).default([]),
  })
  .strict();
export type RedactionRequest = z.input<typeof redactionRequestSchema>;

export const redactionPreviewRequestSchema = redactionRequestSchema;
export type RedactionPreviewRequest = z.input<typeof redactionPreviewRequestSchema>;

/** Applying a redaction (the author team): why, kept in the provenance and the audit log. */
export const applyRedactionRequestSchema = redactionRequestSchema.extend({ reason: reasonText.min(1) }).strict();
export type ApplyRedactionRequest = z.input<typeof applyRedactionRequestSchema>;

/** Proposing a redaction (a reviewer): why, shown to the author team. */
export const proposeRedactionRequestSchema = redactionRequestSchema.extend({ reason: reasonText.min(1) }).strict();
export type ProposeRedactionRequest = z.input<typeof proposeRedactionRequestSchema>;

/** Accepting a proposal moves the package to `checking`: the package version the caller saw, and an optional comment. */
export const acceptRedactionProposalRequestSchema = z.object({ version: versionSchema, comment: reasonText.optional() }).strict();
export type AcceptRedactionProposalRequest = z.input<typeof acceptRedactionProposalRequestSchema>;

/** Declining a proposal: why not (required). */
export const declineRedactionProposalRequestSchema = z.object({ reason: reasonText.min(1) }).strict();
export type DeclineRedactionProposalRequest = z.input<typeof declineRedactionProposalRequestSchema>;

// ── Outcomes, provenance, proposals ──────────────────────────────────────────────────────

/** One change: where and what, never the value. */
export const redactionChangeSchema = z.object({ location: findingLocationSchema.optional(), change: z.string() });
export type RedactionChangeInfo = z.infer<typeof redactionChangeSchema>;

/** What an operation changed; `changes` may be capped (`changeCount` is the full count). */
export const redactionOutcomeSchema = z.object({
  changeCount: z.number().int().nonnegative(),
  changes: z.array(redactionChangeSchema),
  /** What could not be done as asked, in words (e.g. "the text on the PDF's pages stays"). */
  notes: z.array(z.string()),
});
export type RedactionOutcomeInfo = z.infer<typeof redactionOutcomeSchema>;

/** A finding a redaction was meant to resolve: its key and rule (never its value). */
export const redactionTargetSchema = z.object({ findingKey: z.string(), rule: z.string() });

/** A version of a file, as a redaction names it. */
export const redactionVersionRefSchema = z.object({ fileVersionId: idSchema, versionNumber: z.number().int(), sha256: sha256Schema });

/** The answer to a preview: what the redaction would change. Nothing is stored. */
export const redactionPreviewSchema = z.object({
  operation: z.string(),
  original: redactionVersionRefSchema.extend({ bytes: z.number().int() }),
  /** The redacted bytes' hash and size, as they would be stored. */
  result: z.object({ sha256: sha256Schema, bytes: z.number().int() }),
  outcome: redactionOutcomeSchema,
});
export type RedactionPreview = z.infer<typeof redactionPreviewSchema>;

/** The provenance of a redacted version: where it came from, how, by whom and why. */
export const redactionProvenanceSchema = z.object({
  id: idSchema,
  fileId: idSchema,
  path: z.string(),
  /** The version redacted; it stays inside and is never released. */
  original: redactionVersionRefSchema,
  /** The version the redaction produced. */
  result: redactionVersionRefSchema.extend({ bytes: z.number().int() }),
  operation: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  reason: z.string(),
  targets: z.array(redactionTargetSchema),
  outcome: redactionOutcomeSchema,
  /** Who ran the operation (the author who applied it, or the reviewer who proposed it). */
  by: personSchema,
  at: isoDateSchema,
  /** Set when the version came from a reviewer's proposal: the proposal and who accepted it, when. */
  proposalId: idSchema.nullable(),
  acceptedBy: personSchema.nullable(),
  acceptedAt: isoDateSchema.nullable(),
});
export type RedactionProvenance = z.infer<typeof redactionProvenanceSchema>;

/** GET …/versions/:versionId/provenance: null when the version was not made by a redaction. */
export const versionProvenanceSchema = z.object({ fileVersionId: idSchema, provenance: redactionProvenanceSchema.nullable() });
export type VersionProvenance = z.infer<typeof versionProvenanceSchema>;

/** The answer to applying a redaction: its provenance and the new version's check summary (checked at once). */
export const redactionAppliedSchema = z.object({
  provenance: redactionProvenanceSchema,
  /** The new version's check result; null if the checks could not run at once (they run on submission). */
  check: checkSummarySchema.nullable(),
});
export type RedactionApplied = z.infer<typeof redactionAppliedSchema>;

export const REDACTION_PROPOSAL_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type RedactionProposalStatus = (typeof REDACTION_PROPOSAL_STATUSES)[number];

/** A reviewer's proposed redaction of one file version, and what the author team decided. */
export const redactionProposalSchema = z.object({
  id: idSchema,
  fileId: idSchema,
  path: z.string(),
  /** The version the proposal redacts. */
  original: redactionVersionRefSchema,
  /** The proposed bytes (stored inside, not a version until accepted). */
  result: z.object({ sha256: sha256Schema, bytes: z.number().int() }),
  operation: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  reason: z.string(),
  targets: z.array(redactionTargetSchema),
  outcome: redactionOutcomeSchema,
  reviewTurn: z.number().int(),
  status: z.enum(REDACTION_PROPOSAL_STATUSES),
  /** Pending but no longer acceptable: the file has a newer version than the one proposed on. */
  stale: z.boolean(),
  proposedBy: personSchema,
  proposedAt: isoDateSchema,
  decidedBy: personSchema.nullable(),
  decidedAt: isoDateSchema.nullable(),
  /** The acceptance comment or the reason for declining. */
  decisionComment: z.string().nullable(),
  /** The version the acceptance created; null unless accepted. */
  resultVersionId: idSchema.nullable(),
});
export type RedactionProposal = z.infer<typeof redactionProposalSchema>;

/** GET …/redaction-proposals: every proposal of the package, newest first, and what the caller may do. */
export const redactionProposalListSchema = z.object({
  proposals: z.array(redactionProposalSchema),
  /** Whether the caller may accept or decline pending proposals now (the author team, while the package is in review). */
  abilities: z.object({ accept: z.boolean(), decline: z.boolean() }),
});
export type RedactionProposalList = z.infer<typeof redactionProposalListSchema>;

/** The answer to an acceptance: the proposal, the new version's provenance and the package's new version (now `checking`). */
export const redactionProposalAcceptedSchema = z.object({ proposal: redactionProposalSchema, provenance: redactionProvenanceSchema, version: z.number().int() });
export type RedactionProposalAccepted = z.infer<typeof redactionProposalAcceptedSchema>;

// ── Diff ──────────────────────────────────────────────────────────────────────────────────

/** The most diff lines returned; a longer diff is cut and says so (`truncated`). */
export const REDACTION_DIFF_MAX_LINES = 2000;

export const redactionDiffLineSchema = z.object({
  /** ' ' unchanged (context), '-' only in the original, '+' only in the result. */
  op: z.enum([' ', '-', '+']),
  text: z.string(),
});
export const redactionDiffHunkSchema = z.object({
  oldStart: z.number().int(),
  oldLines: z.number().int(),
  newStart: z.number().int(),
  newLines: z.number().int(),
  lines: z.array(redactionDiffLineSchema),
});
export type RedactionDiffHunk = z.infer<typeof redactionDiffHunkSchema>;

/**
 * What changed between a redacted version (or a proposal's result) and the version it came from.
 * `kind: 'text'` for text-like files: `hunks` is a line diff of the two versions' text, given
 * only where the caller may read the file's content (the content-confinement rule of
 * docs/packages.md), else empty with `refusal` saying why. `kind: 'changes'` for other files:
 * the outcome's change list only. The outcome is always given (it holds no values).
 */
export const redactionDiffSchema = z.object({
  kind: z.enum(['text', 'changes']),
  from: redactionVersionRefSchema,
  /** The result: a version, or a proposal's bytes (`fileVersionId` null). */
  to: z.object({ fileVersionId: idSchema.nullable(), versionNumber: z.number().int().nullable(), sha256: sha256Schema }),
  outcome: redactionOutcomeSchema,
  hunks: z.array(redactionDiffHunkSchema),
  /** The diff was longer than REDACTION_DIFF_MAX_LINES lines (or the text too large to compare) and is cut. */
  truncated: z.boolean(),
  /** Why the text diff is not shown to the caller (content confinement); null when shown or not text. */
  refusal: z.string().nullable(),
});
export type RedactionDiff = z.infer<typeof redactionDiffSchema>;

// ── Redacted by hand inside ───────────────────────────────────────────────────────────────

/** The operation recorded for a version redacted by hand inside the environment and added again from inside. */
export const MANUAL_REDACTION_OPERATION = 'manual';

/**
 * Links the file's current version, redacted by hand inside the environment and added again from
 * inside (an upload from the environment's networks or a copy from the output area), to the earlier
 * version it replaces, with the reason and the findings it resolves (the author team, draft or returned).
 */
export const linkManualRedactionRequestSchema = z
  .object({
    /** The new version: must be the file's current version, added from inside, not already linked. */
    fileVersionId: idSchema,
    /** The earlier version of the same file it replaces. */
    replacesVersionId: idSchema,
    reason: reasonText.min(1),
    /** Findings of the replaced version that the hand redaction resolves; may be empty. */
    findingKeys: z.array(z.string().min(1).max(200)).max(REDACTION_MAX_TARGETS).default([]),
  })
  .strict();
export type LinkManualRedactionRequest = z.input<typeof linkManualRedactionRequestSchema>;
