/**
 * Real object-store servers for tests, with no network access needed: s3rver (S3, runs
 * in-process) and Azurite (Azure Blob, a child process). Each binds 127.0.0.1 on a free port,
 * keeps its data in a fresh temp folder and is gone after stop() (call it in afterAll).
 *
 * Example:
 *   const s3 = await startS3rver();
 *   const blobs = openBlobStore({ ...s3.storage, url: s3.urlFor('run-1') });
 *   afterAll(() => s3.stop());
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StorageConfig } from '../config/config';

const require = createRequire(import.meta.url);

export interface RunningObjectStore {
  /** Settings for openBlobStore (the url names `bucketOrContainer` with no prefix). */
  storage: StorageConfig;
  /** The server's base URL, e.g. http://127.0.0.1:40123. */
  endpoint: string;
  /** The bucket (S3) or container (Azure) the url names. */
  bucketOrContainer: string;
  /** A STORAGE_URL for a store under `prefix` of the bucket/container, so tests can share one server. */
  urlFor(prefix: string): string;
  stop(): Promise<void>;
}

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** Starts s3rver in this process. The bucket is created by the store's ready(). */
export async function startS3rver(bucket = 'egress-test'): Promise<RunningObjectStore> {
  const directory = mkdtempSync(join(tmpdir(), 'egress-s3rver-'));
  const S3rver = require('s3rver') as S3rverConstructor;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const urlFor = (prefix: string) => `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1`;
  return {
    storage: {
      url: urlFor(''),
      s3AccessKeyId: S3RVER_CREDENTIALS.accessKeyId,
      s3SecretAccessKey: S3RVER_CREDENTIALS.secretAccessKey,
      quotaBytes: 0,
      // As loadConfig does for STORAGE_URL's endpoint: the configured storage may be contacted.
      allowedEndpoints: [endpoint],
    },
    endpoint,
    bucketOrContainer: bucket,
    urlFor,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/** Starts Azurite's blob service as a child process; waits until its port answers (up to 30 s). */
export async function startAzurite(container = 'egress-test'): Promise<RunningObjectStore> {
  const location = mkdtempSync(join(tmpdir(), 'egress-azurite-'));
  const main = join(dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  const port = await freePort();
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location];
  const child = spawn(process.execPath, [...args, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const cleanUp = async () => {
    await stopChild(child);
    rmSync(location, { recursive: true, force: true });
  };
  for (let attempt = 0; !(await answers(port)); attempt++) {
    if (child.exitCode !== null || attempt >= 600) {
      await cleanUp();
      throw new Error(`Azurite did not start on port ${port}: ${stderr || `exit code ${child.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT.name};AccountKey=${AZURITE_ACCOUNT.key};` + `BlobEndpoint=${endpoint}/${AZURITE_ACCOUNT.name};`;
  const urlFor = (prefix: string) => `azure://${container}/${prefix}`;
  return {
    storage: { url: urlFor(''), azureConnectionString: connectionString, quotaBytes: 0, allowedEndpoints: [endpoint] },
    endpoint,
    bucketOrContainer: container,
    urlFor,
    stop: cleanUp,
  };
}
