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

/** How a release reaches a registered destination (docs/delivery.md). */
export const DELIVERY_METHODS = ['link', 'container_push', 'folder_export'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const DELIVERY_METHOD_LABELS = {
  link: 'Download link',
  container_push: 'Push to a storage container',
  folder_export: 'Export to a folder',
} as const satisfies Record<DeliveryMethod, string>;
