/** The address allow-list port (server/ports/address-lists.ts) on server/config/networks.ts. */
import { environmentNetworks, parseAddressList } from '../config/networks';
import type { AddressLists } from '../ports/address-lists';

export const ADDRESS_LISTS: AddressLists = {
  parse(entries) {
    const commas = entries.filter((e) => e.includes(','));
    const parsed = parseAddressList(entries.filter((e) => !e.includes(',')).join(','));
    return { entries: parsed.entries, errors: [...commas.map((e) => `"${e}" holds a comma: give one address or CIDR per entry`), ...parsed.errors] };
  },
  contains: (entries, address) => environmentNetworks(entries).contains(address),
};
