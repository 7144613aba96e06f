import { Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type CreateProjectRequest, createProjectRequestSchema } from '../../../../../common/contracts/projects.contract';
import { navigate } from '../../../lib/navigation';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { TIER_OPTIONS } from '../../../lib/options';
import { useCreateProject, useQuestionSets } from '../../../lib/projects';
import { paths } from '../../../lib/paths';
import { contractValidator } from '../../../lib/contract-form';

interface NewProjectValues {
  name: string;
  description: string;
  environmentTier: string;
  questionSet: string;
}

const toRequest = (v: NewProjectValues) => ({
  name: v.name,
  description: v.description,
  environmentTier: Number(v.environmentTier),
  ...(v.questionSet.trim() ? { questionSet: v.questionSet.trim() } : {}),
});

const validate = contractValidator(createProjectRequestSchema, toRequest, { name: 'Give the project a name' });

interface NewProjectModalProps {
  opened: boolean;
  onClose: () => void;
}

export function NewProjectModal({ opened, onClose }: NewProjectModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="New project" size="lg">
      <NewProjectForm onClose={onClose} />
    </Modal>
  );
}

function NewProjectForm({ onClose }: { onClose: () => void }) {
  const create = useCreateProject();
  const form = useForm<NewProjectValues>({ initialValues: { name: '', description: '', environmentTier: '2', questionSet: 'turing' }, validate });

  const submit = (values: NewProjectValues) => {
    const request: CreateProjectRequest = createProjectRequestSchema.parse(toRequest(values));
    create.mutate(request, {
      onSuccess: (detail) => {
        onClose();
        navigate(paths.project(detail.project.id));
      },
    });
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <ErrorAlert error={create.error} title="Could not create the project" />
        <TextInput label="Project name" withAsterisk {...form.getInputProps('name')} data-autofocus />
        <Textarea label="Description" autosize minRows={3} {...form.getInputProps('description')} />
        <NativeSelect label="Environment tier" description="The tier of the secure environment the project runs in." data={TIER_OPTIONS} {...form.getInputProps('environmentTier')} />
        <QuestionSetField value={form.values.questionSet} onChange={(name) => form.setFieldValue('questionSet', name)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={create.isPending}>
            Create project
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The questionnaire by name (the newest version applies); free text if the list cannot load. */
function QuestionSetField({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const sets = useQuestionSets();
  const description = 'The classification questionnaire its work packages are classified with.';
  const names = new Map<string, string>();
  for (const set of sets.data?.questionSets ?? []) if (!names.has(set.name)) names.set(set.name, set.title);
  if (names.size === 0) {
    return <TextInput label="Question set" description={description} value={value} onChange={(e) => onChange(e.currentTarget.value)} disabled={sets.isPending} />;
  }
  if (!names.has(value)) names.set(value, value);
  return (
    <NativeSelect
      label="Question set"
      description={description}
      data={[...names].map(([name, title]) => ({ value: name, label: title === name ? name : `${title} (${name})` }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
