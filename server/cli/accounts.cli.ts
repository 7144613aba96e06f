/**
 * `egress user …` account lifecycle and `egress sign-in-locks …` (docs/identity.md): disable,
 * enable, reset a password (a generated one, printed once) or a second factor, list and end
 * sessions, list and lift sign-in lock-outs. Each runs the same audited command as the web UI,
 * as the CLI's system actor.
 */
import { endAccountSessions, findAccountByEmail, listAccountSessions, resetPassword, setAccountDisabled } from '../commands/account-lifecycle.commands';
import type { CommandContext } from '../commands/context';
import { resetSecondFactor } from '../commands/second-factor.commands';
import { liftSignInLock, listSignInLocks } from '../commands/sign-in-locks.commands';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

export type AccountAction = 'disable' | 'enable' | 'reset-password' | 'reset-second-factor' | 'sessions' | 'end-sessions';

async function act(io: Io, ctx: CommandContext, action: AccountAction, email: string): Promise<number> {
  const user = await findAccountByEmail(ctx, email);
  switch (action) {
    case 'disable':
    case 'enable': {
      await setAccountDisabled(ctx, user.id, action === 'disable');
      io.out(action === 'disable' ? `Disabled ${user.email}: its sessions ended and its API tokens are refused.` : `Enabled ${user.email} again.`);
      return EXIT.ok;
    }
    case 'reset-password': {
      const { password } = await resetPassword(ctx, user.id);
      io.out(`Reset the password of ${user.email}; its sessions ended.`);
      io.out(`New password (shown once): ${password}`);
      return EXIT.ok;
    }
    case 'reset-second-factor':
      await resetSecondFactor(ctx, user.id);
      io.out(`Removed the second factor of ${user.email}; its sessions ended. It enrols again at its next sign-in.`);
      return EXIT.ok;
    case 'sessions': {
      const sessions = await listAccountSessions(ctx, user.id);
      if (sessions.length === 0) io.out(`${user.email} has no open session.`);
      for (const s of sessions) io.out(`${s.id.slice(0, 12)}  ${s.stage.padEnd(13)}  signed in ${s.createdAt}  last seen ${s.lastSeenAt}  ends ${s.expiresAt}`);
      return EXIT.ok;
    }
    case 'end-sessions': {
      const ended = await endAccountSessions(ctx, user.id);
      io.out(`Ended ${ended} session${ended === 1 ? '' : 's'} of ${user.email}.`);
      return EXIT.ok;
    }
  }
}

export async function accountCommand(io: Io, host: CliHost, action: AccountAction, email: string): Promise<number> {
  try {
    return await asSystem(host, `cli: user ${action}`, (ctx) => act(io, ctx, action, email));
  } catch (error) {
    return reportError(io, error, false);
  }
}

export async function signInLocksCommand(io: Io, host: CliHost): Promise<number> {
  try {
    return await asSystem(host, 'cli: sign-in-locks list', async (ctx) => {
      const locks = await listSignInLocks(ctx, host.config.identity.signInLimits);
      if (locks.length === 0) io.out('No account or address is locked out.');
      for (const l of locks) io.out(`${l.kind.padEnd(8)} ${l.subject.padEnd(32)} ${l.failures} failures, locked until ${l.lockedUntil}`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}

export async function liftSignInLockCommand(io: Io, host: CliHost, target: { email?: string; address?: string }): Promise<number> {
  try {
    return await asSystem(host, 'cli: sign-in-locks lift', async (ctx) => {
      const cleared = await liftSignInLock(ctx, target.email ? { email: target.email } : { address: target.address });
      io.out(`Lifted: cleared ${cleared} failed sign-in${cleared === 1 ? '' : 's'} of ${target.email ?? target.address}.`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}
