/** Roles a person can hold on one project (exactly one per person per project). docs/design.md §3.1. */
export const PROJECT_ROLES = {
  investigator: 'investigator',
  researcher: 'researcher',
  data_provider_representative: 'data_provider_representative',
  referee: 'referee',
  project_manager: 'project_manager',
} as const;
export type ProjectRole = keyof typeof PROJECT_ROLES;
export const PROJECT_ROLE_LIST = Object.keys(PROJECT_ROLES) as ProjectRole[];

export const PROJECT_ROLE_LABELS = {
  investigator: 'Investigator',
  researcher: 'Researcher',
  data_provider_representative: 'Data provider representative',
  referee: 'Referee',
  project_manager: 'Project manager',
} as const satisfies Record<ProjectRole, string>;

/** Roles a person holds across the whole haven. */
export const SYSTEM_ROLES = {
  system_manager: 'system_manager',
  programme_manager: 'programme_manager',
  standard: 'standard',
} as const;
export type SystemRole = keyof typeof SYSTEM_ROLES;
export const SYSTEM_ROLE_LIST = Object.keys(SYSTEM_ROLES) as SystemRole[];

export const SYSTEM_ROLE_LABELS = {
  system_manager: 'System manager',
  programme_manager: 'Programme manager',
  standard: 'Standard user',
} as const satisfies Record<SystemRole, string>;
