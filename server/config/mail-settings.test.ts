/**
 * SMTP_*, PUBLIC_BASE_URL and NOTIFY_* (issue 14): no e-mail when unset, a complete setting read
 * with its defaults, and every malformed setting refused at start with the variable named.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

const SMTP = { SMTP_HOST: 'mail.haven.example.org', SMTP_FROM: 'Egress <egress@haven.example.org>', PUBLIC_BASE_URL: 'https://egress.haven.example.org/' };

describe('e-mail settings', () => {
  it('sends no e-mail when SMTP_HOST is not set, with the default thresholds', () => {
    expect(loadConfig({}).notifications).toEqual({ mail: null, publicBaseUrl: null, linkExpiryHours: 24, closureDays: 14 });
  });

  it('reads a complete setting: STARTTLS on 587 by default, TLS on 465', () => {
    expect(loadConfig(SMTP).notifications).toMatchObject({
      mail: { host: 'mail.haven.example.org', port: 587, security: 'starttls', user: null, password: null, from: 'Egress <egress@haven.example.org>', timeoutMs: 20_000 },
      publicBaseUrl: 'https://egress.haven.example.org',
    });
    expect(loadConfig({ ...SMTP, SMTP_SECURITY: 'tls', SMTP_USER: 'egress', SMTP_PASSWORD: 'pw' }).notifications.mail).toMatchObject({ port: 465, security: 'tls', user: 'egress', password: 'pw' });
  });

  it.each([
    [{ ...SMTP, SMTP_PORT: 'smtp' }, 'SMTP_PORT:'],
    [{ ...SMTP, SMTP_PORT: '70000' }, 'SMTP_PORT:'],
    [{ ...SMTP, SMTP_SECURITY: 'ssl3' }, 'SMTP_SECURITY:'],
    [{ ...SMTP, SMTP_USER: 'egress' }, 'SMTP_PASSWORD:'],
    [{ ...SMTP, SMTP_PASSWORD: 'pw' }, 'SMTP_USER:'],
    [{ ...SMTP, SMTP_FROM: 'not an address' }, 'SMTP_FROM:'],
    [{ SMTP_HOST: 'mail.example.org', PUBLIC_BASE_URL: 'https://e.example.org' }, 'SMTP_FROM: required'],
    [{ SMTP_HOST: 'mail.example.org', SMTP_FROM: 'a@example.org' }, 'PUBLIC_BASE_URL: required'],
    [{ ...SMTP, PUBLIC_BASE_URL: 'ftp://egress.example.org' }, 'PUBLIC_BASE_URL:'],
    [{ ...SMTP, PUBLIC_BASE_URL: 'https://egress.example.org/?token=x' }, 'PUBLIC_BASE_URL:'],
    [{ ...SMTP, SMTP_HOST: 'mail host' }, 'SMTP_HOST:'],
    [{ SMTP_FROM: 'a@example.org' }, 'SMTP_HOST: required when SMTP_FROM is set'],
    [{ NOTIFY_CLOSURE_DAYS: '0' }, 'NOTIFY_CLOSURE_DAYS:'],
    [{ NOTIFY_LINK_EXPIRY_HOURS: 'soon' }, 'NOTIFY_LINK_EXPIRY_HOURS:'],
  ])('refuses %o naming the variable', (env, named) => {
    expect(problemsOf(env)).toContain(named);
  });

  it('lists every problem at once', () => {
    const message = problemsOf({ SMTP_HOST: 'mail.example.org', SMTP_PORT: 'x', SMTP_USER: 'u' });
    for (const name of ['SMTP_PORT:', 'SMTP_PASSWORD:', 'SMTP_FROM:', 'PUBLIC_BASE_URL:']) expect(message).toContain(name);
  });
});
