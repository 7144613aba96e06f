/**
 * `egress user disable|enable|reset-password|reset-second-factor|sessions|end-sessions` and
 * `egress sign-in-locks list|lift` on a real SQLite database: each changes the account as the web
 * UI would, audited, and prints what happened (a generated password once).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../commands/context';
import { signIn } from '../commands/sessions.commands';
import { openDatabase } from '../db/connect';
import { SECOND_FACTOR_OPTIONAL } from '../domain/identity/second-factor-policy';
import { DEFAULT_SIGN_IN_LIMITS } from '../domain/identity/sign-in-limits';
import { systemClock } from '../ports/clock';
import { cliRoot } from '../entrypoints/cli-root';
import type { Io } from './output';
import { runCli } from './program';

function captureIo(stdin = ''): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readFile: async () => '', readStdin: async () => stdin };
}

const PASSWORD = 'a long enough password';
const POLICY = { secondFactor: SECOND_FACTOR_OPTIONAL, signInLimits: DEFAULT_SIGN_IN_LIMITS };

describe('egress user lifecycle and sign-in locks', () => {
  let env: Record<string, string>;
  const cli = (args: string[], io = captureIo()) =>
    runCli(
      ['node', 'egress', ...args],
      io,
      cliRoot(async () => 99),
      env,
    ).then((code) => ({ code, io }));
  /** Runs `work` on the CLI's database (sign-ins as a browser would make them). */
  const onDatabase = async <T>(work: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> => {
    const handle = openDatabase(`sqlite:${join(env.DATA_DIR as string, 'egress.db')}`);
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  };
  const signInAs = (password: string) =>
    onDatabase((db) =>
      signIn(
        { db, clock: systemClock, actor: systemActor('test sign-in'), origin: { address: '192.0.2.1', inside: false } },
        { email: 'ada@example.org', password },
        { idleMinutes: 30, absoluteHours: 1 },
        POLICY,
      ),
    );

  beforeEach(async () => {
    env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'egress-accounts-cli-')) };
    expect((await cli(['user', 'create', '--email', 'ada@example.org', '--name', 'Ada', '--role', 'standard', '--password-stdin'], captureIo(PASSWORD))).code).toBe(0);
  });

  it('disables and enables an account, ending its sessions, with audit events', async () => {
    await signInAs(PASSWORD);
    const sessions = await cli(['user', 'sessions', '--email', 'ada@example.org']);
    expect(sessions.io.stdout).toHaveLength(1);
    expect(sessions.io.stdout[0]).toMatch(/^[0-9a-f]{12} {2}full/);
    const disabled = await cli(['user', 'disable', '--email', 'ada@example.org']);
    expect(disabled).toMatchObject({ code: 0, io: { stdout: ['Disabled ada@example.org: its sessions ended and its API tokens are refused.'] } });
    expect((await cli(['user', 'sessions', '--email', 'ada@example.org'])).io.stdout).toEqual(['ada@example.org has no open session.']);
    await expect(signInAs(PASSWORD)).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    expect((await cli(['user', 'enable', '--email', 'ada@example.org'])).io.stdout).toEqual(['Enabled ada@example.org again.']);
    await expect(signInAs(PASSWORD)).resolves.toMatchObject({ stage: 'full' });
    const actions = await onDatabase((db) => db.selectFrom('audit_events').select(['action', 'actor_label']).where('action', 'like', 'user.%').orderBy('seq').execute());
    expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.disabled', 'user.sessions_ended', 'user.enabled']);
    expect(actions[1]?.actor_label).toBe('cli: user disable');
  });

  it('resets a password to a generated one printed once, and ends sessions on request', async () => {
    await signInAs(PASSWORD);
    expect((await cli(['user', 'end-sessions', '--email', 'ada@example.org'])).io.stdout).toEqual(['Ended 1 session of ada@example.org.']);
    const reset = await cli(['user', 'reset-password', '--email', 'ada@example.org']);
    expect(reset.code).toBe(0);
    const password = /^New password \(shown once\): (\S+)$/.exec(reset.io.stdout[1] as string)?.[1] as string;
    expect(password).toHaveLength(20);
    await expect(signInAs(PASSWORD)).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    await expect(signInAs(password)).resolves.toMatchObject({ stage: 'full' });
    expect((await cli(['user', 'reset-second-factor', '--email', 'ada@example.org'])).code).toBe(0);
  });

  it('lists a locked-out account and lifts the lock', async () => {
    for (let i = 0; i < DEFAULT_SIGN_IN_LIMITS.maxPerAccount; i += 1) await expect(signInAs('not the password at all')).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    await expect(signInAs(PASSWORD)).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
    const listed = await cli(['sign-in-locks', 'list']);
    expect(listed.io.stdout).toHaveLength(1);
    expect(listed.io.stdout[0]).toMatch(/^account {2}ada@example\.org +5 failures, locked until /);
    expect((await cli(['sign-in-locks', 'lift', '--email', 'ada@example.org'])).io.stdout).toEqual(['Lifted: cleared 5 failed sign-ins of ada@example.org.']);
    await expect(signInAs(PASSWORD)).resolves.toMatchObject({ stage: 'full' });
    expect((await cli(['sign-in-locks', 'list'])).io.stdout).toEqual(['No account or address is locked out.']);
  });

  it('refuses an unknown account and a weak password, and a configuration that spares system managers the second factor', async () => {
    const unknown = await cli(['user', 'disable', '--email', 'nobody@example.org']);
    expect(unknown.code).toBe(2);
    expect(unknown.io.stderr[0]).toContain('(user.not_found)');
    const weak = await cli(['user', 'create', '--email', 'b@example.org', '--name', 'B', '--password-stdin'], captureIo('password1234'));
    expect(weak.io.stderr[0]).toContain('(user.password_weak)');
    env = { ...env, SECOND_FACTOR_OPTIONAL_ROLES: 'standard,system_manager' };
    const config = await cli(['migrate']);
    expect(config.code).toBe(2);
    expect(config.io.stderr[0]).toContain('never optional for system managers');
  });
});
