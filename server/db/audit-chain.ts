/**
 * The audit log's hash chain. Each event's hash is sha256 over the previous event's hash and
 * a canonical serialisation (keys sorted, no whitespace) of the event's own fields, so that
 * altering, inserting or deleting any stored event breaks the chain from that point on.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json';

export { canonicalJson };

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of an event. */
export interface ChainedFields {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  projectId: string | null;
  summary: unknown;
}

export function chainHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
