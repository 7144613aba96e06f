/**
 * The tier policy (docs/design.md §4) as versioned configuration: reading the version in force and
 * publishing a new one. A classification records the version in force when it was decided, so
 * publishing never changes what an earlier decision required.
 */
import { type TierPolicy, tierPolicyDefinitionSchema, withTierDefaults } from '../../common/contracts/tier-policy.contract';
import { findCurrentTierPolicy, insertTierPolicy } from '../db/question-sets.repository';
import { DomainError } from '../domain/errors';
import { authorizeSession } from '../policies/session.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';

/** The tier policy in force (any signed-in user may read it). */
export function getCurrentTierPolicy(ctx: CommandContext): Promise<TierPolicy> {
  return findCurrentTierPolicy(ctx.db);
}

/**
 * Publishes a new version of the tier policy. Throws `tier_policy.invalid` listing the problems,
 * or `tier_policy.unchanged` when it equals the version in force.
 */
export async function publishTierPolicy(ctx: CommandContext, input: unknown): Promise<TierPolicy> {
  authorizeSession('publishTierPolicy', ctx.actor);
  const parsed = tierPolicyDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new DomainError('tier_policy.invalid', `The tier policy is not valid: ${problems.join('; ')}`, { problems });
  }
  // Stored with every default filled in, so a version says everything it requires.
  const definition = { tiers: withTierDefaults(parsed.data.tiers) };
  const tier4 = definition.tiers[4];
  if (tier4?.egressAllowed) throw new DomainError('tier_policy.invalid', 'The tier policy is not valid: nothing may leave at tier 4');
  // docs/design.md §4: at least one sign-off comes from outside the research team, so a tier that
  // lets outputs leave must require a data provider representative's or a referee's.
  const withoutOutsider = definition.tiers.filter((t) => t.egressAllowed && !t.requiredSignOffs.some((r) => r !== 'investigator')).map((t) => t.tier);
  if (withoutOutsider.length > 0) {
    throw new DomainError(
      'tier_policy.invalid',
      `The tier policy is not valid: tier ${withoutOutsider.join(', ')} lets outputs leave without a sign-off from outside the research team (a data provider representative or a referee)`,
    );
  }
  return inTransaction(ctx, async (trx) => {
    const current = await findCurrentTierPolicy(trx);
    // Compared in the schema's key order, whatever order the stored version was written in.
    const inForce = withTierDefaults(tierPolicyDefinitionSchema.parse({ tiers: current.tiers }).tiers);
    if (JSON.stringify(inForce) === JSON.stringify(definition.tiers)) {
      throw new DomainError('tier_policy.unchanged', `Version ${current.version} of the tier policy already says this`);
    }
    return insertTierPolicy(trx, definition, nowIso(ctx), (version) =>
      auditBy(ctx, 'tier_policy.published', { type: 'tier_policy', id: String(version) }, { version, previousVersion: current.version }),
    );
  });
}
