import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ProjectDetail } from '../../../../../common/contracts';
import { type CreateDatasetRequest, createDatasetRequestSchema } from '../../../../../common/contracts/projects.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useAddDataset } from '../../../lib/projects';
import { contractValidator } from '../../../lib/contract-form';

interface AddDatasetModalProps {
  detail: ProjectDetail;
  opened: boolean;
  onClose: () => void;
}

export function AddDatasetModal({ detail, opened, onClose }: AddDatasetModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add dataset" size="lg">
      <AddDatasetForm detail={detail} onClose={onClose} />
    </Modal>
  );
}

type DatasetValues = Required<CreateDatasetRequest>;

const validate = contractValidator(createDatasetRequestSchema, (v: DatasetValues) => v, {
  name: 'Give the dataset a name',
  providerName: 'Name the organisation that provides the data',
  representativeUserId: 'Choose the data provider representative',
});

function AddDatasetForm({ detail, onClose }: { detail: ProjectDetail; onClose: () => void }) {
  const add = useAddDataset(detail.project.id);
  const representatives = detail.participants.filter((p) => p.role === 'data_provider_representative');
  const form = useForm<DatasetValues>({
    initialValues: { name: '', description: '', providerName: '', representativeUserId: representatives[0]?.userId ?? '' },
    validate,
  });

  const submit = (values: DatasetValues) => add.mutate(createDatasetRequestSchema.parse(values), { onSuccess: onClose });

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <ErrorAlert error={add.error} title="Could not add the dataset" />
        {representatives.length === 0 && (
          <Alert color="yellow" title="No data provider representative yet">
            Add a participant with the role “Data provider representative” first: every dataset needs one.
          </Alert>
        )}
        <TextInput label="Dataset name" withAsterisk {...form.getInputProps('name')} data-autofocus />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <TextInput label="Provider" withAsterisk {...form.getInputProps('providerName')} />
        <NativeSelect
          label="Representative"
          withAsterisk
          data={[{ value: '', label: 'Choose…', disabled: true }, ...representatives.map((p) => ({ value: p.userId, label: `${p.name} (${p.email})` }))]}
          {...form.getInputProps('representativeUserId')}
          disabled={representatives.length === 0}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={add.isPending || representatives.length === 0}>
            Save dataset
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
