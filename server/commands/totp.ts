/**
 * TOTP (RFC 6238) with otpauth: SHA-1, six digits, 30-second steps, the usual parameters that
 * every authenticator app reads from an otpauth:// URI. A code is accepted one step either side of
 * now (clock drift); the step it matched is returned so the caller can refuse it a second time.
 */
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'Safe Haven Egress';
const PERIOD = 30;

function totpFor(secret: string, label = 'account'): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** A new random secret (160 bits, RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans. */
export function otpauthUriOf(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** The URI as an SVG QR code (rendered by the web UI as an image). */
export function qrSvgOf(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The time step `now` falls in. */
export const stepAt = (now: Date): number => Math.floor(now.getTime() / 1000 / PERIOD);

/**
 * The time step a six-digit code matches (now ± one step), or null. A step at or before
 * `lastStep` is refused: a code is used once.
 */
export function matchTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = stepAt(now) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The current code of a secret (tests and the demo journey compute codes like an authenticator app). */
export function totpCodeAt(secret: string, now: Date): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}
