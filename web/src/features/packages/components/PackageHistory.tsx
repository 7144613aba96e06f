import { Button, Code, Group, Table, Text } from '@mantine/core';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { compactJson, formatDateTime } from '../../../lib/format';
import { usePackageHistory } from '../api';
import { describeAction } from '../format';

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
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={4} fz="sm" aria-label="Package history" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.map((event) => (
                  <Table.Tr key={event.seq} data-action={event.action}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={event.at}>
                      {formatDateTime(event.at)}
                    </Table.Td>
                    <Table.Td>{event.actorLabel}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{describeAction(event.action)}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {event.action}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={420}>
                      <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                        {compactJson(event.summary)}
                      </Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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
