/** Sensitivity tiers, 0 (open) to 4 (secret-equivalent). See docs/design.md §2. */
export const TIERS = [0, 1, 2, 3, 4] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_NAMES = {
  0: 'Open',
  1: 'Publishable',
  2: 'Official',
  3: 'Sensitive',
  4: 'Secret-equivalent',
} as const satisfies Record<Tier, string>;

export function isTier(value: unknown): value is Tier {
  return typeof value === 'number' && (TIERS as readonly number[]).includes(value);
}
