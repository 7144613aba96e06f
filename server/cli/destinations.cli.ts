/**
 * Registered destinations, managed on the server by a system manager, offline, as the CLI's
 * system actor (audited like the same change in the web UI):
 *
 *   egress destinations list PROJECT_ID [--all] [--json]
 *   egress destinations add PROJECT_ID --name NAME --kind KIND --contact EMAIL --method link|container_push|folder_export
 *                                      [--target NAME|SUBFOLDER] [--recipient-key age1…|--recipient-key-file FILE] [--json]
 *   egress destinations retire PROJECT_ID DESTINATION_ID
 *
 * The push targets and the export folder are the server's own settings (DELIVERY_TARGETS,
 * EXPORT_DIR): `add` checks the target against them, as the API does.
 */
import type { Destination } from '../../common/contracts/destinations.contract';
import { DELIVERY_METHOD_LABELS, DESTINATION_LABELS } from '../../common/vocab/destinations';
import { deliveryOptionsOf } from '../config/delivery-settings';
import { listProjectDestinations, registerDestination, retireProjectDestination } from '../commands/destinations.commands';
import type { CliHost } from './cli-root';
import { EXIT, type Io, reportError } from './output';
import { asSystem } from './system-context';

export interface AddDestinationCliOptions {
  name: string;
  kind: string;
  contact: string;
  method: string;
  target?: string;
  recipientKey?: string;
  recipientKeyFile?: string;
  json: boolean;
}

const optionsOf = (host: CliHost) => ({ available: deliveryOptionsOf(host.config.delivery) });

function describe(d: Destination): string {
  const kind = DESTINATION_LABELS[d.kind];
  const how = `${DELIVERY_METHOD_LABELS[d.method]}${d.target ? ` (${d.target})` : ''}`;
  const key = d.recipientKeyFingerprint ? `recipient key ${d.recipientKeyFingerprint}` : 'no recipient key';
  return `${d.id}  ${d.name}${d.retiredAt ? ' [retired]' : ''}\n  ${kind}; ${how}; contact ${d.contactEmail}; ${key}`;
}

/** Lists a project's destinations; exit 0, or 2 when refused. */
export async function destinationsListCommand(io: Io, host: CliHost, projectId: string, options: { all: boolean; json: boolean }): Promise<number> {
  try {
    return await asSystem(host, 'cli: destinations list', async (ctx) => {
      const list = await listProjectDestinations(ctx, projectId, optionsOf(host), options.all);
      if (options.json) io.out(JSON.stringify(list, null, 2));
      else if (list.destinations.length === 0) io.out(`Project ${projectId} has no registered destination.`);
      else io.out(list.destinations.map(describe).join('\n'));
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, options.json);
  }
}

/** Registers a destination; exit 0 with its id and key fingerprint, 2 when refused (nothing stored). */
export async function destinationsAddCommand(io: Io, host: CliHost, projectId: string, options: AddDestinationCliOptions): Promise<number> {
  try {
    const recipientKey = options.recipientKeyFile ? await io.readFile(options.recipientKeyFile) : (options.recipientKey ?? null);
    return await asSystem(host, 'cli: destinations add', async (ctx) => {
      const input = { name: options.name, kind: options.kind, contactEmail: options.contact, method: options.method, target: options.target ?? null, recipientKey };
      const destination = await registerDestination(ctx, projectId, input, optionsOf(host));
      io.out(options.json ? JSON.stringify(destination, null, 2) : `Registered:\n${describe(destination)}`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, options.json);
  }
}

/** Retires a destination; exit 0, or 2 when refused. */
export async function destinationsRetireCommand(io: Io, host: CliHost, projectId: string, destinationId: string): Promise<number> {
  try {
    return await asSystem(host, 'cli: destinations retire', async (ctx) => {
      const destination = await retireProjectDestination(ctx, projectId, destinationId);
      io.out(`Retired: ${destination.name} (${destination.id})`);
      return EXIT.ok;
    });
  } catch (error) {
    return reportError(io, error, false);
  }
}
