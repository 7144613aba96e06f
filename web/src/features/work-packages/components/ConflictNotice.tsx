import { Alert, Text } from '@mantine/core';
import { useState } from 'react';
import { isStaleVersion } from '../../../lib/api';
import { useLatestConflict } from '../../../lib/work-packages';

/**
 * Shown when the user's latest action lost a race: someone else changed the work package first.
 * The work package has already been refetched, so the page below is current.
 */
export function ConflictNotice({ wpId }: { wpId: string }) {
  const conflict = useLatestConflict(wpId);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  if (!conflict || conflict.at === dismissedAt) return null;
  const stale = isStaleVersion(conflict.error);
  return (
    <Alert
      color="yellow"
      title={stale ? 'Someone else changed this; reload' : 'This work package has changed'}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setDismissedAt(conflict.at)}
      mb="lg"
      data-testid="conflict-notice"
    >
      <Text size="sm">{stale ? 'Your change was not saved.' : conflict.error.message.replace(/\.?$/, '.')} The page now shows the latest version: check it, then try again if it still applies.</Text>
    </Alert>
  );
}
