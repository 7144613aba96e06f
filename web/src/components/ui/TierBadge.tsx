import { Badge, type BadgeProps } from '@mantine/core';
import { formatTier } from '../../lib/format';

const TIER_COLORS = ['teal', 'blue', 'yellow', 'orange', 'red'] as const;

interface TierBadgeProps extends Omit<BadgeProps, 'children' | 'color'> {
  tier: number | null;
  /** Text when no tier is set yet. */
  emptyLabel?: string;
  'data-testid'?: string;
}

/** "Tier 1 · Publishable", coloured from calm (0) to alarming (4). */
export function TierBadge({ tier, emptyLabel = 'No tier yet', ...props }: TierBadgeProps) {
  if (tier === null) {
    return (
      <Badge color="gray" variant="outline" data-tier="" {...props}>
        {emptyLabel}
      </Badge>
    );
  }
  return (
    <Badge color={TIER_COLORS[tier] ?? 'gray'} variant="light" data-tier={tier} {...props}>
      {formatTier(tier)}
    </Badge>
  );
}
