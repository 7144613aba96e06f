import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { WorkPackageDetail } from '../../../../../common/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useConfirmOpinion } from '../../../lib/work-packages';

/**
 * An output file changed after the classification: the classifiers listed must confirm their
 * opinion before the package can be approved. To change it instead, the classification is
 * reopened (a new round; every earlier opinion stays in the history).
 */
export function ConfirmationsSection({ detail }: { detail: WorkPackageDetail }) {
  const confirm = useConfirmOpinion(detail.workPackage.id);
  if (detail.confirmationsNeeded.length === 0) return null;
  const names = detail.confirmationsNeeded.map((c) => c.name).join(', ');
  return (
    <Alert color="yellow" title="An output file changed after the classification" data-testid="confirmations-needed" mb="lg">
      <Stack gap="xs">
        <Text size="sm">{names} must confirm that their opinion still stands before the package can be approved. To change an opinion instead, reopen the classification.</Text>
        {detail.abilities.confirmOpinion && (
          <>
            <ErrorAlert ignoreConflicts error={confirm.error} title="Could not confirm your opinion" />
            <Group>
              <Button size="xs" onClick={() => confirm.mutate({})} loading={confirm.isPending} disabled={confirm.isPending}>
                My opinion stands
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Alert>
  );
}
