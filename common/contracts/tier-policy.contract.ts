/**
 * The tier policy (docs/design.md §4): what each tier requires before an egress and where it may go.
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
    /**
     * How many reviewers must have submitted an independent review of the turn before approval.
     * Optional in stored definitions: absent means the default of the tier (`independentReviewsOf`).
     */
    independentReviews: z.number().int().min(0).max(20).optional(),
  })
  .strict();
export type TierRule = z.infer<typeof tierRuleSchema>;

/** Independent reviews a tier needs when its stored rule does not say (issue 10 §4): 1 at tiers 0–1, 2 at tiers 2–3, 0 at tier 4. */
export const DEFAULT_INDEPENDENT_REVIEWS = [1, 1, 2, 2, 0] as const;

/** The independent reviews a tier rule needs, its default when the stored definition predates the field. */
export function independentReviewsOf(rule: Pick<TierRule, 'tier' | 'independentReviews'>): number {
  return rule.independentReviews ?? DEFAULT_INDEPENDENT_REVIEWS[rule.tier] ?? 0;
}

/** The rules with every optional field filled with its default, as shown and as stored from now on. */
export function withTierDefaults(tiers: readonly TierRule[]): TierRule[] {
  return tiers.map((t) => ({ ...t, independentReviews: independentReviewsOf(t) }));
}

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
