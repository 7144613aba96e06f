import { Text, ThemeIcon } from '@mantine/core';

/** A checklist's mark: a filled ✓ when the item holds, a grey dot while it is missing. */
export function CheckMark({ done }: { done: boolean }) {
  return (
    <ThemeIcon size={18} radius="xl" color={done ? 'teal' : 'gray'} variant={done ? 'filled' : 'light'} aria-hidden>
      <Text size="xs" fw={700} c={done ? 'white' : 'gray.7'}>
        {done ? '✓' : '·'}
      </Text>
    </ThemeIcon>
  );
}
