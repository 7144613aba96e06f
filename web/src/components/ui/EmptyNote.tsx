import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** The quiet line shown where a list has nothing in it yet. */
export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" fs="italic">
      {children}
    </Text>
  );
}
