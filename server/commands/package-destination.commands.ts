/**
 * Choosing where a package goes (docs/delivery.md): one of its project's current registered
 * destinations, or none. Done by whoever may edit the package (its author team, in a draft or a
 * returned package), before sign-off: the destination is part of the content digest, so changing
 * it voids every live sign-off (`destination_changed`). Whether the tier allows the destination's
 * kind, and whether it has the recipient key the tier's encryption needs, is what the guards of
 * submit, approve and release check (common/workflow/package.guards.ts).
 *
 * Example: `choosePackageDestination(ctx, packageId, { destinationId: 'd1', version: 4 })` → the
 * package at version 5 going to d1, audited as `package.destination_chosen`.
 */
import { choosePackageDestinationRequestSchema } from '../../common/contracts/destinations.contract';
import type { Package } from '../../common/contracts/packages.contract';
import { findDestination } from '../db/destinations.repository';
import { recordAuthor } from '../db/package-authors.repository';
import { updatePackage } from '../db/packages.repository';
import { DomainError } from '../domain/errors';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { lockPackageFor } from './package-access';
import { toPackage } from './packages.commands';
import { parseInput } from './parse-input';
import { voidSignOffsFor } from './sign-offs.void';

/**
 * Sets (or clears, with `destinationId: null`) the package's registered destination.
 * Throws `package.not_found`, `workflow.not_allowed`/`package.not_editable` (not the author team,
 * or not a draft or returned package), `validation.invalid_input`, `destination.not_found` (unknown
 * or another project's), `destination.retired`, `conflict.stale_version`. Choosing the one already
 * chosen changes nothing and writes nothing.
 */
export async function choosePackageDestination(ctx: CommandContext, packageId: string, input: unknown): Promise<Package> {
  const request = parseInput(choosePackageDestinationRequestSchema, input);
  const state = await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'edit');
    const { pkg } = state;
    if (request.destinationId !== null) {
      const destination = await findDestination(trx, request.destinationId);
      if (!destination || destination.project_id !== pkg.project_id) throw new DomainError('destination.not_found', 'No such destination in this package’s project');
      if (destination.retired_at !== null && destination.id !== pkg.destination_id)
        throw new DomainError('destination.retired', `The destination "${destination.name}" has been retired and cannot be chosen`);
    }
    if (pkg.destination_id === request.destinationId) {
      if (pkg.version !== request.version) throw new DomainError('conflict.stale_version', 'This package was changed by someone else; reload it and try again', { expectedVersion: request.version });
      return state;
    }
    const at = nowIso(ctx);
    await recordAuthor(trx, packageId, ctx.actor.userId, 'edited_context', at);
    const change = { from: pkg.destination_id, to: request.destinationId };
    await voidSignOffsFor(trx, ctx, pkg, 'destination_changed', change);
    const audit = auditBy(ctx, 'package.destination_chosen', { type: 'package', id: packageId, projectId: pkg.project_id }, change);
    state.pkg = await updatePackage(trx, packageId, request.version, { destination_id: request.destinationId }, at, audit);
    return state;
  });
  return toPackage(ctx, state);
}
