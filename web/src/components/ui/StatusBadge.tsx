import { Badge, type BadgeProps } from '@mantine/core';
import { CLASSIFICATION_STATUS_LABELS, type ClassificationStatus } from '../../../../common/vocab';

const STATUS_COLORS = {
  unclassified: 'gray',
  classifying: 'blue',
  disputed: 'orange',
  classified: 'teal',
} as const satisfies Record<ClassificationStatus, string>;

interface StatusBadgeProps extends Omit<BadgeProps, 'children' | 'color'> {
  status: ClassificationStatus;
  'data-testid'?: string;
}

/** A work package's classification status in words; the raw value is in data-status. */
export function StatusBadge({ status, ...props }: StatusBadgeProps) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="dot" data-status={status} {...props}>
      {CLASSIFICATION_STATUS_LABELS[status]}
    </Badge>
  );
}
