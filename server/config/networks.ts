/**
 * The environment's own networks (ENVIRONMENT_NETWORKS) and the proxies whose X-Forwarded-For
 * is believed (TRUST_PROXY): lists of IPv4/IPv6 addresses and CIDRs, parsed once at start and
 * matched with node:net's BlockList. An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`, how a
 * dual-stack socket reports an IPv4 peer) is the IPv4 address it carries.
 *
 * Example: `environmentNetworks(['10.20.0.0/16', 'fd00::/8']).contains('::ffff:10.20.3.4')` → true.
 */
import { BlockList, isIP } from 'node:net';

/** Which client addresses are inside the secure environment. */
export interface EnvironmentNetworks {
  /** The normalised entries, as configured (for messages and the start-up line). */
  readonly list: readonly string[];
  /** Whether `address` (a socket or forwarded address) is in one of the networks. */
  contains(address: string): boolean;
}

/** The loopback networks the demo treats as inside when ENVIRONMENT_NETWORKS is not set. */
export const LOOPBACK_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1'];

const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/**
 * The address as compared and recorded: lower case, without an IPv6 zone, brackets, or the
 * IPv4-mapped prefix. Returns the input unchanged when it is no IP address.
 */
export function normaliseAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const dotted = MAPPED_DOTTED.exec(a);
  if (dotted?.[1] && isIP(dotted[1]) === 4) return dotted[1];
  const hex = MAPPED_HEX.exec(a);
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return a;
}

/** One entry (`a.b.c.d`, `a.b.c.d/n`, `x::y`, `x::y/n`) normalised, or the reason it is refused. */
function parseEntry(entry: string): { ok: true; address: string; prefix: number | null } | { ok: false; reason: string } {
  const slash = entry.indexOf('/');
  const rawAddress = slash >= 0 ? entry.slice(0, slash) : entry;
  const rawPrefix = slash >= 0 ? entry.slice(slash + 1) : null;
  const address = normaliseAddress(rawAddress);
  const mapped = isIP(address) === 4 && /::ffff:/i.test(rawAddress);
  const family = isIP(address);
  if (family === 0) return { ok: false, reason: `"${entry}" is not an IP address or a CIDR (e.g. 10.20.0.0/16 or fd00::/8)` };
  if (rawPrefix === null) return { ok: true, address, prefix: null };
  if (!/^\d{1,3}$/.test(rawPrefix)) return { ok: false, reason: `"${entry}" has an invalid prefix length` };
  let prefix = Number(rawPrefix);
  // ::ffff:a.b.c.d/n (n ≥ 96) is the IPv4 network a.b.c.d/(n − 96).
  if (mapped) {
    if (prefix < 96 || prefix > 128) return { ok: false, reason: `"${entry}" is an IPv4-mapped network; its prefix length must be between 96 and 128` };
    prefix -= 96;
  }
  const max = family === 4 ? 32 : 128;
  if (prefix > max) return { ok: false, reason: `"${entry}" has a prefix length above ${max}` };
  return { ok: true, address, prefix };
}

/**
 * Parses a comma-separated list of addresses and CIDRs. Returns the normalised entries and one
 * message per refused entry (the caller reports them with every other configuration problem).
 */
export function parseAddressList(value: string): { entries: string[]; errors: string[] } {
  const entries: string[] = [];
  const errors: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parsed = parseEntry(entry);
    if (!parsed.ok) errors.push(parsed.reason);
    else entries.push(parsed.prefix === null ? parsed.address : `${parsed.address}/${parsed.prefix}`);
  }
  return { entries, errors };
}

/**
 * A matcher over already-validated entries (parseAddressList's). Throws on an entry it cannot
 * read, so a list that skipped validation fails loudly rather than matching nothing.
 */
export function environmentNetworks(entries: readonly string[]): EnvironmentNetworks {
  const { entries: list, errors } = parseAddressList(entries.join(','));
  if (errors.length > 0) throw new Error(`Invalid network list: ${errors.join('; ')}`);
  const blocks = new BlockList();
  for (const entry of list) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) blocks.addAddress(address, type);
    else blocks.addSubnet(address, Number(prefix), type);
  }
  return {
    list,
    contains(address) {
      const normalised = normaliseAddress(address);
      const family = isIP(normalised);
      if (family === 0) return false;
      return blocks.check(normalised, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** Nobody is inside: the default when ENVIRONMENT_NETWORKS is empty. */
export const NO_NETWORKS: EnvironmentNetworks = environmentNetworks([]);
