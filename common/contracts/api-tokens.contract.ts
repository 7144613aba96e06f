/**
 * Personal API tokens for the CLI and scripts: each belongs to one person, one project and some
 * of TOKEN_SCOPES, expires after 1–365 days and is shown once, when it is created.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { TOKEN_SCOPES } from '../vocab/token-scopes';
import { idSchema, isoDateSchema } from './common.contract';
import { userSchema } from './users.contract';

/** What every token starts with, so a leaked one is easy to recognise (and to scan for). */
export const API_TOKEN_MARK = 'egr_';
/** How many characters after the mark are kept as the token's visible prefix. */
export const API_TOKEN_PREFIX_LENGTH = 8;
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_DEFAULT_DAYS = 30;

/** The shape of a token's secret: the mark and 32 random bytes in base64url (43 characters). */
export const apiTokenSecretSchema = z.string().regex(/^egr_[A-Za-z0-9_-]{43}$/, 'not an Egress API token (egr_…)');

export const API_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ApiTokenStatus = (typeof API_TOKEN_STATUSES)[number];

export const createApiTokenRequestSchema = z
  .object({
    name: freeText().trim().min(1, 'give the token a name').max(100),
    projectId: idSchema,
    scopes: z
      .array(z.enum(TOKEN_SCOPES))
      .min(1, 'choose at least one scope')
      .refine((scopes) => new Set(scopes).size === scopes.length, 'a scope is listed twice'),
    expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS).default(API_TOKEN_DEFAULT_DAYS),
  })
  .strict();
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequestSchema>;

/** A token as listed: never its secret or hash. */
export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The first characters after `egr_`, to recognise the token. */
  prefix: z.string(),
  userId: idSchema,
  projectId: idSchema,
  projectName: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
  status: z.enum(API_TOKEN_STATUSES),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenListResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });

/** The answer to creating a token: the only time the secret is ever sent. */
export const createdApiTokenResponseSchema = z.object({ token: apiTokenSchema, secret: apiTokenSecretSchema });
export type CreatedApiTokenResponse = z.infer<typeof createdApiTokenResponseSchema>;

/** Who a bearer token acts for (GET /api/v1/tokens/current; used by `egress login`). */
export const currentApiTokenResponseSchema = z.object({ user: userSchema, token: apiTokenSchema });
export type CurrentApiTokenResponse = z.infer<typeof currentApiTokenResponseSchema>;
