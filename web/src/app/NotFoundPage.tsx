import { Anchor, Stack, Text, Title } from '@mantine/core';
import { linkProps } from '../lib/navigation';

export function NotFoundPage() {
  return (
    <Stack gap="sm" py="xl">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed">There is nothing at this address.</Text>
      <Anchor {...linkProps('/')}>Go to your projects</Anchor>
    </Stack>
  );
}
