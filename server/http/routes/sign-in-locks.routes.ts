/** Sign-in lock-outs: a system manager lists the locked accounts and addresses and lifts a lock (docs/identity.md). */
import { errorResponseSchema } from '../../../common/contracts/common.contract';
import { liftSignInLockRequestSchema, liftedSignInLockSchema, signInLockListSchema } from '../../../common/contracts/identity.contract';
import { liftSignInLock, listSignInLocks } from '../../commands/sign-in-locks.commands';
import type { SignInLimits } from '../../domain/identity/sign-in-limits';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';

const refusals = { 401: errorResponseSchema, 403: errorResponseSchema, 422: errorResponseSchema };

export function signInLockRoutes(app: App, deps: AuthDeps, limits: SignInLimits): void {
  app.get(
    '/sign-in-locks',
    { schema: { tags: ['users'], summary: 'Accounts and addresses locked out by failed sign-ins', response: { 200: signInLockListSchema, ...refusals } } },
    async (request) => ({
      locks: await listSignInLocks(contextOf(deps, request), limits),
    }),
  );
  app.post(
    '/sign-in-locks/lift',
    { schema: { tags: ['users'], summary: 'Lift the lock-out of an account (email) or an address', body: liftSignInLockRequestSchema, response: { 200: liftedSignInLockSchema, ...refusals } } },
    async (request) => ({ cleared: await liftSignInLock(contextOf(deps, request), request.body) }),
  );
}
