/**
 * Picks the blob store backend from STORAGE_URL (server/config/config.ts: StorageConfig):
 *   file:PATH                                   local folder (relative paths from the working directory)
 *   s3://BUCKET/PREFIX?endpoint=URL&region=R    S3 or an S3-compatible server (S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY)
 *   azure://CONTAINER/PREFIX?endpoint=URL       Azure Blob Storage (AZURE_STORAGE_CONNECTION_STRING)
 * The S3 and Azure SDKs are imported only when such a store is first used, so the default
 * start-up does not load them. Entry points call this once and pass the BlobStore on.
 *
 * Example: `const blobs = openBlobStore(config.storage); await blobs.ready();`
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, type StorageConfig } from '../config/config';
import type { BlobStore } from '../ports/blob-store';
import type { AzureBlobStoreOptions } from './azure.blob-store';
import { createFsBlobStore } from './fs.blob-store';
import type { S3BlobStoreOptions } from './s3.blob-store';

const ALLOWED_FORMS = 'file:PATH, s3://BUCKET/PREFIX?endpoint=URL&region=REGION or azure://CONTAINER/PREFIX?endpoint=URL';

/** The folder a `file:` URL names: `file:/abs`, `file:relative` or `file:///abs`. */
export function fsRootFromUrl(url: string): string {
  const rest = url.slice('file:'.length);
  const path = rest.startsWith('//') ? fileURLToPath(url) : rest;
  if (path === '') throw new ConfigError(`STORAGE_URL "${url}" names no folder; expected file:PATH`);
  return isAbsolute(path) ? path : resolve(path);
}

function parseObjectStoreUrl(url: string): { container: string; prefix: string; params: URLSearchParams } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`STORAGE_URL "${url}" is not a URL; expected one of: ${ALLOWED_FORMS}`);
  }
  const container = decodeURIComponent(parsed.hostname);
  if (!container) throw new ConfigError(`STORAGE_URL "${url}" names no bucket or container; expected one of: ${ALLOWED_FORMS}`);
  const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  return { container, prefix, params: parsed.searchParams };
}

/**
 * A store that imports its backend module on first use. Every call waits for the import, so
 * construction stays synchronous and cheap.
 */
function lazyStore(description: string, load: () => Promise<BlobStore>): BlobStore {
  let loading: Promise<BlobStore> | undefined;
  const store = () => (loading ??= load());
  return {
    description,
    put: async (content, options) => (await store()).put(content, options),
    open: async (sha256) => (await store()).open(sha256),
    openRange: async (sha256, range) => (await store()).openRange(sha256, range),
    stat: async (sha256) => (await store()).stat(sha256),
    ready: async () => (await store()).ready(),
    close: async () => {
      if (loading) await (await loading).close?.();
    },
  };
}

/** Creates (does not check) the store STORAGE_URL names. Throws ConfigError for an unknown or malformed URL. */
export function openBlobStore(config: StorageConfig): BlobStore {
  const { url } = config;
  if (url.startsWith('file:')) {
    return createFsBlobStore({ root: fsRootFromUrl(url), quotaBytes: config.quotaBytes });
  }
  if (url.startsWith('s3://')) {
    const { container, prefix, params } = parseObjectStoreUrl(url);
    const options: S3BlobStoreOptions = {
      bucket: container,
      prefix,
      ...(params.get('endpoint') ? { endpoint: params.get('endpoint') as string } : {}),
      ...(params.get('region') ? { region: params.get('region') as string } : {}),
      ...(config.s3AccessKeyId && config.s3SecretAccessKey ? { credentials: { accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey } } : {}),
    };
    const description = `s3://${container}/${prefix}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    return lazyStore(description, async () => (await import('./s3.blob-store')).createS3BlobStore(options));
  }
  if (url.startsWith('azure://')) {
    const { container, prefix, params } = parseObjectStoreUrl(url);
    if (!config.azureConnectionString) {
      throw new ConfigError('STORAGE_URL names an azure:// store but AZURE_STORAGE_CONNECTION_STRING is not set');
    }
    const options: AzureBlobStoreOptions = {
      container,
      prefix,
      connectionString: config.azureConnectionString,
      ...(params.get('endpoint') ? { endpoint: params.get('endpoint') as string } : {}),
    };
    const description = `azure://${container}/${prefix}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    return lazyStore(description, async () => (await import('./azure.blob-store')).createAzureBlobStore(options));
  }
  throw new ConfigError(`STORAGE_URL "${url}" has an unknown scheme; expected one of: ${ALLOWED_FORMS}`);
}
