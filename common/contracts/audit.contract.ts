import { z } from 'zod';
import { idSchema, isoDateSchema } from './common.contract';

export const auditEventSchema = z.object({
  seq: z.number().int(),
  at: isoDateSchema,
  actorId: idSchema.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  projectId: idSchema.nullable(),
  summary: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditListResponseSchema = z.object({ events: z.array(auditEventSchema), nextBefore: z.number().int().nullable() });
export const auditListQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
