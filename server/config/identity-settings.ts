/**
 * Identity settings (docs/identity.md), read from the environment like delivery-settings.ts:
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | SECOND_FACTOR_OPTIONAL_ROLES | (empty: required for everyone) | comma-separated system roles for which a TOTP second factor is optional (`programme_manager`, `standard`); never `system_manager` |
 * | LOGIN_MAX_ACCOUNT_FAILURES | 5 | failed sign-ins of one account within LOGIN_WINDOW_MINUTES that lock it |
 * | LOGIN_MAX_ATTEMPTS | 50 | failed sign-ins from one client address within LOGIN_WINDOW_MINUTES that lock it (successes do not count) |
 * | LOGIN_WINDOW_MINUTES | 15 | |
 *
 * The demo (`serve --demo`) makes the second factor optional for everyone; nothing else can.
 */
import { z } from 'zod';

export const OPTIONAL_ROLE_CHOICES = ['programme_manager', 'standard'] as const;
export type OptionalSecondFactorRole = (typeof OPTIONAL_ROLE_CHOICES)[number];

export interface IdentitySettings {
  secondFactor: { optionalRoles: OptionalSecondFactorRole[]; optionalForEveryone?: boolean };
  signInLimits: { maxPerAccount: number; maxPerAddress: number; windowMs: number };
}

const count = (fallback: number) => z.coerce.number().int().min(1).max(100_000).default(fallback);
const schema = z.object({
  SECOND_FACTOR_OPTIONAL_ROLES: z.string().optional(),
  LOGIN_MAX_ACCOUNT_FAILURES: count(5),
  LOGIN_MAX_ATTEMPTS: count(50),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});

/** The settings and every problem found (listed with the rest of the configuration's). */
export function loadIdentitySettings(env: Record<string, string | undefined>): { settings: IdentitySettings; problems: string[] } {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const e = parsed.success ? parsed.data : schema.parse({});
  const optionalRoles: OptionalSecondFactorRole[] = [];
  for (const role of (env.SECOND_FACTOR_OPTIONAL_ROLES ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)) {
    if (role === 'system_manager') problems.push('SECOND_FACTOR_OPTIONAL_ROLES: the second factor is never optional for system managers');
    else if ((OPTIONAL_ROLE_CHOICES as readonly string[]).includes(role)) optionalRoles.push(role as OptionalSecondFactorRole);
    else problems.push(`SECOND_FACTOR_OPTIONAL_ROLES: unknown system role "${role}"; expected ${OPTIONAL_ROLE_CHOICES.join(' or ')}`);
  }
  return {
    settings: {
      secondFactor: { optionalRoles },
      signInLimits: { maxPerAccount: e.LOGIN_MAX_ACCOUNT_FAILURES, maxPerAddress: e.LOGIN_MAX_ATTEMPTS, windowMs: e.LOGIN_WINDOW_MINUTES * 60_000 },
    },
    problems,
  };
}
