import { Badge, type BadgeProps } from '@mantine/core';
import type { ProjectStatus } from '../../../../common/vocab';
import { PROJECT_STATUS_LABELS } from '../../../../common/vocab/statuses';

const COLORS = { active: 'teal', closing: 'yellow', closed: 'gray' } as const satisfies Record<ProjectStatus, string>;

interface ProjectStatusBadgeProps extends Omit<BadgeProps, 'children' | 'color'> {
  status: ProjectStatus;
  'data-testid'?: string;
}

export function ProjectStatusBadge({ status, ...props }: ProjectStatusBadgeProps) {
  return (
    <Badge variant="light" color={COLORS[status]} data-status={status} {...props}>
      {PROJECT_STATUS_LABELS[status]}
    </Badge>
  );
}
