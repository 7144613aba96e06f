import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { linkProps } from '../../lib/navigation';

interface Crumb {
  label: string;
  to: string;
}

interface PageHeaderProps {
  title: ReactNode;
  /** Links to the pages above this one. */
  crumbs?: Crumb[];
  description?: ReactNode;
  /** Buttons shown at the right. */
  actions?: ReactNode;
  /** Badges shown under the title. */
  badges?: ReactNode;
}

export function PageHeader({ title, crumbs, description, actions, badges }: PageHeaderProps) {
  useEffect(() => {
    if (typeof title === 'string') document.title = `${title} · Safe Haven Egress`;
  }, [title]);
  return (
    <Stack gap="xs" mb="lg">
      {crumbs && crumbs.length > 0 && (
        <Breadcrumbs aria-label="Breadcrumb">
          {crumbs.map((crumb) => (
            <Anchor key={crumb.to} size="sm" {...linkProps(crumb.to)}>
              {crumb.label}
            </Anchor>
          ))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
      {badges && <Group gap="xs">{badges}</Group>}
      {description && (
        <Text c="dimmed" maw={720}>
          {description}
        </Text>
      )}
    </Stack>
  );
}
