import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { z } from 'zod';
import { type PackageFile, removeFileRequestSchema } from '../../../../../common/contracts/packages.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { useRemoveFile } from '../../../lib/packages';

interface RemoveFileModalProps {
  packageId: string;
  file: PackageFile;
  onClose: () => void;
}

/** Puts a file on the temporarily-removed register: it stays inside, with the reason on record. */
export function RemoveFileModal({ packageId, file, onClose }: RemoveFileModalProps) {
  const remove = useRemoveFile(packageId);
  const toRequest = (values: { reason: string }): z.input<typeof removeFileRequestSchema> => ({ reason: values.reason, version: file.version });
  const form = useForm({
    initialValues: { reason: '' },
    validate: contractValidator(removeFileRequestSchema, toRequest, { reason: (r) => (r.reason.trim() ? 'At most 2000 characters' : 'Say why the file is removed') }),
  });
  const submit = (values: { reason: string }) => remove.mutate({ fileId: file.id, ...removeFileRequestSchema.parse(toRequest(values)) }, { onSuccess: onClose });

  return (
    <Modal opened onClose={onClose} title="Remove temporarily" size="lg">
      <form onSubmit={form.onSubmit(submit)} noValidate>
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
            {...form.getInputProps('reason')}
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
