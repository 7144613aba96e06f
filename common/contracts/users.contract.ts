import { z } from 'zod';
import { freeText } from './free-text';
import { SYSTEM_ROLE_LIST } from '../vocab/roles';
import { abilitiesSchema, idSchema, isoDateSchema } from './common.contract';

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  systemRole: z.enum(SYSTEM_ROLE_LIST),
  disabled: z.boolean(),
  /** A TOTP second factor is enrolled. */
  secondFactor: z.boolean(),
  createdAt: isoDateSchema,
});
export type User = z.infer<typeof userSchema>;

export const passwordSchema = z.string().min(12, 'use at least 12 characters').max(256);

export const createUserRequestSchema = z
  .object({
    email: emailSchema,
    name: freeText().trim().min(1).max(200),
    password: passwordSchema,
    systemRole: z.enum(SYSTEM_ROLE_LIST).default('standard'),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const userListResponseSchema = z.object({ users: z.array(userSchema) });

export const loginRequestSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) }).strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const sessionResponseSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  expiresAt: isoDateSchema,
  abilities: abilitiesSchema,
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
