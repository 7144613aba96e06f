import { Button, Group, Modal, SegmentedControl, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useMarkClosureFiles } from '../closure.api';
import { type MarkForm, markRequestOf } from '../closure-view';

const FATES = [
  { value: 'retained', label: 'Retained inside' },
  { value: 'discarded', label: 'Discarded' },
  { value: 'unmarked', label: 'Take the mark back' },
];

/** Marks output-area files retained or discarded by folder, pattern or list, with one reason. */
export function MarkFilesModal({ projectId, opened, startPath, onClose }: { projectId: string; opened: boolean; startPath?: string | undefined; onClose: () => void }) {
  const mark = useMarkClosureFiles(projectId);
  const [form, setForm] = useState<MarkForm>({ by: 'folder', value: '', fate: 'retained', reason: '' });
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (opened) setForm((f) => (startPath ? { ...f, by: 'paths', value: startPath } : f));
  }, [opened, startPath]);
  const submit = () => {
    const parsed = markRequestOf(form);
    if (!parsed.ok) return setProblem(parsed.message);
    setProblem(null);
    mark.mutate(parsed.request, { onSuccess: onClose });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Mark output-area files">
      <Stack>
        <SegmentedControl
          value={form.by}
          onChange={(by) => setForm({ ...form, by: by as MarkForm['by'] })}
          data={[
            { value: 'folder', label: 'Folder' },
            { value: 'pattern', label: 'Pattern' },
            { value: 'paths', label: 'Paths' },
          ]}
        />
        {form.by === 'paths' ? (
          <Textarea label="Paths, one a line" autosize minRows={2} value={form.value} onChange={(e) => setForm({ ...form, value: e.currentTarget.value })} />
        ) : (
          <TextInput
            label={form.by === 'folder' ? 'Folder (empty: the whole area)' : 'Pattern (* within a name, ** across folders)'}
            placeholder={form.by === 'folder' ? 'scratch' : 'scratch/**/*.tmp'}
            value={form.value}
            onChange={(e) => setForm({ ...form, value: e.currentTarget.value })}
          />
        )}
        <Select label="Fate" data={FATES} value={form.fate} onChange={(fate) => setForm({ ...form, fate: (fate ?? 'retained') as MarkForm['fate'] })} allowDeselect={false} />
        <Textarea label="Reason" required autosize minRows={2} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })} error={problem} />
        <ErrorAlert error={mark.error} title="Could not mark the files" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={mark.isPending} onClick={submit}>
            Mark files
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
