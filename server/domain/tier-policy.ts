/**
 * Default tier policy (docs/design.md §4). Version 1 is loaded by migration; later versions are
 * added as new rows so that every classification records the version it was made under.
 */
import type { TierPolicyDefinition } from '../../common/contracts/tier-policy.contract';

export const DEFAULT_TIER_POLICY: TierPolicyDefinition = {
  tiers: [
    {
      tier: 0,
      egressAllowed: true,
      requiredSignOffs: ['investigator', 'data_provider_representative'],
      destinations: ['public_release', 'research_team', 'data_provider', 'secure_environment'],
      encryptionRequired: false,
      linkLifetimeHours: 168,
      summary: 'Open: may be published. Investigator and data provider representative sign off.',
      independentReviews: 1,
    },
    {
      tier: 1,
      egressAllowed: true,
      requiredSignOffs: ['investigator', 'data_provider_representative'],
      destinations: ['research_team', 'data_provider', 'secure_environment'],
      encryptionRequired: false,
      linkLifetimeHours: 72,
      summary: 'Publishable but kept private for now. Not for public release yet.',
      independentReviews: 1,
    },
    {
      tier: 2,
      egressAllowed: true,
      requiredSignOffs: ['investigator', 'data_provider_representative', 'referee'],
      destinations: ['data_provider', 'secure_environment'],
      encryptionRequired: true,
      linkLifetimeHours: 24,
      summary: 'Official: only back to the data provider or to another secure environment, encrypted. A referee signs off too.',
      independentReviews: 2,
    },
    {
      tier: 3,
      egressAllowed: true,
      requiredSignOffs: ['investigator', 'data_provider_representative', 'referee'],
      destinations: ['data_provider', 'secure_environment'],
      encryptionRequired: true,
      linkLifetimeHours: 4,
      summary: 'Sensitive: only back to the data provider or to another secure environment, encrypted, with a short-lived link.',
      independentReviews: 2,
    },
    {
      tier: 4,
      egressAllowed: false,
      requiredSignOffs: [],
      destinations: [],
      encryptionRequired: true,
      linkLifetimeHours: null,
      summary: 'Secret-equivalent: nothing leaves the environment.',
      independentReviews: 0,
    },
  ],
};
