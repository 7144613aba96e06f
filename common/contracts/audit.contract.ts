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

/** The format tag of a signed audit checkpoint (docs/audit.md, "Checkpoints"). */
export const AUDIT_CHECKPOINT_FORMAT = 'egress-audit-checkpoint/1';

/**
 * One signed checkpoint, as `egress audit checkpoints` writes it (one JSON object per line):
 * the chain head at `at` (event `seq`, whose hash is `headHash`), signed with the server's audit
 * checkpoint key (`keyFingerprint`, the hex SHA-256 of the raw public key `publicKey`).
 */
export const auditCheckpointSchema = z.strictObject({
  format: z.literal(AUDIT_CHECKPOINT_FORMAT),
  seq: z.number().int().min(1),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  at: isoDateSchema,
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: z.string().min(1).max(100),
  /** The 64-byte Ed25519 signature over the canonical statement (server/domain/audit-checkpoint.ts), base64. */
  signature: z.string().min(1).max(200),
});
export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;
