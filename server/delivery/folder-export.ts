/**
 * Folder export (docs/delivery.md): each file of a release is written to
 * `EXPORT_DIR/<sub-folder>/<release id>/<name>` through a temporary name in the same folder,
 * fsynced, renamed into place (the folder fsynced too), then re-read and hashed. Idempotent: a
 * file already there with the right size and hash is kept. The resolved folder must stay inside
 * EXPORT_DIR, symbolic links included.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exportSubfolder } from '../domain/delivery/delivery-target';
import { DomainError } from '../domain/errors';
import { createHashingCounter } from '../storage/hashing';
import { type DeliveredObject, type DeliveryItem, assertSafeName, sha256OfStream, verificationFailed } from './delivery-item';

const inside = (root: string, path: string) => path.startsWith(root + sep);

/**
 * The release's export folder, created if needed; refuses a sub-folder that leaves EXPORT_DIR.
 * @throws DomainError `destination.target_invalid`.
 */
export async function exportFolderFor(exportDir: string, subfolder: string, releaseId: string): Promise<string> {
  assertSafeName(releaseId, 'release id');
  const root = resolve(exportDir);
  const folder = resolve(root, exportSubfolder(subfolder), releaseId);
  if (!inside(root, folder)) throw new DomainError('destination.target_invalid', 'The export sub-folder leaves the export folder');
  const realRoot = await realpath(root);
  const leadsOut = async () => {
    // The deepest part that exists, resolved: checked before anything is created under it, and again after.
    for (let path = folder; path !== root; path = dirname(path)) {
      const real = await realpath(path).catch(() => undefined);
      if (real !== undefined) return !inside(realRoot, real);
    }
    return false;
  };
  const refusal = () => new DomainError('destination.target_invalid', `The export sub-folder "${subfolder}" leads out of the export folder (a symbolic link?)`);
  if (await leadsOut()) throw refusal();
  await mkdir(folder, { recursive: true, mode: 0o750 });
  if (await leadsOut()) throw refusal();
  return folder;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function holds(path: string, item: DeliveryItem): Promise<boolean> {
  const facts = await stat(path).catch(() => undefined);
  if (!facts?.isFile() || facts.size !== item.bytes) return false;
  return (await sha256OfStream(createReadStream(path))).sha256 === item.sha256;
}

/**
 * Writes the release's files into its export folder and verifies each by re-hashing it.
 * @throws DomainError `destination.target_invalid`, `delivery.verification_failed`, `file.hash_mismatch`/`file.size_mismatch`.
 */
export async function exportRelease(exportDir: string, subfolder: string, releaseId: string, items: readonly DeliveryItem[]): Promise<{ folder: string; objects: DeliveredObject[] }> {
  const folder = await exportFolderFor(exportDir, subfolder, releaseId);
  const objects: DeliveredObject[] = [];
  for (const item of items) {
    assertSafeName(item.name, 'file name');
    const path = join(folder, item.name);
    const expected = { sha256: item.sha256, bytes: item.bytes };
    if (await holds(path, item)) {
      objects.push({ name: item.name, key: path, ...expected, alreadyPresent: true });
      continue;
    }
    const temporary = join(folder, `.${item.name}.${randomUUID()}.partial`);
    try {
      await pipeline(item.open(), createHashingCounter({ expectedSha256: item.sha256, expectedBytes: item.bytes }), createWriteStream(temporary, { mode: 0o640 }));
      await fsyncPath(temporary);
      await rename(temporary, path);
      await fsyncPath(folder);
    } finally {
      await rm(temporary, { force: true });
    }
    const found = await sha256OfStream(createReadStream(path));
    if (found.sha256 !== item.sha256 || found.bytes !== item.bytes) throw verificationFailed(path, expected, found);
    objects.push({ name: item.name, key: path, ...expected, alreadyPresent: false });
  }
  return { folder, objects };
}
