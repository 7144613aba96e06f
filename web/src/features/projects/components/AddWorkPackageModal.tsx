import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createWorkPackageRequestSchema } from '../../../../../common/contracts/work-packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useAddWorkPackage } from '../../../lib/projects';
import { contractValidator } from '../../../lib/contract-form';

interface WorkPackageValues {
  name: string;
  description: string;
}

const validate = contractValidator(createWorkPackageRequestSchema, (v: WorkPackageValues) => v, { name: 'Give the work package a name' });

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
  const form = useForm<WorkPackageValues>({ initialValues: { name: '', description: '' }, validate });

  const submit = (values: WorkPackageValues) => {
    const { name, description } = createWorkPackageRequestSchema.parse(values);
    add.mutate({ name, description }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          Every egress is classified again as a new work package, by the same people who classified the ingress.
        </Text>
        <ErrorAlert error={add.error} title="Could not add the work package" />
        <TextInput label="Work package name" withAsterisk {...form.getInputProps('name')} data-autofocus />
        <Textarea label="Description" description="What will leave the environment." autosize minRows={3} {...form.getInputProps('description')} />
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
