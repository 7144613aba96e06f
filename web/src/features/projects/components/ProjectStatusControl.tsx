import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import { PROJECT_TRANSITIONS, type ProjectTransitionAction } from '../../../../../common/workflow/project.workflow';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useChangeProjectStatus } from '../../../lib/projects';

const ACTION_LABELS = {
  start_closing: 'Start closing',
  resume: 'Resume work',
  close: 'Close project',
} as const satisfies Record<ProjectTransitionAction, string>;

const ACTION_EXPLANATIONS = {
  start_closing: 'The project enters its closing phase: everything worth keeping is egressed before the environment is shut down.',
  resume: 'The project goes back to normal work.',
  close: 'The environment is gone: nothing on the project can change any more. This cannot be undone.',
} as const satisfies Record<ProjectTransitionAction, string>;

/** Lifecycle buttons for whoever may change the project's status; each asks for confirmation. */
export function ProjectStatusControl({ detail }: { detail: ProjectDetail }) {
  const change = useChangeProjectStatus(detail.project.id);
  const queryClient = useQueryClient();
  // Every section of the page depends on the status (closed: no marking, no destinations to register, the report), so all are fetched again.
  const refreshAll = () => queryClient.invalidateQueries();
  const [pending, setPending] = useState<ProjectTransitionAction | null>(null);
  const transitions = PROJECT_TRANSITIONS.filter((t) => t.from === detail.project.status);
  if (!detail.abilities.changeStatus || transitions.length === 0) return null;

  return (
    <>
      {transitions.map((t) => (
        <Button key={t.action} variant="default" color={t.action === 'close' ? 'red' : undefined} onClick={() => setPending(t.action)} disabled={change.isPending}>
          {ACTION_LABELS[t.action]}
        </Button>
      ))}
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={pending ? `${ACTION_LABELS[pending]}?` : ''}>
        {pending && (
          <Stack>
            <Text size="sm">{ACTION_EXPLANATIONS[pending]}</Text>
            <ErrorAlert error={change.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>
                Cancel
              </Button>
              <Button
                color={pending === 'close' ? 'red' : undefined}
                loading={change.isPending}
                disabled={change.isPending}
                onClick={() =>
                  change.mutate(
                    { action: pending, version: detail.project.version },
                    {
                      onSuccess: () => {
                        setPending(null);
                        void refreshAll();
                      },
                    },
                  )
                }
              >
                Confirm
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
