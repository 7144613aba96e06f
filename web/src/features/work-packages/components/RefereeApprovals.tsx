import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { useApproveReferee } from '../../../lib/work-packages';

interface RefereeApprovalsProps {
  detail: WorkPackageDetail;
  myUserId: string;
}

/**
 * When a data provider representative proposes tier 3 or above, the referee's opinion counts
 * only once every DPR has approved that referee (docs/design.md §3.3). Shown to DPRs who may approve.
 */
export function RefereeApprovals({ detail, myUserId }: RefereeApprovalsProps) {
  const approve = useApproveReferee(detail.workPackage.id);
  const referees = detail.classifiers.filter((c) => c.role === 'referee');
  const nameOf = (userId: string) => detail.classifiers.find((c) => c.userId === userId)?.name ?? 'someone';

  return (
    <Section title="Referee approval">
      <Text size="sm" c="dimmed">
        A data provider representative proposed tier 3 or above, so a referee’s opinion counts only once every data provider representative has approved that referee.
      </Text>
      <ErrorAlert ignoreConflicts error={approve.error} title="Could not record the approval" />
      {referees.length === 0 && <Text size="sm">There is no referee on this project yet.</Text>}
      <Stack gap="xs">
        {referees.map((referee) => (
          <Group key={referee.userId} justify="space-between">
            <div>
              <Text size="sm" fw={500}>
                {referee.name}
              </Text>
              <Text size="xs" c="dimmed">
                {referee.approvedBy.length === 0 ? 'Not approved yet' : `Approved by ${referee.approvedBy.map(nameOf).join(', ')}`}
              </Text>
            </div>
            {referee.approvedBy.includes(myUserId) ? (
              <Badge color="teal" variant="light">
                You approved
              </Badge>
            ) : (
              <Button
                size="xs"
                loading={approve.isPending && approve.variables?.refereeUserId === referee.userId}
                disabled={approve.isPending}
                onClick={() => approve.mutate({ refereeUserId: referee.userId })}
              >
                Approve {referee.name} as referee
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Section>
  );
}
