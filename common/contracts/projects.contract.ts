import { z } from 'zod';
import { freeText } from './free-text';
import { PROJECT_ROLE_LIST } from '../vocab/roles';
import { CLASSIFICATION_STATUSES, PROJECT_STATUSES, WORK_PACKAGE_KINDS } from '../vocab/statuses';
import { abilitiesSchema, idSchema, isoDateSchema } from './common.contract';
import { emailSchema } from './users.contract';

const tierSchema = z.number().int().min(0).max(4);

export const projectSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  environmentTier: tierSchema,
  questionSetId: idSchema,
  questionSetName: z.string(),
  status: z.enum(PROJECT_STATUSES),
  version: z.number().int(),
  createdAt: isoDateSchema,
  myRole: z.enum(PROJECT_ROLE_LIST).nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const createProjectRequestSchema = z
  .object({
    name: freeText().trim().min(1).max(200),
    description: freeText().trim().max(4000).default(''),
    environmentTier: tierSchema,
    questionSet: z.string().min(1).max(64).default('turing'),
  })
  .strict();
export type CreateProjectRequest = z.infer<typeof createProjectRequestSchema>;

export const participantSchema = z.object({
  id: idSchema,
  userId: idSchema,
  name: z.string(),
  email: z.string(),
  role: z.enum(PROJECT_ROLE_LIST),
  addedAt: isoDateSchema,
});
export type Participant = z.infer<typeof participantSchema>;

export const addParticipantRequestSchema = z.object({ email: emailSchema, role: z.enum(PROJECT_ROLE_LIST) }).strict();
export type AddParticipantRequest = z.infer<typeof addParticipantRequestSchema>;

export const datasetSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  providerName: z.string(),
  representativeUserId: idSchema,
  representativeName: z.string(),
  createdAt: isoDateSchema,
});
export type Dataset = z.infer<typeof datasetSchema>;

export const createDatasetRequestSchema = z
  .object({
    name: freeText().trim().min(1).max(200),
    description: freeText().trim().max(4000).default(''),
    providerName: freeText().trim().min(1).max(200),
    representativeUserId: idSchema,
  })
  .strict();
export type CreateDatasetRequest = z.infer<typeof createDatasetRequestSchema>;

export const workPackageSummarySchema = z.object({
  id: idSchema,
  projectId: idSchema,
  kind: z.enum(WORK_PACKAGE_KINDS),
  name: z.string(),
  description: z.string(),
  status: z.enum(CLASSIFICATION_STATUSES),
  tier: tierSchema.nullable(),
  version: z.number().int(),
  datasetIds: z.array(idSchema),
});
export type WorkPackageSummary = z.infer<typeof workPackageSummarySchema>;

export const projectListResponseSchema = z.object({ projects: z.array(projectSchema), abilities: abilitiesSchema });

export const projectDetailResponseSchema = z.object({
  project: projectSchema,
  participants: z.array(participantSchema),
  datasets: z.array(datasetSchema),
  workPackages: z.array(workPackageSummarySchema),
  abilities: abilitiesSchema,
});
export type ProjectDetail = z.infer<typeof projectDetailResponseSchema>;

export const changeProjectStatusRequestSchema = z.object({ version: z.number().int().min(1) }).strict();
