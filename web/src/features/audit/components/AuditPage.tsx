import { Button, Code, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { AuditEvent } from '../../../../../common/contracts';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { compactJson, formatDateTime } from '../../../lib/format';
import { useProject } from '../../projects/api';
import { useProjectAudit } from '../api';

/** /projects/:projectId/audit — every recorded event, newest first, 100 at a time. */
export function AuditPage({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const audit = useProjectAudit(projectId);
  const projectName = project.data?.project.name ?? 'Project';
  const events = audit.data?.pages.flatMap((page) => page.events) ?? [];
  const olderError = audit.isFetchNextPageError ? audit.error : null;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: 'Projects', to: '/' },
          { label: projectName, to: `/projects/${encodeURIComponent(projectId)}` },
        ]}
        title="Audit trail"
        description="Every decision and change on this project, newest first. Each event is chained to the one before it by a hash, so the record cannot be altered unnoticed."
      />
      {audit.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} height={20} />
          ))}
        </Stack>
      ) : audit.isError ? (
        <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
      ) : events.length === 0 ? (
        <EmptyNote>No events recorded yet.</EmptyNote>
      ) : (
        <Stack>
          <AuditTable events={events} />
          <ErrorAlert error={olderError} title="Could not load older events" />
          <Group justify="center">
            {audit.hasNextPage ? (
              <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage} disabled={audit.isFetchingNextPage}>
                Older
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                That is the first event of the project.
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped verticalSpacing="xs" fz="sm" aria-label="Audit events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Object</Table.Th>
            <Table.Th>Summary</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.seq}>
              <Table.Td c="dimmed">{event.seq}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }} title={event.at}>
                {formatDateTime(event.at)}
              </Table.Td>
              <Table.Td>{event.actorLabel}</Table.Td>
              <Table.Td>
                <Code>{event.action}</Code>
              </Table.Td>
              <Table.Td>
                {event.objectType}{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  {event.objectId}
                </Text>
              </Table.Td>
              <Table.Td miw={280} maw={480}>
                <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} fz="xs">
                  {compactJson(event.summary)}
                </Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
