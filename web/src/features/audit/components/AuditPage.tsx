import { Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { useProject } from '../../../lib/projects';
import { useProjectAudit } from '../api';
import { AuditEventList } from '../../../components/audit/AuditEventList';
import { paths } from '../../../lib/paths';

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
          { label: 'Projects', to: paths.home() },
          { label: projectName, to: paths.project(projectId) },
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
          <AuditEventList events={events} label="Audit events" linkObjects />
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
