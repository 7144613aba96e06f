import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { ClosureGap } from '../../../../../common/contracts/closure.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useWaiveClosureItem } from '../closure.api';

/** A programme manager waives one gap of the checklist; the reason is required and audited. */
export function WaiveGapModal({ projectId, gap, onClose }: { projectId: string; gap: ClosureGap | null; onClose: () => void }) {
  const waive = useWaiveClosureItem(projectId);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    if (!gap) return;
    if (reason.trim() === '') return setProblem('Give the reason the item can be left as it is.');
    setProblem(null);
    waive.mutate(
      { code: gap.code, key: gap.key, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={gap !== null} onClose={onClose} title="Waive this item">
      {gap && (
        <Stack>
          <Text size="sm">
            {gap.label}: {gap.detail}
          </Text>
          <Textarea label="Reason" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={problem} />
          <ErrorAlert error={waive.error} title="Could not waive the item" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="orange" loading={waive.isPending} onClick={submit}>
              Waive
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
