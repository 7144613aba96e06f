/**
 * The output area as a storage-container prefix: `s3://BUCKET/PREFIX?endpoint=URL&region=R`
 * (S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, else the SDK's default chain) or
 * `azure://CONTAINER/PREFIX?endpoint=URL` (AZURE_STORAGE_CONNECTION_STRING), read with the same
 * credentials as the blob stores (server/config/config.ts: StorageConfig).
 *
 * - Folders are the `/`-delimited common prefixes under PREFIX (ListObjectsV2 with Delimiter '/',
 *   Azure listBlobsByHierarchy('/')); an object named exactly like a folder marker (`a/`) is not listed.
 * - A name that cannot be a path in a package (`.`, `..`, empty, control characters) is listed
 *   as unavailable and never read; requested paths with `..` are refused before any request
 *   (server/domain/packages/output-area-path.ts), so nothing outside PREFIX is ever named.
 * - Modification time is the object's LastModified, in whole seconds (listings and HEAD agree then).
 * - A file is opened by its ETag: the bytes are read with If-Match (and the answer's ETag is
 *   compared too, for servers that ignore If-Match), and `assertUnchanged` fails with
 *   `output_area.changed_during_copy` when the ETag changed between opening and the end of the copy.
 *
 * Example: `const area = await openObjectOutputArea('s3://outputs/project-7?region=eu-west-2', config.storage);
 * (await area.list('results')).entries` → the folders and files directly under project-7/results/.
 */
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { ContainerClient } from '@azure/storage-blob';
import { PassThrough, type Readable, pipeline } from 'node:stream';
import type { StorageConfig } from '../config/config';
import { DomainError } from '../domain/errors';
import { compareEntries } from '../domain/packages/output-area-order';
import { type ContainerArea, childPath, parseContainerArea, parseRequestedPath } from '../domain/packages/output-area-path';
import type { DescribedEntry, FolderEntry, InventoryItem, OpenedFile, OutputAreaSource, WalkItem } from '../ports/output-areas';
import { endpointOrigin, isEndpointAllowed } from '../config/outbound-endpoints';
import { serviceClientFor } from './azure.blob-store';

/** One object as the store reports it. */
interface ObjectInfo {
  bytes: number;
  mtimeMs: number;
  etag: string;
}

/** What the area needs from an object store, with names relative to nothing (full keys). */
interface ObjectBackend {
  /** Names (relative to `prefix`, which is '' or ends in '/') of the sub-prefixes and objects one level down. */
  listLevel(prefix: string): Promise<{ folders: string[]; files: Array<ObjectInfo & { name: string }> }>;
  /** The object's current version, or null when there is none. */
  head(key: string): Promise<ObjectInfo | null>;
  /** The bytes of exactly this version; throws `output_area.changed_during_copy` when it is no longer current. */
  get(key: string, etag: string): Promise<Readable>;
  /** Throws `output_area.not_found` / `output_area.unreadable` unless the bucket or container can be listed. */
  check(prefix: string): Promise<void>;
  close(): Promise<void>;
}

const MAX_DEPTH = 64;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const wholeSeconds = (date: Date | undefined): number => (date ? Math.floor(date.getTime() / 1000) * 1000 : 0);

const changed = (key: string) => new DomainError('output_area.changed_during_copy', `"${key}" was replaced while it was being copied; add it again once it is finished`);

function reasonOf(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string } | null;
  return (e?.message || e?.code || e?.name || 'unknown error').slice(0, 300);
}

// ---- S3 ----

function s3StatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function s3Backend(area: ContainerArea, storage: StorageConfig | undefined): ObjectBackend {
  const bucket = area.container;
  const client = new S3Client({
    region: area.region ?? 'us-east-1',
    ...(area.endpoint ? { endpoint: area.endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    ...(storage?.s3AccessKeyId && storage.s3SecretAccessKey ? { credentials: { accessKeyId: storage.s3AccessKeyId, secretAccessKey: storage.s3SecretAccessKey } } : {}),
  });
  const refusal = (error: unknown, what: string): DomainError => {
    if (error instanceof DomainError) return error;
    const name = (error as { name?: string } | null)?.name;
    if (name === 'NoSuchBucket') return new DomainError('output_area.not_found', `There is no S3 bucket "${bucket}"`);
    return new DomainError('output_area.unreadable', `${what} cannot be read from the S3 bucket "${bucket}": ${reasonOf(error)}`);
  };
  return {
    async listLevel(prefix) {
      const folders: string[] = [];
      const files: Array<ObjectInfo & { name: string }> = [];
      let token: string | undefined;
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }));
        } catch (error) {
          throw refusal(error, `"${prefix}"`);
        }
        for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix.slice(prefix.length, -1));
        for (const o of page.Contents ?? []) {
          if (o.Key === undefined) continue;
          files.push({ name: o.Key.slice(prefix.length), bytes: o.Size ?? 0, mtimeMs: wholeSeconds(o.LastModified), etag: o.ETag ?? '' });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return { folders, files };
    },
    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { bytes: head.ContentLength ?? 0, mtimeMs: wholeSeconds(head.LastModified), etag: head.ETag ?? '' };
      } catch (error) {
        if (s3StatusOf(error) === 404) return null;
        throw refusal(error, `"${key}"`);
      }
    },
    async get(key, etag) {
      let object;
      try {
        object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag }));
      } catch (error) {
        if (s3StatusOf(error) === 412 || s3StatusOf(error) === 404) throw changed(key);
        throw refusal(error, `"${key}"`);
      }
      const body = object.Body as Readable;
      if (object.ETag !== etag) {
        body.destroy();
        throw changed(key);
      }
      return body;
    },
    async check() {
      try {
        // Needs the same s3:ListBucket permission as listing the prefix.
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        if (s3StatusOf(error) === 404) throw new DomainError('output_area.not_found', `There is no S3 bucket "${bucket}"`);
        throw refusal(error, 'The output area');
      }
    },
    close: async () => client.destroy(),
  };
}

// ---- Outbound allow-list ----

/**
 * Refuses, before any request, an area whose `?endpoint=` is not on the outbound allow-list
 * (OUTBOUND_ENDPOINTS plus the configured storage's endpoints; server/config/outbound-endpoints.ts):
 * a setting must not make the server send signed requests to an address of the setter's choosing.
 */
function assertEndpointAllowed(area: ContainerArea, storage: StorageConfig | undefined): void {
  if (area.endpoint === undefined || isEndpointAllowed(area.endpoint, storage?.allowedEndpoints)) return;
  throw new DomainError(
    'outbound.endpoint_not_allowed',
    `The endpoint ${endpointOrigin(area.endpoint) ?? 'given'} is not one this server may contact: an output area may name only the configured storage's endpoints or those listed in OUTBOUND_ENDPOINTS`,
    { endpoint: endpointOrigin(area.endpoint) },
  );
}

// ---- Azure ----

function azureStatusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

function azureBackend(area: ContainerArea, storage: StorageConfig | undefined): ObjectBackend {
  const name = area.container;
  if (!storage?.azureConnectionString) {
    throw new DomainError('output_area.unreadable', `The server has no Azure credentials (AZURE_STORAGE_CONNECTION_STRING) to read the container "${name}"`);
  }
  let container: ContainerClient;
  try {
    container = serviceClientFor({ connectionString: storage.azureConnectionString, ...(area.endpoint ? { endpoint: area.endpoint } : {}) }).getContainerClient(name);
  } catch (error) {
    // e.g. an endpoint override with a connection string that has no account key: a refusal, not a server error
    throw new DomainError('output_area.unreadable', `The Azure container "${name}" cannot be read with the server's Azure credentials: ${reasonOf(error)}`);
  }
  const refusal = (error: unknown, what: string): DomainError => {
    if (error instanceof DomainError) return error;
    if ((error as { code?: string } | null)?.code === 'ContainerNotFound') return new DomainError('output_area.not_found', `There is no Azure container "${name}"`);
    return new DomainError('output_area.unreadable', `${what} cannot be read from the Azure container "${name}": ${reasonOf(error)}`);
  };
  return {
    async listLevel(prefix) {
      const folders: string[] = [];
      const files: Array<ObjectInfo & { name: string }> = [];
      try {
        for await (const page of container.listBlobsByHierarchy('/', { prefix }).byPage({ maxPageSize: 5000 })) {
          for (const p of page.segment.blobPrefixes ?? []) folders.push(p.name.slice(prefix.length, -1));
          for (const b of page.segment.blobItems) {
            files.push({ name: b.name.slice(prefix.length), bytes: b.properties.contentLength ?? 0, mtimeMs: wholeSeconds(b.properties.lastModified), etag: b.properties.etag ?? '' });
          }
        }
      } catch (error) {
        throw refusal(error, `"${prefix}"`);
      }
      return { folders, files };
    },
    async head(key) {
      try {
        const properties = await container.getBlobClient(key).getProperties();
        return { bytes: properties.contentLength ?? 0, mtimeMs: wholeSeconds(properties.lastModified), etag: properties.etag ?? '' };
      } catch (error) {
        if (azureStatusOf(error) === 404 && (error as { code?: string }).code !== 'ContainerNotFound') return null;
        throw refusal(error, `"${key}"`);
      }
    },
    async get(key, etag) {
      try {
        const download = await container.getBlobClient(key).download(0, undefined, { conditions: { ifMatch: etag } });
        const body = download.readableStreamBody as Readable;
        if (download.etag !== etag) {
          body.destroy();
          throw changed(key);
        }
        return body;
      } catch (error) {
        if (azureStatusOf(error) === 412 || azureStatusOf(error) === 404) throw changed(key);
        throw refusal(error, `"${key}"`);
      }
    },
    async check(prefix) {
      try {
        await container.listBlobsFlat({ prefix }).byPage({ maxPageSize: 1 }).next();
      } catch (error) {
        throw refusal(error, 'The output area');
      }
    },
    close: async () => undefined,
  };
}

// ---- the area ----

/** Whether an object name can be a path segment in the area and in a package. */
function isUsableName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !CONTROL.test(name);
}

type ListedFile = DescribedEntry & { kind: 'file'; etag: string };

class ObjectOutputArea implements OutputAreaSource {
  constructor(
    private readonly backend: ObjectBackend,
    /** PREFIX + '/' ('' for the whole bucket or container). */
    private readonly base: string,
  ) {}

  private keyOf(relative: string): string {
    return `${this.base}${relative}`;
  }

  private folderPrefix(relative: string): string {
    return relative === '' ? this.base : `${this.base}${relative}/`;
  }

  async list(raw: string): Promise<{ relative: string; entries: FolderEntry[] }> {
    const relative = parseRequestedPath(raw);
    const { folders, files } = await this.backend.listLevel(this.folderPrefix(relative));
    if (relative !== '' && folders.length === 0 && files.length === 0) {
      const isFile = (await this.backend.head(this.keyOf(relative))) !== null;
      throw new DomainError('output_area.not_found', isFile ? `"${relative}" is not a folder in the output area` : `"${relative}" is not in the output area`);
    }
    const entries: FolderEntry[] = [];
    for (const name of folders) {
      const path = childPath(relative, name);
      entries.push(isUsableName(name) ? { name, path, kind: 'folder', reason: null, link: false } : { name, path, kind: 'unavailable', reason: 'unreadable', link: false });
    }
    for (const file of files) {
      if (file.name === '') continue; // the folder's own marker object (`a/`)
      const base = { name: file.name, path: childPath(relative, file.name), link: false };
      if (!isUsableName(file.name)) entries.push({ ...base, kind: 'unavailable', reason: 'unreadable' });
      else {
        const listed: ListedFile = { ...base, kind: 'file', reason: null, bytes: file.bytes, mtimeMs: file.mtimeMs, etag: file.etag };
        entries.push(listed);
      }
    }
    return { relative, entries: entries.sort(compareEntries) };
  }

  /** Files keep the size and time of their listing; anything else is asked for again. */
  async describe(entries: readonly FolderEntry[]): Promise<DescribedEntry[]> {
    return Promise.all(
      entries.map(async (entry): Promise<DescribedEntry> => {
        if (entry.kind !== 'file') return { ...entry, bytes: null, mtimeMs: null };
        const listed = entry as Partial<ListedFile>;
        if (typeof listed.bytes === 'number' && typeof listed.mtimeMs === 'number') return { ...entry, bytes: listed.bytes, mtimeMs: listed.mtimeMs };
        const info = await this.backend.head(this.keyOf(entry.path)).catch(() => null);
        return info ? { ...entry, bytes: info.bytes, mtimeMs: info.mtimeMs } : { ...entry, kind: 'unavailable', reason: 'unreadable', bytes: null, mtimeMs: null };
      }),
    );
  }

  /** The path itself when an object has that name; otherwise every object under it, depth first in listing order. */
  async *walk(raw: string, max: number): AsyncGenerator<WalkItem> {
    const relative = parseRequestedPath(raw);
    if (relative !== '' && (await this.backend.head(this.keyOf(relative))) !== null) {
      yield { path: relative, kind: 'file' };
      return;
    }
    let files = 0;
    const visit = async function* (this: ObjectOutputArea, folder: string, depth: number): AsyncGenerator<WalkItem> {
      if (depth > MAX_DEPTH) {
        yield { path: folder, kind: 'skipped', code: 'output_area.unreadable', message: `"${folder}" is nested more than ${MAX_DEPTH} folders deep` };
        return;
      }
      const { entries } = await this.list(folder);
      for (const entry of entries) {
        if (files > max) return;
        if (entry.kind === 'unavailable') {
          yield { path: entry.path, kind: 'skipped', code: 'output_area.unreadable', message: `"${entry.path}" has a name that cannot be a path in a package` };
        } else if (entry.kind === 'file') {
          files += 1;
          yield { path: entry.path, kind: 'file' };
        } else {
          yield* visit.call(this, entry.path, depth + 1);
        }
      }
    };
    yield* visit.call(this, relative, 1);
  }

  /** Every object under the prefix with the size, time and etag of its listing (no request per object). */
  async *inventory(): AsyncGenerator<InventoryItem> {
    const visit = async function* (this: ObjectOutputArea, folder: string, depth: number): AsyncGenerator<InventoryItem> {
      if (depth > MAX_DEPTH) {
        yield { path: folder, kind: 'skipped', code: 'output_area.unreadable', message: `"${folder}" is nested more than ${MAX_DEPTH} folders deep` };
        return;
      }
      const { entries } = await this.list(folder);
      for (const entry of entries) {
        if (entry.kind === 'unavailable') {
          yield { path: entry.path, kind: 'skipped', code: 'output_area.unreadable', message: `"${entry.path}" has a name that cannot be a path in a package` };
        } else if (entry.kind === 'file') {
          const listed = entry as ListedFile;
          yield { path: entry.path, kind: 'file', bytes: listed.bytes ?? 0, mtimeMs: listed.mtimeMs ?? 0, etag: listed.etag };
        } else {
          yield* visit.call(this, entry.path, depth + 1);
        }
      }
    };
    yield* visit.call(this, '', 1);
  }

  async openFile(raw: string): Promise<OpenedFile> {
    const relative = parseRequestedPath(raw);
    if (relative === '') throw new DomainError('output_area.unreadable', 'The output area itself is a folder');
    const key = this.keyOf(relative);
    const opened = await this.backend.head(key);
    if (!opened) throw new DomainError('output_area.not_found', `"${relative}" is not a file in the output area`);
    const backend = this.backend;
    const streams: PassThrough[] = [];
    return {
      bytes: opened.bytes,
      mtimeMs: opened.mtimeMs,
      stream: () => {
        const out = new PassThrough();
        streams.push(out);
        backend.get(key, opened.etag).then(
          (body) => pipeline(body, out, () => undefined),
          (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
        );
        return out;
      },
      assertUnchanged: async () => {
        const now = await backend.head(key);
        if (now === null) throw new DomainError('output_area.changed_during_copy', `"${relative}" was deleted while it was being copied`);
        if (now.etag === opened.etag) return;
        if (now.bytes !== opened.bytes) {
          throw new DomainError('file.size_mismatch', `"${relative}" changed size while it was being copied (${opened.bytes} → ${now.bytes} bytes); add it again once it is finished`);
        }
        throw new DomainError('output_area.changed_during_copy', `"${relative}" was written to while it was being copied; add it again once it is finished`);
      },
      close: async () => {
        for (const s of streams) s.destroy();
      },
    };
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  check(): Promise<void> {
    return this.backend.check(this.base);
  }
}

/** Opens (does not contact) the prefix an `s3://` or `azure://` setting names. */
export function openObjectOutputArea(configured: string, storage: StorageConfig | undefined): OutputAreaSource & { check(): Promise<void> } {
  const area = parseContainerArea(configured);
  assertEndpointAllowed(area, storage);
  const backend = area.scheme === 's3' ? s3Backend(area, storage) : azureBackend(area, storage);
  return new ObjectOutputArea(backend, area.prefix === '' ? '' : `${area.prefix}/`);
}
