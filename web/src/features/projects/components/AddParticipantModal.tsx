import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { addParticipantRequestSchema } from '../../../../../common/contracts/projects.contract';
import type { ProjectRole } from '../../../../../common/vocab';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PROJECT_ROLE_OPTIONS } from '../../../lib/options';
import { useAddParticipant } from '../../../lib/projects';
import { contractValidator } from '../../../lib/contract-form';

interface ParticipantValues {
  email: string;
  role: ProjectRole;
}

const validate = contractValidator(addParticipantRequestSchema, (v: ParticipantValues) => v, {
  email: (r) => (r.email.trim() ? 'Enter a valid email address' : "Enter the person's email address"),
});

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
  const form = useForm<ParticipantValues>({ initialValues: { email: '', role: 'researcher' }, validate });

  const submit = (values: ParticipantValues) => add.mutate(addParticipantRequestSchema.parse(values), { onSuccess: onClose });

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <ErrorAlert error={add.error} title="Could not add the participant" />
        <TextInput label="Email" description="The person must already have an account." type="email" withAsterisk {...form.getInputProps('email')} data-autofocus />
        <NativeSelect label="Role" data={PROJECT_ROLE_OPTIONS} {...form.getInputProps('role')} />
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
