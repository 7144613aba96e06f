/**
 * Test support for identity (docs/identity.md): a raw browser-like client that signs in step by
 * step through the real routes (password, then a code or enrolment), keeping its own cookie and
 * CSRF token, and computes TOTP codes from the secret like an authenticator app.
 *
 * Example:
 *   const ada = browserFor(t, 'sysadmin@example.org', '10.5.0.1');
 *   expect((await ada.signIn()).json()).toMatchObject({ pending: 'enrolment' });
 *   const { secret } = await ada.enrol();
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { totpCodeAt } from '../../commands/totp';
import { TEST_PASSWORD } from '../../testing/factories';
import { SESSION_COOKIE } from '../auth';
import type { TestApp } from '../app.testing';

export interface Browser {
  /** POST /session with the password (default TEST_PASSWORD); keeps the cookie and CSRF token it answers. */
  signIn(password?: string): Promise<LightMyRequestResponse>;
  /** POST /session/code; keeps the full session it answers. */
  code(code: string): Promise<LightMyRequestResponse>;
  /** Starts and confirms enrolment with the current code; returns the secret and the recovery codes. */
  enrol(): Promise<{ secret: string; recoveryCodes: string[]; confirm: LightMyRequestResponse }>;
  call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** The current TOTP code of `secret` at the world clock's time. */
  currentCode(secret: string): string;
  cookie(): string | undefined;
}

export function browserFor(t: TestApp, email: string, remoteAddress: string): Browser {
  let cookie: string | undefined;
  let csrf: string | undefined;
  const keep = (res: LightMyRequestResponse) => {
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    if (set) cookie = set;
    const body = res.headers['content-type']?.toString().includes('json') ? (res.json() as { csrfToken?: string; session?: { csrfToken?: string } | null }) : {};
    csrf = body.csrfToken ?? body.session?.csrfToken ?? csrf;
    return res;
  };
  const call: Browser['call'] = async (method, url, payload) =>
    keep(
      await t.app.inject({
        method,
        url,
        remoteAddress,
        cookies: cookie ? { [SESSION_COOKIE]: cookie } : {},
        headers: csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    );
  const currentCode = (secret: string) => totpCodeAt(secret, t.world.clock.now());
  return {
    signIn: async (password = TEST_PASSWORD) => {
      cookie = undefined;
      csrf = undefined;
      return call('POST', '/api/v1/session', { email, password });
    },
    code: (code) => call('POST', '/api/v1/session/code', { code }),
    enrol: async () => {
      const start = await call('POST', '/api/v1/session/second-factor/enrolment', {});
      expect(start.statusCode).toBe(200);
      const { secret } = start.json() as { secret: string };
      const confirm = await call('POST', '/api/v1/session/second-factor/enrolment/confirm', { code: currentCode(secret) });
      expect(confirm.statusCode).toBe(200);
      return { secret, recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes, confirm };
    },
    call,
    currentCode,
    cookie: () => cookie,
  };
}
