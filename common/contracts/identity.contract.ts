/**
 * Identity (docs/identity.md): the second sign-in step, enrolling a TOTP second factor, and a
 * system manager's account lifecycle actions (sessions, password reset, sign-in lock-outs).
 */
import { z } from 'zod';
import { isoDateSchema } from './common.contract';
import { emailSchema, sessionResponseSchema } from './users.contract';

/** What a pending sign-in waits for after the password: a code, or enrolling the second factor first. */
export const PENDING_SIGN_IN_STAGES = ['second_factor', 'enrolment'] as const;
export type PendingSignInStage = (typeof PENDING_SIGN_IN_STAGES)[number];

/** The answer to a correct password when a second step is still needed: no full session yet. */
export const pendingSignInSchema = z.object({
  pending: z.enum(PENDING_SIGN_IN_STAGES),
  /** CSRF token of the pending session, for the code or enrolment requests. */
  csrfToken: z.string(),
  expiresAt: isoDateSchema,
});
export type PendingSignIn = z.infer<typeof pendingSignInSchema>;

/** `POST /session`: a full session, or a pending one. */
export const signInResponseSchema = z.union([sessionResponseSchema, pendingSignInSchema]);
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** A six-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx-xxxx, dashes and case optional). */
export const secondFactorCodeRequestSchema = z.object({ code: z.string().trim().min(6).max(40) }).strict();
export type SecondFactorCodeRequest = z.infer<typeof secondFactorCodeRequestSchema>;

export const secondFactorStatusSchema = z.object({
  enrolled: z.boolean(),
  /** The installation requires a second factor for this person's system role. */
  required: z.boolean(),
  enrolledAt: isoDateSchema.nullable(),
  recoveryCodesLeft: z.number().int().min(0),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;

/** A new secret to scan: shown once, confirmed by a code from it. */
export const enrolmentStartResponseSchema = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a QR code, an SVG document. */
  qrSvg: z.string(),
});
export type EnrolmentStart = z.infer<typeof enrolmentStartResponseSchema>;

/** Enrolment confirmed: ten recovery codes shown once, and the full session when it completed a sign-in. */
export const enrolmentConfirmResponseSchema = z.object({
  recoveryCodes: z.array(z.string()),
  session: sessionResponseSchema.nullable(),
});
export type EnrolmentConfirm = z.infer<typeof enrolmentConfirmResponseSchema>;

export const userSessionSchema = z.object({
  id: z.string(),
  createdAt: isoDateSchema,
  lastSeenAt: isoDateSchema,
  expiresAt: isoDateSchema,
  stage: z.enum(['full', ...PENDING_SIGN_IN_STAGES]),
});
export type UserSession = z.infer<typeof userSessionSchema>;
export const userSessionListSchema = z.object({ sessions: z.array(userSessionSchema) });

export const endedSessionsSchema = z.object({ ended: z.number().int().min(0) });

/** A generated password, shown once to the system manager who reset it. */
export const passwordResetResponseSchema = z.object({ password: z.string() });

export const signInLockSchema = z.object({
  kind: z.enum(['account', 'address']),
  /** The email (account) or client address. */
  subject: z.string(),
  failures: z.number().int(),
  /** When the oldest counted failure leaves the window, unless a system manager lifts it first. */
  lockedUntil: isoDateSchema,
});
export type SignInLock = z.infer<typeof signInLockSchema>;
export const signInLockListSchema = z.object({ locks: z.array(signInLockSchema) });

export const liftSignInLockRequestSchema = z.union([z.object({ email: emailSchema }).strict(), z.object({ address: z.string().trim().min(1).max(64) }).strict()]);
export type LiftSignInLockRequest = z.infer<typeof liftSignInLockRequestSchema>;
export const liftedSignInLockSchema = z.object({ cleared: z.number().int().min(0) });
