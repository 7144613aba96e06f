import { Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type DeliveryOptions, type RegisterDestinationRequest, registerDestinationRequestSchema } from '../../../../../common/contracts/destinations.contract';
import { DELIVERY_METHODS, DELIVERY_METHOD_LABELS, DESTINATION_KINDS, DESTINATION_LABELS, type DeliveryMethod, type DestinationKind } from '../../../../../common/vocab/destinations';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { useRegisterDestination } from '../destinations.api';

interface Props {
  projectId: string;
  options: DeliveryOptions;
  opened: boolean;
  onClose: () => void;
}

export function RegisterDestinationModal({ projectId, options, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Register a destination" size="lg">
      <RegisterDestinationForm projectId={projectId} options={options} onClose={onClose} />
    </Modal>
  );
}

interface Values {
  name: string;
  kind: DestinationKind;
  contactEmail: string;
  method: DeliveryMethod;
  target: string;
  recipientKey: string;
}

const toRequest = (v: Values): RegisterDestinationRequest => ({
  name: v.name,
  kind: v.kind,
  contactEmail: v.contactEmail,
  method: v.method,
  target: v.method === 'link' ? null : v.target,
  recipientKey: v.recipientKey.trim() === '' ? null : v.recipientKey,
});

const validate = contractValidator(registerDestinationRequestSchema, toRequest, {
  name: 'Give the destination a name',
  contactEmail: 'Give the recipient’s contact e-mail address',
});

/** Which methods the server offers: a push needs a configured target, a folder export EXPORT_DIR. */
const offered = (options: DeliveryOptions) => DELIVERY_METHODS.filter((m) => m === 'link' || (m === 'container_push' ? options.pushTargets.length > 0 : options.folderExport));

function RegisterDestinationForm({ projectId, options, onClose }: { projectId: string; options: DeliveryOptions; onClose: () => void }) {
  const register = useRegisterDestination(projectId);
  const form = useForm<Values>({
    initialValues: { name: '', kind: 'data_provider', contactEmail: '', method: 'link', target: '', recipientKey: '' },
    validate,
  });
  const method = form.getValues().method;
  const submit = (values: Values) => register.mutate(registerDestinationRequestSchema.parse(toRequest(values)), { onSuccess: onClose });

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <ErrorAlert error={register.error} title="Could not register the destination" />
        <TextInput label="Name" withAsterisk {...form.getInputProps('name')} data-autofocus />
        <NativeSelect label="Kind of destination" withAsterisk data={DESTINATION_KINDS.map((k) => ({ value: k, label: DESTINATION_LABELS[k] }))} {...form.getInputProps('kind')} />
        <TextInput label="Contact e-mail" type="email" withAsterisk {...form.getInputProps('contactEmail')} />
        <NativeSelect
          label="Delivery"
          withAsterisk
          description="A push or a folder export is offered only when the server is configured for it (DELIVERY_TARGETS, EXPORT_DIR)."
          data={offered(options).map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))}
          {...form.getInputProps('method')}
          onChange={(event) => {
            form.setFieldValue('method', event.currentTarget.value as DeliveryMethod);
            form.setFieldValue('target', event.currentTarget.value === 'container_push' ? (options.pushTargets[0] ?? '') : '');
          }}
        />
        {method === 'container_push' && <NativeSelect label="Storage target" withAsterisk data={options.pushTargets.map((t) => ({ value: t, label: t }))} {...form.getInputProps('target')} />}
        {method === 'folder_export' && (
          <TextInput label="Sub-folder of the export folder" withAsterisk description="A relative path such as provider/inbox; it cannot leave the export folder." {...form.getInputProps('target')} />
        )}
        <Textarea
          label="Recipient public key"
          description="The recipient’s age public key (age1…), as age-keygen prints it. Needed where the tier requires encryption; its fingerprint is shown once registered."
          autosize
          minRows={2}
          {...form.getInputProps('recipientKey')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={register.isPending} disabled={register.isPending}>
            Register
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
