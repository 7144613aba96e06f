/**
 * Sign-offs and the approval panel over the API (docs/design.md §5.4, issue 10 §5): a sign-off is given
 * in a role on the content digest the signer loaded; the listing shows live and voided sign-offs
 * (with the cause) and the current digest; the approval view lists every guard of `approve`,
 * what is still missing and who must act.
 */
import { z } from 'zod';
import { SIGN_OFF_ROLES } from '../vocab/destinations';
import { PACKAGE_STATUSES } from '../vocab/statuses';
import { idSchema, isoDateSchema } from './common.contract';

export const digestSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a content digest is 64 lower-case hexadecimal characters');

export const signOffRequestSchema = z.object({ role: z.enum(SIGN_OFF_ROLES), digest: digestSchema }).strict();
export type SignOffRequest = z.infer<typeof signOffRequestSchema>;

/** A withdrawal carries nothing: the signer takes back their own live sign-off. */
export const signOffWithdrawalRequestSchema = z.object({}).strict();

export const signOffSchema = z.object({
  id: idSchema,
  userId: idSchema,
  userName: z.string(),
  role: z.enum(SIGN_OFF_ROLES),
  digest: z.string(),
  turn: z.number().int(),
  signedAt: isoDateSchema,
  /** Not voided. */
  live: z.boolean(),
  /** Live and bound to the current digest: it counts. */
  bound: z.boolean(),
  voidedAt: isoDateSchema.nullable(),
  /** Why it was voided: `withdrawn` by its signer, or the change that voided it (e.g. `file_version_added`). */
  voidCause: z.string().nullable(),
});
export type SignOff = z.infer<typeof signOffSchema>;

/** Whether the caller may sign off in a role now; if not, the code and words the sign-off would be refused with. */
export const signOffAbilitySchema = z.object({ ok: z.boolean(), code: z.string().optional(), reason: z.string().optional() });
export type SignOffAbility = z.infer<typeof signOffAbilitySchema>;

export const signOffListSchema = z.object({
  /** The package's current content digest: what a sign-off must name. */
  digest: z.string(),
  status: z.enum(PACKAGE_STATUSES),
  signOffs: z.array(signOffSchema),
  /** The caller's sign-off per role (server/policies/sign-off.policy.ts `signOffAbilities`). */
  abilities: z.object({ signOff: z.record(z.enum(SIGN_OFF_ROLES), signOffAbilitySchema) }),
});
export type SignOffList = z.infer<typeof signOffListSchema>;

export const missingGuardSchema = z.object({ id: z.string(), code: z.string(), words: z.string(), detail: z.string().optional() });

export const approvalSchema = z.object({
  digest: z.string(),
  status: z.enum(PACKAGE_STATUSES),
  guards: z.array(z.object({ id: z.string(), words: z.string(), ok: z.boolean() })),
  missing: z.array(missingGuardSchema),
  signOffs: z.object({
    required: z.array(z.enum(SIGN_OFF_ROLES)),
    present: z.array(z.object({ id: idSchema, userId: idSchema, role: z.enum(SIGN_OFF_ROLES) })),
    /** Each role still to sign; for the data provider representative, who must still sign. */
    missing: z.array(z.object({ role: z.enum(SIGN_OFF_ROLES), userIds: z.array(idSchema).optional() })),
  }),
  /** A seed rule (docs/design.md §6) that keeps the package inside whatever is done: why, and what the reviewers may do instead. */
  seedRule: z.object({ code: z.string(), words: z.string(), offers: z.array(z.literal('retain')) }).optional(),
});
export type Approval = z.infer<typeof approvalSchema>;
