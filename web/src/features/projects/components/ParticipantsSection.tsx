import { Button, Table } from '@mantine/core';
import { useState } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import { PROJECT_ROLE_LABELS } from '../../../../../common/vocab';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { Section } from '../../../components/ui/Section';
import { useRemoveParticipant } from '../../../lib/projects';
import { AddParticipantModal } from './AddParticipantModal';

export function ParticipantsSection({ detail }: { detail: ProjectDetail }) {
  const projectId = detail.project.id;
  const canManage = detail.abilities.manageParticipants === true;
  const remove = useRemoveParticipant(projectId);
  const [adding, setAdding] = useState(false);

  return (
    <Section
      title="Participants"
      actions={
        canManage && (
          <Button size="xs" onClick={() => setAdding(true)}>
            Add participant
          </Button>
        )
      }
    >
      <ErrorAlert error={remove.error} title="Could not remove the participant" />
      {detail.participants.length === 0 ? (
        <EmptyNote>No participants yet.</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" aria-label="Participants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                {canManage && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.participants.map((participant) => (
                <Table.Tr key={participant.id}>
                  <Table.Td>{participant.name}</Table.Td>
                  <Table.Td>{participant.email}</Table.Td>
                  <Table.Td>{PROJECT_ROLE_LABELS[participant.role]}</Table.Td>
                  {canManage && (
                    <Table.Td ta="right">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${participant.name}`}
                        loading={remove.isPending && remove.variables === participant.id}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(participant.id)}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddParticipantModal projectId={projectId} opened={adding} onClose={() => setAdding(false)} />
    </Section>
  );
}
