import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ProjectRole } from '../../../../../common/vocab';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PROJECT_ROLE_OPTIONS } from '../../../lib/options';
import { useAddParticipant } from '../../../lib/projects';

interface AddParticipantModalProps {
  projectId: string;
  opened: boolean;
  onClose: () => void;
}

export function AddParticipantModal({ projectId, opened, onClose }: AddParticipantModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add participant">
      <AddParticipantForm projectId={projectId} onClose={onClose} />
    </Modal>
  );
}

function AddParticipantForm({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const add = useAddParticipant(projectId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('researcher');
  const [emailError, setEmailError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = email.trim();
    if (!trimmed) return setEmailError("Enter the person's email address");
    if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) return setEmailError('Enter a valid email address');
    setEmailError(undefined);
    add.mutate({ email: trimmed, role }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={add.error} title="Could not add the participant" />
        <TextInput
          label="Email"
          description="The person must already have an account."
          type="email"
          withAsterisk
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={emailError}
          data-autofocus
        />
        <NativeSelect label="Role" data={PROJECT_ROLE_OPTIONS} value={role} onChange={(e) => setRole(e.currentTarget.value as ProjectRole)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={add.isPending}>
            Add to project
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
