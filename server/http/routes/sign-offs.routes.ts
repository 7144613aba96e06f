/**
 * Sign-offs and the approval panel over the API (issue 10 §5). Signing and withdrawing are
 * decisions made in the web UI, so they need a signed-in session (no API token); reading the
 * sign-offs and the panel accepts a token with `packages:read`.
 */
import { z } from 'zod';
import { approvalSchema, signOffListSchema, signOffRequestSchema, signOffWithdrawalRequestSchema } from '../../../common/contracts/sign-offs.contract';
import { idSchema } from '../../../common/contracts/common.contract';
import { getApproval } from '../../commands/approval.queries';
import { listPackageSignOffs, signOff, withdrawSignOff } from '../../commands/sign-offs.commands';
import { type AuthDeps, contextOf } from '../auth';
import type { App } from '../types';
import { packageParams, refusals } from './package-content.routes';

const READ = { tokenScopes: ['packages:read'] } as const;
const tags = ['packages'];
const signOffParams = z.object({ packageId: idSchema, signOffId: idSchema });

export function signOffRoutes(app: App, deps: AuthDeps): void {
  app.get(
    '/packages/:packageId/sign-offs',
    {
      config: READ,
      schema: {
        tags,
        summary: 'Every sign-off of the package, live and voided (with the cause), and its current content digest',
        params: packageParams,
        response: { 200: signOffListSchema, ...refusals },
      },
    },
    async (request) => listPackageSignOffs(contextOf(deps, request), request.params.packageId),
  );

  app.post(
    '/packages/:packageId/sign-offs',
    {
      schema: {
        tags,
        summary: 'Sign the package off in a role the tier requires, on the content digest you loaded; the last missing sign-off approves it',
        params: packageParams,
        body: signOffRequestSchema,
        response: { 201: signOffListSchema, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await signOff(contextOf(deps, request), request.params.packageId, request.body)),
  );

  app.post(
    '/packages/:packageId/sign-offs/:signOffId/withdrawal',
    {
      schema: {
        tags,
        summary: 'Withdraw your own sign-off before approval (kept as voided, cause "withdrawn")',
        params: signOffParams,
        body: signOffWithdrawalRequestSchema.nullish(),
        response: { 200: signOffListSchema, ...refusals },
      },
    },
    async (request) => withdrawSignOff(contextOf(deps, request), request.params.packageId, request.params.signOffId, request.body ?? {}),
  );

  app.get(
    '/packages/:packageId/approval',
    {
      config: READ,
      schema: {
        tags,
        summary: 'What approval still needs: every guard, what is missing, who must sign, and any seed rule that keeps the package inside',
        params: packageParams,
        response: { 200: approvalSchema, ...refusals },
      },
    },
    async (request) => getApproval(contextOf(deps, request), request.params.packageId),
  );
}
