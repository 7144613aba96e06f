/**
 * Opens a project's output area by what its setting names: a folder (`/mnt/output`, read by
 * server/storage/output-area.ts) or a storage-container prefix (`s3://…`, `azure://…`, read by
 * server/storage/object-output-area.ts, whose SDKs are imported only when such an area is used).
 * Credentials for prefixes come from the server's storage settings (StorageConfig).
 *
 * `outputAreas(storage)` is the OutputAreas port (server/ports/output-areas.ts) over these two,
 * wired by server/entrypoints.
 *
 * Example: `const area = await openOutputArea(project.output_area, config.storage);
 * try { await area.list('results') } finally { await area.close?.() }`.
 */
import type { StorageConfig } from '../config/config';
import type { OutputAreaSource, OutputAreas } from '../ports/output-areas';
import { OutputArea, checkOutputAreaFolder } from './output-area';

const CONTAINER_PREFIX = /^(s3|azure):\/\//i;

/** Opens the area; a folder must exist (`output_area.not_found` / `output_area.unreadable`), a prefix is contacted on first use. */
export async function openOutputArea(configured: string, storage: StorageConfig | undefined): Promise<OutputAreaSource> {
  if (!CONTAINER_PREFIX.test(configured)) return OutputArea.open(configured);
  return (await import('./object-output-area')).openObjectOutputArea(configured, storage);
}

/**
 * Checks that a setting names an area the server can read: an existing, readable folder, or a
 * bucket/container it can list. Throws `output_area.not_found` or `output_area.unreadable`.
 */
export async function checkOutputArea(configured: string, storage: StorageConfig | undefined): Promise<void> {
  if (!CONTAINER_PREFIX.test(configured)) return checkOutputAreaFolder(configured);
  const area = (await import('./object-output-area')).openObjectOutputArea(configured, storage);
  try {
    await area.check();
  } finally {
    await area.close?.();
  }
}

/** The OutputAreas port, reading prefixes with these storage credentials (none: the SDKs' defaults). */
export function outputAreas(storage: StorageConfig | undefined): OutputAreas {
  return { open: (configured) => openOutputArea(configured, storage), check: (configured) => checkOutputArea(configured, storage) };
}
