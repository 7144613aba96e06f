import { Badge, type BadgeProps } from '@mantine/core';
import { PACKAGE_STATUS_LABELS, type PackageStatus } from '../../../../common/vocab/statuses';

const STATUS_COLORS = {
  draft: 'gray',
  checking: 'blue',
  in_review: 'indigo',
  returned: 'orange',
  approved: 'teal',
  releasing: 'cyan',
  released: 'green',
  failed: 'red',
  withdrawn: 'gray',
  retained: 'grape',
  rejected: 'red',
  revoked: 'dark',
} as const satisfies Record<PackageStatus, string>;

interface PackageStatusBadgeProps extends Omit<BadgeProps, 'children' | 'color'> {
  status: PackageStatus;
  'data-testid'?: string;
}

/** An egress package's lifecycle status in words; the raw value is in data-status. */
export function PackageStatusBadge({ status, ...props }: PackageStatusBadgeProps) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-status={status} {...props}>
      {PACKAGE_STATUS_LABELS[status]}
    </Badge>
  );
}
