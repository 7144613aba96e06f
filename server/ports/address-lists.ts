/**
 * Address allow-lists (a download link's source networks): validating a list of addresses and
 * CIDRs and matching an address against one. Implemented by server/config/networks.ts (node:net's
 * BlockList), wired by the HTTP layer, so the commands reach it through this port.
 */
export interface AddressLists {
  /** The normalised entries of `entries` and one message per entry that is no address or CIDR. */
  parse(entries: readonly string[]): { entries: string[]; errors: string[] };
  /** Whether `address` is in one of the (already parsed) entries. */
  contains(entries: readonly string[], address: string): boolean;
}
