/**
 * A stable key for one finding of a file version's check result, so that answers to it
 * (exception requests, overrides, refusals, acknowledgements) survive a re-check that finds the
 * same thing in the same place. Made from the rule, the entry path inside the file (for archive
 * members) and the location, never from any value.
 *
 * Example: `findingKey('pii.email', '', {line: 3, column: 9})` → `"pii.email@3:9|..."` hashed to 16 hex digits.
 */
import { createHash } from 'node:crypto';
import type { FindingLocation } from '../../../common/contracts/scan.contract';

export function findingKey(rule: string, entryPath: string, location: FindingLocation | undefined): string {
  const place = location ? Object.entries(location).sort(([a], [b]) => a.localeCompare(b)) : [];
  return createHash('sha256')
    .update(JSON.stringify([rule, entryPath, place]))
    .digest('hex')
    .slice(0, 16);
}
