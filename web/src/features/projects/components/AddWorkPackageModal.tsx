import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useAddWorkPackage } from '../../../lib/projects';

interface AddWorkPackageModalProps {
  projectId: string;
  opened: boolean;
  onClose: () => void;
}

export function AddWorkPackageModal({ projectId, opened, onClose }: AddWorkPackageModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add egress work package" size="lg">
      <AddWorkPackageForm projectId={projectId} onClose={onClose} />
    </Modal>
  );
}

function AddWorkPackageForm({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const add = useAddWorkPackage(projectId);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [nameError, setNameError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setNameError('Give the work package a name');
    setNameError(undefined);
    add.mutate({ name: name.trim(), description: description.trim() }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          Every egress is classified again as a new work package, by the same people who classified the ingress.
        </Text>
        <ErrorAlert error={add.error} title="Could not add the work package" />
        <TextInput label="Work package name" withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} data-autofocus />
        <Textarea label="Description" description="What will leave the environment." autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={add.isPending}>
            Create work package
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
