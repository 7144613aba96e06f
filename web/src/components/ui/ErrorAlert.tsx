import { Alert, Button, Group, Text } from '@mantine/core';
import { ApiError, isConflict, isStaleVersion } from '../../lib/api';

interface ErrorAlertProps {
  error: unknown;
  /** Offer a retry/reload button that calls this. */
  onRetry?: () => void;
  title?: string;
  /** Leave conflicts (409) to a page-level notice. */
  ignoreConflicts?: boolean;
}

/** Shows the server's message for a failed request; stale versions get a plain explanation. */
export function ErrorAlert({ error, onRetry, title, ignoreConflicts }: ErrorAlertProps) {
  const stale = isStaleVersion(error);
  if (!error || (ignoreConflicts && isConflict(error))) return null;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <Alert color={stale ? 'yellow' : 'red'} title={stale ? 'Someone else changed this; reload' : (title ?? 'Something went wrong')} role="alert">
      <Text size="sm">{stale ? 'The page now shows the latest version. Check it, then try again.' : message}</Text>
      {error instanceof ApiError && !stale && error.code !== 'http' && error.code !== 'network' && (
        <Text size="xs" c="dimmed" mt={4}>
          Code: {error.code}
        </Text>
      )}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="light" onClick={onRetry}>
            {stale ? 'Reload' : 'Try again'}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
