/**
 * E-mail settings (issue 14, docs/notifications.md), read from the environment by loadConfig:
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | SMTP_HOST | (none: no e-mail; the inbox still works) | the SMTP server |
 * | SMTP_PORT | 587 (465 with SMTP_SECURITY=tls) | |
 * | SMTP_SECURITY | starttls | `starttls` (STARTTLS required), `tls` (TLS from the start) or `none` (plain: tests and a local relay only) |
 * | SMTP_USER / SMTP_PASSWORD | (none: no authentication) | both or neither |
 * | SMTP_FROM | (required with SMTP_HOST) | the sender, e.g. `Egress <egress@haven.example.org>` |
 * | SMTP_TIMEOUT_SECONDS | 20 | connection, greeting and socket timeout of one attempt |
 * | PUBLIC_BASE_URL | (required with SMTP_HOST) | the web UI's address as people reach it, e.g. `https://egress.haven.example.org`; e-mails link there |
 * | NOTIFY_LINK_EXPIRY_HOURS | 24 | a download link expiring within this many hours is announced |
 * | NOTIFY_CLOSURE_DAYS | 14 | a project closing for this many days (and every as many days after) reminds its managers |
 *
 * Every problem names its variable; a malformed setting refuses the start.
 */
import { z } from 'zod';

export interface MailSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user: string | null;
  password: string | null;
  from: string;
  timeoutMs: number;
  /** Tests against a self-signed in-process server only; never set from the environment. */
  tlsRejectUnauthorized?: boolean;
}

export interface NotificationSettings {
  /** null: no e-mail. */
  mail: MailSettings | null;
  publicBaseUrl: string | null;
  linkExpiryHours: number;
  closureDays: number;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** `a@b.c` or `Name <a@b.c>`. */
function isSender(value: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(value);
  return ADDRESS.test(named ? (named[1] as string).trim() : value);
}

function numberIn(env: Record<string, string | undefined>, name: string, min: number, max: number, fallback: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push(`${name}: expected a number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return n;
}

/** Reads the SMTP_*, PUBLIC_BASE_URL and NOTIFY_* variables; returns the settings and every problem. */
export function loadNotificationSettings(env: Record<string, string | undefined>): { settings: NotificationSettings; problems: string[] } {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const host = get('SMTP_HOST');
  const security = get('SMTP_SECURITY') ?? 'starttls';
  if (!['starttls', 'tls', 'none'].includes(security)) problems.push(`SMTP_SECURITY: expected starttls, tls or none, got "${security}"`);
  const rawPort = get('SMTP_PORT');
  let port = security === 'tls' ? 465 : 587;
  if (rawPort !== undefined) {
    const parsed = z.coerce.number().int().min(1).max(65535).safeParse(rawPort);
    if (parsed.success) port = parsed.data;
    else problems.push(`SMTP_PORT: expected a port number from 1 to 65535, got "${rawPort}"`);
  }
  const user = get('SMTP_USER') ?? null;
  const password = get('SMTP_PASSWORD') ?? null;
  if ((user === null) !== (password === null)) problems.push(`${user === null ? 'SMTP_USER' : 'SMTP_PASSWORD'}: set SMTP_USER and SMTP_PASSWORD together, or neither`);
  const from = get('SMTP_FROM');
  if (from !== undefined && !isSender(from)) problems.push(`SMTP_FROM: expected an address such as egress@haven.example.org or "Egress <egress@haven.example.org>", got "${from}"`);
  const timeoutSeconds = numberIn(env, 'SMTP_TIMEOUT_SECONDS', 1, 600, 20, problems);
  const rawBase = get('PUBLIC_BASE_URL');
  let publicBaseUrl: string | null = null;
  if (rawBase !== undefined) {
    try {
      const url = new URL(rawBase);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http');
      if (url.search || url.hash || url.username || url.password) throw new Error('extra parts');
      publicBaseUrl = url.toString().replace(/\/+$/, '');
    } catch {
      problems.push(`PUBLIC_BASE_URL: expected the web UI's http(s) address without query or credentials, e.g. https://egress.haven.example.org, got "${rawBase}"`);
    }
  }
  if (host === undefined) {
    const orphans = ['SMTP_PORT', 'SMTP_SECURITY', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_FROM'].filter((n) => get(n) !== undefined);
    if (orphans.length > 0) problems.push(`SMTP_HOST: required when ${orphans.join(', ')} ${orphans.length === 1 ? 'is' : 'are'} set`);
  } else {
    if (!/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(host)) problems.push(`SMTP_HOST: expected a host name or address, got "${host}"`);
    if (from === undefined) problems.push('SMTP_FROM: required when SMTP_HOST is set');
    if (rawBase === undefined) problems.push('PUBLIC_BASE_URL: required when SMTP_HOST is set (e-mails link to the web UI)');
  }
  const linkExpiryHours = numberIn(env, 'NOTIFY_LINK_EXPIRY_HOURS', 1, 24 * 30, 24, problems);
  const closureDays = numberIn(env, 'NOTIFY_CLOSURE_DAYS', 1, 365, 14, problems);
  const mail: MailSettings | null =
    host !== undefined && problems.length === 0
      ? { host, port, security: security as MailSettings['security'], user, password, from: from as string, timeoutMs: Math.round(timeoutSeconds * 1000) }
      : null;
  return { settings: { mail, publicBaseUrl, linkExpiryHours, closureDays }, problems };
}
