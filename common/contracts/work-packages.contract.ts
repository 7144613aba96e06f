import { z } from 'zod';
import { freeText } from './free-text';
import { PROJECT_ROLE_LIST } from '../vocab/roles';
import { FINDING_FAMILIES } from '../vocab/findings';
import { PACKAGE_STATUSES } from '../vocab/statuses';
import { abilitiesSchema, idSchema, isoDateSchema, versionSchema } from './common.contract';
import { workPackageSummarySchema } from './projects.contract';
import { pathStepSchema } from './question-sets.contract';
import { tierRuleSchema } from './tier-policy.contract';

const tierSchema = z.number().int().min(0).max(4);

export const createWorkPackageRequestSchema = z
  .object({
    name: freeText().trim().min(1).max(200),
    description: freeText().trim().max(4000).default(''),
    datasetIds: z.array(idSchema).max(200).optional(),
  })
  .strict();
export type CreateWorkPackageRequest = z.infer<typeof createWorkPackageRequestSchema>;

export const setWorkPackageDatasetsRequestSchema = z.object({ datasetIds: z.array(idSchema).max(200), version: versionSchema }).strict();

export const opinionSchema = z.object({
  id: idSchema,
  classifierId: idSchema,
  classifierName: z.string(),
  role: z.enum(PROJECT_ROLE_LIST),
  tier: tierSchema,
  path: z.array(pathStepSchema),
  questionSetId: idSchema,
  round: z.number().int(),
  submittedAt: isoDateSchema,
  supersededAt: isoDateSchema.nullable(),
  /** Whether it counts now (current round, classifier still holds a classifying role). */
  current: z.boolean(),
  /** Why the answers stand although they contradict the package's findings; null when none was needed or given. */
  explanation: z.string().nullable(),
});
export type Opinion = z.infer<typeof opinionSchema>;

export const submitOpinionRequestSchema = z
  .object({
    path: z.array(pathStepSchema).min(1).max(100),
    /** Required when revising: the id of your current opinion. */
    revisesOpinionId: idSchema.optional(),
    /**
     * Required when an answer contradicts the package's findings (`classification.explanation_required`):
     * why the answer stands. Recorded with the opinion.
     */
    explanation: freeText().trim().min(1).max(4000).optional(),
  })
  .strict();
export type SubmitOpinionRequest = z.infer<typeof submitOpinionRequestSchema>;

export const classifierSchema = z.object({
  userId: idSchema,
  name: z.string(),
  role: z.enum(PROJECT_ROLE_LIST),
  /** null while the caller is blind: whether a referee is required reveals a DPR's tier. */
  required: z.boolean().nullable(),
  submitted: z.boolean(),
  approvedBy: z.array(idSchema),
});

export const waitingSchema = z.object({
  kind: z.enum(['investigator', 'dpr', 'referee', 'referee_approval']),
  userId: idSchema.optional(),
  refereeId: idSchema.optional(),
  dprIds: z.array(idSchema).optional(),
  description: z.string(),
});

export const discussionEntrySchema = z.object({
  id: idSchema,
  authorId: idSchema,
  authorName: z.string(),
  message: z.string(),
  cause: z.string().nullable(),
  round: z.number().int(),
  createdAt: isoDateSchema,
});

export const discussionRequestSchema = z
  .object({
    message: freeText().trim().min(1).max(8000),
    /** What caused the difference of opinion, if this entry explains it. */
    cause: freeText().trim().min(1).max(2000).optional(),
  })
  .strict();

export const resolveDisputeRequestSchema = z.object({ version: versionSchema }).strict();
export const reopenRequestSchema = z.object({ reason: freeText().trim().min(10).max(4000), version: versionSchema }).strict();
export const approveRefereeRequestSchema = z.object({ refereeUserId: idSchema }).strict();
/** Confirming your opinion after a new file version says nothing more than "it stands". */
export const confirmOpinionRequestSchema = z.object({}).strict();

/** Per finding family, how many output files of the egress package have such findings (no values). */
export const findingFamilyCountSchema = z.object({
  family: z.enum(FINDING_FAMILIES),
  files: z.number().int().nonnegative(),
  /** In words, e.g. "2 files contain personal identifiers (such as e-mail addresses or identity numbers)". */
  description: z.string(),
});

/** An answer that contradicts findings present in the package: giving it needs an explanation. */
export const contradictionRuleSchema = z.object({
  question: z.string(),
  answer: z.boolean(),
  families: z.array(z.enum(FINDING_FAMILIES)),
  /** What the answer says, e.g. "no input is personal data". */
  claim: z.string(),
});

/** The findings beside the questions of an egress work package (issue 10 §4). */
export const findingsInViewSchema = z.object({
  families: z.array(findingFamilyCountSchema),
  /** Output files whose current version has no check result yet. */
  unchecked: z.number().int().nonnegative(),
  /** The contradiction rules that apply to these findings. */
  contradictions: z.array(contradictionRuleSchema),
});
export type FindingsInView = z.infer<typeof findingsInViewSchema>;

export const reopeningSchema = z.object({
  round: z.number().int(),
  reason: z.string(),
  byName: z.string(),
  at: isoDateSchema,
  previousTier: tierSchema,
});

export const workPackageDetailResponseSchema = z.object({
  workPackage: workPackageSummarySchema.extend({
    round: z.number().int(),
    questionSetId: idSchema,
    resolution: z.enum(['agreement', 'highest_tier']).nullable(),
    classifiedAt: isoDateSchema.nullable(),
    policyVersion: z.number().int().nullable(),
    /** The egress package of an egress work package (null for ingress), to link to it. */
    package: z
      .object({
        id: idSchema,
        status: z.enum(PACKAGE_STATUSES),
        /** Sign-offs not voided: reopening the classification voids them all. */
        liveSignOffs: z.number().int().nonnegative(),
      })
      .nullable()
      .optional(),
  }),
  projectName: z.string(),
  myRole: z.enum(PROJECT_ROLE_LIST).nullable(),
  classifiers: z.array(classifierSchema),
  waitingFor: z.array(waitingSchema),
  /** null while the caller is blind (they could infer a DPR's tier from it). */
  refereeRequired: z.boolean().nullable(),
  refereeApprovalRequired: z.boolean().nullable(),
  highestTier: tierSchema.nullable(),
  myOpinion: opinionSchema.nullable(),
  /** Everyone's opinions; null while blind (you have not submitted yet). */
  opinions: z.array(opinionSchema).nullable(),
  discussion: z.array(discussionEntrySchema),
  reopenings: z.array(reopeningSchema),
  /** Classifiers who must confirm (or, by reopening, revise) their opinion since a newer output file version. */
  confirmationsNeeded: z.array(z.object({ userId: idSchema, name: z.string() })),
  /** The package's findings summary, beside the questions; null for the ingress work package. */
  findingsInView: findingsInViewSchema.nullable(),
  policy: tierRuleSchema.nullable(),
  abilities: abilitiesSchema,
});
export type WorkPackageDetail = z.infer<typeof workPackageDetailResponseSchema>;
