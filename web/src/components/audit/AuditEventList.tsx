import { Anchor, Box, Code, Group, Stack, Text } from '@mantine/core';
import type { AuditEvent } from '../../../../common/contracts';
import { linkProps } from '../../lib/navigation';
import { formatDateTime } from '../../lib/format';
import { describeAuditEvent, summaryDetails } from '../../lib/audit-words';
import { paths } from '../../lib/paths';

const OBJECT_PAGES: Record<string, { path: (id: string) => string; label: string }> = {
  package: { path: paths.package, label: 'Open package' },
  work_package: { path: paths.workPackage, label: 'Open work package' },
};

/**
 * Audit events as a timeline, newest first: when, the sentence saying who did what, the full
 * actor label and action for auditors, and the raw summary folded under "Details".
 * `linkObjects` adds a link to the package or work package an event is about (the project trail).
 */
export function AuditEventList({ events, label, linkObjects = false }: { events: AuditEvent[]; label: string; linkObjects?: boolean }) {
  return (
    <Stack component="ol" gap={0} aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {events.map((event) => (
        <AuditEventItem key={event.seq} event={event} linkObject={linkObjects} />
      ))}
    </Stack>
  );
}

function AuditEventItem({ event, linkObject }: { event: AuditEvent; linkObject: boolean }) {
  const details = summaryDetails(event.summary);
  const page = linkObject && event.objectId ? OBJECT_PAGES[event.objectType] : undefined;
  return (
    <Box component="li" data-action={event.action} py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <Text size="sm" c="dimmed" w={180} style={{ flexShrink: 0 }}>
          <time dateTime={event.at} title={event.at}>
            {formatDateTime(event.at)}
          </time>
        </Text>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {describeAuditEvent(event)}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {event.actorLabel} · <Code fz="xs">{event.action}</Code> · #{event.seq}
            {page && (
              <>
                {' · '}
                <Anchor size="xs" {...linkProps(page.path(event.objectId))}>
                  {page.label}
                </Anchor>
              </>
            )}
          </Text>
          {details && (
            <details>
              <Text component="summary" size="xs" c="dimmed" style={{ cursor: 'pointer' }}>
                Details
              </Text>
              <Code block fz="xs" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {details}
              </Code>
            </details>
          )}
        </Stack>
      </Group>
    </Box>
  );
}
