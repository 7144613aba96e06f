import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { PackageFile } from '../../../../../common/contracts/packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useRemoveFile } from '../../../lib/packages';

interface RemoveFileModalProps {
  packageId: string;
  file: PackageFile;
  onClose: () => void;
}

/** Puts a file on the temporarily-removed register: it stays inside, with the reason on record. */
export function RemoveFileModal({ packageId, file, onClose }: RemoveFileModalProps) {
  const remove = useRemoveFile(packageId);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setReasonError('Say why the file is removed');
    setReasonError(undefined);
    remove.mutate({ fileId: file.id, reason: reason.trim(), version: file.version }, { onSuccess: onClose });
  };

  return (
    <Modal opened onClose={onClose} title="Remove temporarily" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            <Text span ff="monospace">
              {file.path}
            </Text>{' '}
            stays inside the environment and is not released. It appears on the removal register until it is reinstated, for example once a redacted version is agreed.
          </Text>
          <ErrorAlert error={remove.error} title="The file was not removed" />
          <Textarea
            label="Reason"
            description="Why the file cannot go out now, e.g. the tier it would raise the package to."
            withAsterisk
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="orange" loading={remove.isPending} disabled={remove.isPending}>
              Remove temporarily
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
