/**
 * What a personal API token may be used for. A token is scoped to one project and to some of
 * these actions; a route that does not name a scope cannot be used with a token at all.
 */
export const TOKEN_SCOPES = ['packages:read', 'packages:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const TOKEN_SCOPE_LABELS = {
  'packages:read': 'Read the project’s egress packages (files, status, check results)',
  'packages:write': 'Add and replace files in the project’s egress packages (egress push)',
} as const satisfies Record<TokenScope, string>;
