/** Kinds of destination an egress can go to. docs/design.md §4. */
export const DESTINATION_KINDS = ['public_release', 'research_team', 'data_provider', 'secure_environment'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_LABELS = {
  public_release: 'Public release',
  research_team: 'Research team',
  data_provider: 'Data provider (the original owner)',
  secure_environment: 'Another secure environment',
} as const satisfies Record<DestinationKind, string>;

/** Who signs off an egress. */
export const SIGN_OFF_ROLES = ['investigator', 'data_provider_representative', 'referee'] as const;
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];

/** How a release reaches a registered destination (docs/delivery.md): the release methods, one list. */
export { RELEASE_METHODS as DELIVERY_METHODS, RELEASE_METHOD_LABELS as DELIVERY_METHOD_LABELS, type ReleaseMethod as DeliveryMethod } from './release';
