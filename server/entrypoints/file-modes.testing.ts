/**
 * Run in a child process under `process.umask(0)` by file-modes.test.ts (a worker thread cannot
 * change the umask): starts the demo server on a fresh DATA_DIR (database, keys, blob folder,
 * log file), stores a blob by stream and adopts a world-readable staged file, and returns the
 * mode of everything created, by path relative to DATA_DIR.
 */
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../config/config';
import { createFsBlobStore } from '../storage/fs.blob-store';
import { startServer } from './web';

export async function createEverything(dataDir: string): Promise<Record<string, string>> {
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_FILE: join(dataDir, 'logs', 'egress.log') });
  const server = await startServer(config, { demo: true, quiet: true });
  await fetch(`${server.url}/api/v1/health`).catch(() => undefined);
  await server.close();
  const blobs = createFsBlobStore({ root: join(dataDir, 'blobs') });
  await blobs.ready();
  await blobs.put(Readable.from([Buffer.from('a blob put by stream')]));
  const staged = join(dataDir, 'staged-upload');
  const content = 'a staged upload adopted by hard link';
  writeFileSync(staged, content, { mode: 0o666 });
  chmodSync(staged, 0o666);
  await blobs.putLocalFile(staged, { sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length });
  const modes: Record<string, string> = {};
  const walk = (path: string) => {
    const info = statSync(path);
    modes[relative(dataDir, path) || '.'] = (info.mode & 0o777).toString(8).padStart(3, '0');
    if (info.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dataDir);
  return modes;
}
