import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { Package, Removal } from '../../../../../common/contracts/packages.contract';
import { REMOVAL_OUTCOME_LABELS, REMOVAL_OUTCOMES } from '../../../../../common/vocab/review';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { formatDateTime } from '../../../lib/format';
import { useRecordRemovalOutcome, useReviewAbilities } from '../../../lib/package-approval';
import { CommentThread } from '../../../components/package/CommentThread';

const COLUMNS = 7;

/**
 * The register of temporarily removed items: what was taken out, why, by whom and when, when it
 * went back in (with the version that was reinstated, e.g. a redacted one), and its agreed
 * outcome (reinstate once redacted, or keep inside) with who recorded it and when. Each item
 * opens to the investigator–DPR discussion of how to redact it and the buttons that record the
 * outcome (issue 10 §6).
 */
export function RemovalRegister({ pkg }: { pkg: Package }) {
  const review = useReviewAbilities(pkg.id);
  const [open, setOpen] = useState<string | null>(null);
  const abilities = review.data?.abilities;
  return (
    <Section title="Removal register">
      {pkg.removals.length === 0 ? (
        <EmptyNote>Nothing has been removed temporarily.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="xs" fz="sm" aria-label="Removal register" data-testid="removal-register">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Path</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Removed</Table.Th>
                <Table.Th>Reinstated</Table.Th>
                <Table.Th>Agreed outcome</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pkg.removals.map((r) => (
                <Fragment key={r.id}>
                  <Table.Tr data-testid="removal-row" data-path={r.path} data-reinstated={r.reinstatedAt !== null}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                        {r.path}
                      </Text>
                    </Table.Td>
                    <Table.Td>v{r.versionNumber}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }} maw={320}>
                      {r.reason}
                    </Table.Td>
                    <Table.Td>
                      {r.removedBy}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(r.removedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.reinstatedAt ? (
                        <>
                          {r.reinstatedBy ?? '—'}
                          <Text size="xs" c="dimmed">
                            {formatDateTime(r.reinstatedAt)}
                            {r.reinstatedVersion !== null && ` · v${r.reinstatedVersion}`}
                          </Text>
                        </>
                      ) : (
                        <Badge size="sm" color="orange" variant="light">
                          Still removed
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td data-testid="removal-outcome" data-outcome={r.outcome ?? ''}>
                      {r.outcome ? (
                        <>
                          {REMOVAL_OUTCOME_LABELS[r.outcome]}
                          <Text size="xs" c="dimmed">
                            {r.outcomeBy ?? '—'}
                            {r.outcomeAt && `, ${formatDateTime(r.outcomeAt)}`}
                          </Text>
                        </>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Not agreed yet
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="subtle" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                        {open === r.id ? 'Close' : 'Discussion'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open === r.id && (
                    <Table.Tr>
                      <Table.Td colSpan={COLUMNS} bg="gray.0">
                        <RemovalDiscussion pkg={pkg} removal={r} canComment={abilities?.commentOnRemoval === true} canRecord={abilities?.recordRemovalOutcome === true} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

/** How to redact one removed item: its thread, and the agreed outcome for an item still removed. */
function RemovalDiscussion({ pkg, removal, canComment, canRecord }: { pkg: Package; removal: Removal; canComment: boolean; canRecord: boolean }) {
  const record = useRecordRemovalOutcome(pkg.id);
  const stillRemoved = removal.reinstatedAt === null;
  return (
    <Stack gap="xs" p="xs" data-testid="removal-discussion">
      <Text size="sm" fw={600}>
        Discussion: how to redact {removal.path}
      </Text>
      <CommentThread packageId={pkg.id} subjectType="removal" subjectId={removal.id} canComment={canComment} canCommentPrivately={false} label={`Discussion of ${removal.path}`} />
      {canRecord && stillRemoved && (
        <Stack gap={4}>
          <ErrorAlert error={record.error} title="The outcome was not recorded" />
          <Group gap="xs">
            <Text size="sm">Agreed outcome:</Text>
            {REMOVAL_OUTCOMES.map((outcome) => (
              <Button
                key={outcome}
                size="xs"
                variant={removal.outcome === outcome ? 'filled' : 'light'}
                disabled={removal.outcome === outcome}
                loading={record.isPending && record.variables?.outcome === outcome}
                onClick={() => record.mutate({ removalId: removal.id, outcome, version: pkg.version })}
              >
                {removal.outcome === outcome ? `✓ ${REMOVAL_OUTCOME_LABELS[outcome]} (agreed)` : REMOVAL_OUTCOME_LABELS[outcome]}
              </Button>
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            Recording an outcome changes the package’s content record: live sign-offs are voided.
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
