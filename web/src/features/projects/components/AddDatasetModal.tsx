import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ProjectDetail } from '../../../../../common/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useAddDataset } from '../../../lib/projects';

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

type Field = 'name' | 'providerName' | 'representativeUserId';

function AddDatasetForm({ detail, onClose }: { detail: ProjectDetail; onClose: () => void }) {
  const add = useAddDataset(detail.project.id);
  const representatives = detail.participants.filter((p) => p.role === 'data_provider_representative');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [providerName, setProviderName] = useState('');
  const [representativeUserId, setRepresentativeUserId] = useState(representatives[0]?.userId ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = 'Give the dataset a name';
    if (!providerName.trim()) found.providerName = 'Name the organisation that provides the data';
    if (!representativeUserId) found.representativeUserId = 'Choose the data provider representative';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    add.mutate({ name: name.trim(), description: description.trim(), providerName: providerName.trim(), representativeUserId }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={add.error} title="Could not add the dataset" />
        {representatives.length === 0 && (
          <Alert color="yellow" title="No data provider representative yet">
            Add a participant with the role “Data provider representative” first: every dataset needs one.
          </Alert>
        )}
        <TextInput label="Dataset name" withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
        <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <TextInput label="Provider" withAsterisk value={providerName} onChange={(e) => setProviderName(e.currentTarget.value)} error={errors.providerName} />
        <NativeSelect
          label="Representative"
          withAsterisk
          data={[{ value: '', label: 'Choose…', disabled: true }, ...representatives.map((p) => ({ value: p.userId, label: `${p.name} (${p.email})` }))]}
          value={representativeUserId}
          onChange={(e) => setRepresentativeUserId(e.currentTarget.value)}
          error={errors.representativeUserId}
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
