import { Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { navigate } from '../../../lib/navigation';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { TIER_OPTIONS } from '../../../lib/options';
import { useCreateProject, useQuestionSets } from '../../../lib/projects';
import { paths } from '../../../lib/paths';

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
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [environmentTier, setEnvironmentTier] = useState('2');
  const [questionSet, setQuestionSet] = useState('turing');
  const [nameError, setNameError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setNameError('Give the project a name');
    setNameError(undefined);
    create.mutate(
      {
        name: name.trim(),
        description: description.trim(),
        environmentTier: Number(environmentTier),
        ...(questionSet.trim() ? { questionSet: questionSet.trim() } : {}),
      },
      {
        onSuccess: (detail) => {
          onClose();
          navigate(paths.project(detail.project.id));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={create.error} title="Could not create the project" />
        <TextInput label="Project name" withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} data-autofocus />
        <Textarea label="Description" autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <NativeSelect
          label="Environment tier"
          description="The tier of the secure environment the project runs in."
          data={TIER_OPTIONS}
          value={environmentTier}
          onChange={(e) => setEnvironmentTier(e.currentTarget.value)}
        />
        <QuestionSetField value={questionSet} onChange={setQuestionSet} />
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
