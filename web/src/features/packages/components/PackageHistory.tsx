import { Button, Group, Text } from '@mantine/core';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { AuditEventList } from '../../../components/audit/AuditEventList';
import { usePackageHistory } from '../../../lib/packages';

/** The package's audit events, newest first: what happened, who did it and when. */
export function PackageHistory({ packageId }: { packageId: string }) {
  const history = usePackageHistory(packageId);
  const events = history.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <Section title="History">
      {history.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : history.isError && events.length === 0 ? (
        <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
      ) : events.length === 0 ? (
        <EmptyNote>Nothing has happened yet.</EmptyNote>
      ) : (
        <>
          <AuditEventList events={events} label="Package history" />
          <ErrorAlert error={history.isFetchNextPageError ? history.error : null} title="Could not load older events" />
          {history.hasNextPage && (
            <Group justify="center">
              <Button size="xs" variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} disabled={history.isFetchingNextPage}>
                Older
              </Button>
            </Group>
          )}
        </>
      )}
    </Section>
  );
}
