/**
 * Publishing the tier policy: the number of independent reviews is stored explicitly (its
 * default filled in), and a tier that lets outputs leave without a sign-off from outside the
 * research team is refused, storing nothing.
 */
import { describe, expect, it } from 'vitest';
import type { TierRule } from '../../common/contracts/tier-policy.contract';
import { isDomainError } from '../domain/errors';
import { DEFAULT_TIER_POLICY } from '../domain/tier-policy';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, snapshotCounts } from '../testing/factories';
import { personIn, worldScopes } from '../testing/world-lifecycle';
import { getCurrentTierPolicy, publishTierPolicy } from './tier-policy.commands';

describe.each(TEST_DIALECTS)('publishing the tier policy on %s', (dialect) => {
  let world: World;
  worldScopes(dialect, (w) => {
    world = w;
  }).freshWorldPerTest();
  const withoutReviews = (): TierRule[] => DEFAULT_TIER_POLICY.tiers.map(({ independentReviews: _, ...t }) => t);

  it('stores the default number of independent reviews when a definition leaves it out', async () => {
    const tiers = withoutReviews().map((t) => (t.tier === 0 ? { ...t, linkLifetimeHours: 48 } : t));
    const published = await publishTierPolicy(personIn(world, 'sysadmin').ctx, { tiers });
    expect(published.tiers.map((t) => t.independentReviews)).toEqual([1, 1, 2, 2, 0]);
    const stored = await world.db.selectFrom('tier_policies').select('definition').where('version', '=', published.version).executeTakeFirstOrThrow();
    expect((JSON.parse(stored.definition) as { tiers: TierRule[] }).tiers[2]?.independentReviews).toBe(2);
    expect((await getCurrentTierPolicy(personIn(world, 'sysadmin').ctx)).tiers[3]?.independentReviews).toBe(2);
  });

  it('refuses a tier that lets outputs leave on the investigator’s sign-off alone, storing nothing', async () => {
    const tiers = withoutReviews().map((t) => (t.tier === 1 ? { ...t, requiredSignOffs: ['investigator'] } : t));
    const before = await snapshotCounts(world.db);
    const refused = await publishTierPolicy(personIn(world, 'sysadmin').ctx, { tiers }).catch((error: unknown) => error);
    expect(isDomainError(refused) && refused.code).toBe('tier_policy.invalid');
    expect((refused as Error).message).toContain('tier 1 lets outputs leave without a sign-off from outside the research team');
    expect(await snapshotCounts(world.db)).toEqual(before);
  });
});
