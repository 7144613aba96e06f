import { Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { z } from 'zod';
import type { FileVersion } from '../../../../../common/contracts/packages.contract';
import { linkManualRedactionRequestSchema } from '../../../../../common/contracts/redaction.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { useLinkManualRedaction } from '../../../lib/redaction';

interface LinkManualRedactionFormProps {
  packageId: string;
  fileId: string;
  current: FileVersion;
  earlier: FileVersion[];
  onDone: () => void;
}

interface Values {
  replacesVersionId: string;
  reason: string;
}

/**
 * For a file redacted by hand inside the environment and added again from inside: records which
 * earlier version the current one replaces and why (docs/redaction.md), so the provenance, the
 * audit log and the bundle manifest show it. The replaced version stays inside.
 */
export function LinkManualRedactionForm({ packageId, fileId, current, earlier, onDone }: LinkManualRedactionFormProps) {
  const link = useLinkManualRedaction(packageId);
  const toRequest = (values: Values): z.input<typeof linkManualRedactionRequestSchema> => ({ fileVersionId: current.id, replacesVersionId: values.replacesVersionId, reason: values.reason });
  const form = useForm<Values>({
    initialValues: { replacesVersionId: earlier[0]?.id ?? '', reason: '' },
    validate: contractValidator(linkManualRedactionRequestSchema, toRequest, {
      replacesVersionId: 'Choose the version it replaces',
      reason: (r) => (r.reason.trim() ? 'At most 4000 characters' : 'Say what was redacted by hand, and why'),
    }),
  });
  const submit = (values: Values) => link.mutate({ fileId, ...linkManualRedactionRequestSchema.parse(toRequest(values)) }, { onSuccess: onDone });
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate aria-label="Link a version redacted by hand">
      <Stack gap="xs" mt="md">
        <Text size="sm">v{current.number} was redacted by hand inside the environment? Record the version it replaces. The earlier version stays inside and is never released.</Text>
        <ErrorAlert error={link.error} title="The versions were not linked" />
        <Select
          label="Replaces"
          withAsterisk
          data={earlier.map((v) => ({ value: v.id, label: `v${v.number} (${v.sha256.slice(0, 12)}…)` }))}
          allowDeselect={false}
          {...form.getInputProps('replacesVersionId')}
        />
        <Textarea label="What was redacted, and why" withAsterisk autosize minRows={2} {...form.getInputProps('reason')} />
        <Group>
          <Button type="submit" loading={link.isPending}>
            Link v{current.number} to the version it replaces
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
