/**
 * The outbound allow-list (docs/storage.md, "Outbound requests"): the http(s) origins that a
 * setting made in the product — a project's output area `s3://…?endpoint=URL` or
 * `azure://…?endpoint=URL` — may send requests to. Without it a system manager could make the
 * server send signed requests to any address. Allowed: the origins listed in OUTBOUND_ENDPOINTS,
 * plus the endpoints the operator already configured for storage (STORAGE_URL's `endpoint`, the
 * Azure connection string's blob endpoint, DELIVERY_TARGETS' endpoints). Nothing else: an area
 * without `?endpoint=` uses the configured credentials' own service (AWS S3, or the connection
 * string's account), which needs no listing.
 *
 * Example: `OUTBOUND_ENDPOINTS=https://minio.internal:9000` → an output area
 * `s3://outputs/p7?endpoint=https%3A%2F%2Fminio.internal%3A9000` is accepted,
 * `…?endpoint=http%3A%2F%2F169.254.169.254` is refused with `outbound.endpoint_not_allowed`.
 */
import type { DeliverySettings } from './delivery-settings';

/** The origin (`scheme://host[:port]`, lower-case, default port dropped) of an http(s) URL, or null. */
export function endpointOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url.origin;
}

/** Whether `endpoint` names an allowed origin. */
export function isEndpointAllowed(endpoint: string, allowed: readonly string[] | undefined): boolean {
  const origin = endpointOrigin(endpoint);
  return origin !== null && (allowed ?? []).includes(origin);
}

/** OUTBOUND_ENDPOINTS as origins, with every entry that is not an http(s) URL reported. */
export function parseOutboundEndpoints(raw: string | undefined): { origins: string[]; problems: string[] } {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const origin = endpointOrigin(entry);
    if (origin === null) problems.push(`OUTBOUND_ENDPOINTS: "${entry.slice(0, 100)}" is not an http(s) URL such as https://minio.internal:9000`);
    else origins.push(origin);
  }
  return { origins, problems };
}

/** The blob endpoint an Azure connection string names (BlobEndpoint, the account's default, or Azurite's). */
export function connectionStringEndpoint(connectionString: string | undefined): string | null {
  if (!connectionString) return null;
  const parts = new Map(
    connectionString
      .split(';')
      .map((p) => p.trim())
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')).toLowerCase(), p.slice(p.indexOf('=') + 1)] as const),
  );
  if (parts.get('blobendpoint')) return endpointOrigin(parts.get('blobendpoint') as string);
  if (parts.get('usedevelopmentstorage')?.toLowerCase() === 'true') return 'http://127.0.0.1:10000';
  const account = parts.get('accountname');
  if (!account) return null;
  return endpointOrigin(`${parts.get('defaultendpointsprotocol') ?? 'https'}://${account}.blob.${parts.get('endpointsuffix') ?? 'core.windows.net'}`);
}

/** The allow-list: the listed origins and every endpoint of the configured storage, once each. */
export function allowedEndpointsFor(listed: readonly string[], storageUrl: string, azureConnectionString: string | undefined, delivery: DeliverySettings): string[] {
  const found = new Set(listed);
  const add = (raw: string | null | undefined) => {
    const origin = raw ? endpointOrigin(raw) : null;
    if (origin) found.add(origin);
  };
  if (/^(s3|azure):\/\//i.test(storageUrl)) {
    try {
      add(new URL(storageUrl).searchParams.get('endpoint'));
    } catch {
      // open-blob-store refuses a malformed STORAGE_URL with its own message
    }
  }
  add(connectionStringEndpoint(azureConnectionString));
  for (const target of delivery.targets.values()) {
    add(target.endpoint);
    if (target.type === 'azure') add(connectionStringEndpoint(target.connectionString));
  }
  return [...found];
}
