/**
 * Where a registered destination's deliveries go, checked when it is registered: a push names a
 * configured target (DELIVERY_TARGETS), a folder export a relative sub-folder of EXPORT_DIR, and
 * a link needs no target. Pure, so commands refuse a bad target before anything is stored; the
 * delivery adapters (server/delivery) check the resolved path again before writing.
 *
 * Example: `checkDeliveryTarget('folder_export', 'provider/inbox', known)` → `'provider/inbox'`;
 * `checkDeliveryTarget('folder_export', '../etc', known)` throws `destination.target_invalid`.
 */
import type { DeliveryMethod } from '../../../common/vocab/destinations';
import { DomainError } from '../errors';

/** One path segment of an export sub-folder: letters, digits, dot, dash, underscore; not `.` or `..`. */
const SEGMENT = /^[A-Za-z0-9._-]{1,100}$/;
const MAX_DEPTH = 8;

/** What the server offers: the configured push targets' names and whether EXPORT_DIR is set. */
export interface AvailableTargets {
  pushTargets: readonly string[];
  folderExport: boolean;
}

/**
 * Checks (and normalises) a destination's target for its method.
 * @throws DomainError `destination.target_invalid`, `destination.target_unknown` or `destination.export_not_configured`.
 */
export function checkDeliveryTarget(method: DeliveryMethod, target: string | null | undefined, available: AvailableTargets): string | null {
  const given = target?.trim() ?? '';
  if (method === 'link') {
    if (given !== '') throw new DomainError('destination.target_invalid', 'A download-link destination has no target: leave it empty');
    return null;
  }
  if (given === '') throw new DomainError('destination.target_invalid', method === 'container_push' ? 'Name the storage target to push to' : 'Name the sub-folder of the export folder');
  if (method === 'container_push') {
    if (!available.pushTargets.includes(given)) {
      throw new DomainError(
        'destination.target_unknown',
        `No storage target called "${given}" is configured on the server (${available.pushTargets.length > 0 ? `known: ${available.pushTargets.join(', ')}` : 'none is: see DELIVERY_TARGETS'})`,
        { known: [...available.pushTargets] },
      );
    }
    return given;
  }
  if (!available.folderExport) throw new DomainError('destination.export_not_configured', 'Folder export is not configured on this server (EXPORT_DIR is not set)');
  return exportSubfolder(given);
}

/**
 * A relative sub-folder of EXPORT_DIR, `/`-separated, without `.`/`..` segments, absolute paths or
 * backslashes, so it cannot leave the export folder.
 * @throws DomainError `destination.target_invalid`.
 */
export function exportSubfolder(text: string): string {
  const segments = text.split('/');
  const bad = text.startsWith('/') || text.includes('\\') || segments.length > MAX_DEPTH || segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..');
  if (bad) {
    throw new DomainError(
      'destination.target_invalid',
      `The export sub-folder must be a relative path of at most ${MAX_DEPTH} parts made of letters, digits, dots, dashes and underscores (no "..", no leading "/")`,
    );
  }
  return segments.join('/');
}
