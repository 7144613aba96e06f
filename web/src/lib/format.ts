import { TIER_NAMES, isTier } from '../../../common/vocab';

/** "Tier 1 · Publishable" */
export function formatTier(tier: number): string {
  return isTier(tier) ? `Tier ${tier} · ${TIER_NAMES[tier]}` : `Tier ${tier}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A readable local date and time; the raw ISO string if it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "7 days", "72 hours"; whole weeks read better in days. */
export function formatLifetime(hours: number | null): string {
  if (hours === null) return 'No download links: nothing may leave';
  if (hours >= 168 && hours % 24 === 0) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
