/**
 * Registered destinations of a project (docs/delivery.md): anyone who can see the project lists
 * them; only the haven's managers register or retire one (project policy `manageDestinations`).
 * A destination's target is checked against what the server offers (`DeliveryOptionsDeps`, from
 * DELIVERY_TARGETS and EXPORT_DIR) and its recipient key is parsed and fingerprinted before
 * anything is stored; credentials are never stored: a push names a target configured on the server.
 *
 * Example: `registerDestination(ctx, projectId, { name: 'Provider archive', kind: 'data_provider',
 * contactEmail: 'archive@provider.org', method: 'container_push', target: 'provider-archive',
 * recipientKey: 'age1…' }, deps)` → the destination with its key's fingerprint, audited as
 * `destination.registered`.
 */
import { type Destination, type DestinationList, registerDestinationRequestSchema } from '../../common/contracts/destinations.contract';
import type { DeliveryMethod, DestinationKind } from '../../common/vocab/destinations';
import { findCurrentDestinationByName, findDestination, insertDestination, listDestinations, retireDestination } from '../db/destinations.repository';
import { lockProject } from '../db/projects.repository';
import type { DestinationsTable } from '../db/schema';
import { type AvailableTargets, checkDeliveryTarget } from '../domain/delivery/delivery-target';
import { parseRecipientKey } from '../domain/delivery/recipient-key';
import { DomainError } from '../domain/errors';
import { projectPolicy } from '../policies/project.policy';
import type { ProjectStatus } from '../../common/vocab/statuses';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';
import { loadProjectFor } from './projects.commands';

/** What the server offers (config: DELIVERY_TARGETS names, EXPORT_DIR set or not). */
export interface DeliveryOptionsDeps {
  available: AvailableTargets;
}

export function toDestination(row: DestinationsTable): Destination {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    kind: row.kind as DestinationKind,
    contactEmail: row.contact_email,
    method: row.method as DeliveryMethod,
    target: row.target,
    recipientKey: row.recipient_key,
    recipientKeyFingerprint: row.recipient_key_fingerprint,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

/** The project's destinations (retired ones too when asked), what the server offers, and whether the caller may manage them. Throws `project.not_found`. */
export async function listProjectDestinations(ctx: CommandContext, projectId: string, deps: DeliveryOptionsDeps, includeRetired = false): Promise<DestinationList> {
  const { project, role } = await loadProjectFor(ctx, projectId, 'view');
  const manage = projectPolicy.manageDestinations({ actor: ctx.actor, role, status: project.status as ProjectStatus }).ok;
  return {
    destinations: (await listDestinations(ctx.db, projectId, includeRetired)).map(toDestination),
    options: { pushTargets: [...deps.available.pushTargets], folderExport: deps.available.folderExport },
    abilities: { manage },
  };
}

/**
 * Registers a destination. Throws `project.not_found`, `auth.forbidden`, `project.closed`,
 * `validation.invalid_input`, `destination.target_invalid`/`destination.target_unknown`/
 * `destination.export_not_configured`, `destination.recipient_key_invalid`, or
 * `destination.name_taken` (a current destination of the project already has the name).
 * Audited as `destination.registered` (with the key's fingerprint, not the key).
 */
export async function registerDestination(ctx: CommandContext, projectId: string, input: unknown, deps: DeliveryOptionsDeps): Promise<Destination> {
  await loadProjectFor(ctx, projectId, 'manageDestinations');
  const request = parseInput(registerDestinationRequestSchema, input);
  const target = checkDeliveryTarget(request.method, request.target, deps.available);
  const key = request.recipientKey ? parseRecipientKey(request.recipientKey) : null;
  const row = await inTransaction(ctx, async (trx) => {
    await lockProject(trx, projectId);
    await loadProjectFor({ ...ctx, db: trx }, projectId, 'manageDestinations');
    if (await findCurrentDestinationByName(trx, projectId, request.name)) {
      throw new DomainError('destination.name_taken', `The project already has a destination called "${request.name}"; retire it first or choose another name`);
    }
    return insertDestination(
      trx,
      {
        project_id: projectId,
        name: request.name,
        kind: request.kind,
        contact_email: request.contactEmail,
        method: request.method,
        target,
        recipient_key: key?.key ?? null,
        recipient_key_fingerprint: key?.fingerprint ?? null,
        created_by: ctx.actor.userId,
        created_at: nowIso(ctx),
      },
      (id) =>
        auditBy(
          ctx,
          'destination.registered',
          { type: 'destination', id, projectId },
          { name: request.name, kind: request.kind, method: request.method, target, recipientKeyFingerprint: key?.fingerprint ?? null },
        ),
    );
  });
  return toDestination(row);
}

/**
 * Retires a destination: it can no longer be chosen; packages that chose it keep it (and cannot be
 * released to it: the release refuses a retired destination). Throws `project.not_found`,
 * `auth.forbidden`, `project.closed`, `destination.not_found`, `destination.retired`.
 */
export async function retireProjectDestination(ctx: CommandContext, projectId: string, destinationId: string): Promise<Destination> {
  await loadProjectFor(ctx, projectId, 'manageDestinations');
  return inTransaction(ctx, async (trx) => {
    await lockProject(trx, projectId);
    const destination = await findDestination(trx, destinationId);
    if (!destination || destination.project_id !== projectId) throw new DomainError('destination.not_found', 'No such destination in this project');
    const audit = auditBy(ctx, 'destination.retired', { type: 'destination', id: destinationId, projectId }, { name: destination.name });
    if (!(await retireDestination(trx, destinationId, nowIso(ctx), ctx.actor.userId, audit))) throw new DomainError('destination.retired', `The destination "${destination.name}" is already retired`);
    return toDestination((await findDestination(trx, destinationId)) as DestinationsTable);
  });
}
