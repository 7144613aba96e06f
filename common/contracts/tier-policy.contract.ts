/**
 * The tier policy (DESIGN.md §4): what each tier requires before an egress and where it may go.
 * Stored as versioned configuration; the version in force is recorded with every classification.
 */
import { z } from 'zod';
import { DESTINATION_KINDS, SIGN_OFF_ROLES } from '../vocab/destinations';

export const tierRuleSchema = z
  .object({
    tier: z.number().int().min(0).max(4),
    egressAllowed: z.boolean(),
    requiredSignOffs: z.array(z.enum(SIGN_OFF_ROLES)),
    destinations: z.array(z.enum(DESTINATION_KINDS)),
    encryptionRequired: z.boolean(),
    /** Lifetime of a download link in hours; null when nothing may leave. */
    linkLifetimeHours: z.number().int().positive().nullable(),
    summary: z.string(),
  })
  .strict();
export type TierRule = z.infer<typeof tierRuleSchema>;

export const tierPolicyDefinitionSchema = z
  .object({ tiers: z.array(tierRuleSchema).length(5) })
  .strict()
  .refine((p) => p.tiers.every((t, i) => t.tier === i), 'tiers must be listed 0 to 4 in order');
export type TierPolicyDefinition = z.infer<typeof tierPolicyDefinitionSchema>;

export const tierPolicySchema = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  tiers: z.array(tierRuleSchema),
});
export type TierPolicy = z.infer<typeof tierPolicySchema>;
