import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createUserRequestSchema } from '../../../../../common/contracts/users.contract';
import type { SystemRole } from '../../../../../common/vocab';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { SYSTEM_ROLE_OPTIONS } from '../../../lib/options';
import { useCreateUser } from '../api';

const MIN_PASSWORD = 12;

interface CreateUserModalProps {
  opened: boolean;
  onClose: () => void;
}

export function CreateUserModal({ opened, onClose }: CreateUserModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="New user">
      <CreateUserForm onClose={onClose} />
    </Modal>
  );
}

interface UserValues {
  name: string;
  email: string;
  password: string;
  systemRole: SystemRole;
}

const validate = contractValidator(createUserRequestSchema, (v: UserValues) => v, {
  name: 'Enter the person’s name',
  email: (r) => (r.email.trim() ? 'Enter a valid email address' : 'Enter an email address'),
  password: (r) => (r.password.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters` : 'Use at most 256 characters'),
});

function CreateUserForm({ onClose }: { onClose: () => void }) {
  const create = useCreateUser();
  const form = useForm<UserValues>({ initialValues: { name: '', email: '', password: '', systemRole: 'standard' }, validate });

  const submit = (values: UserValues) => create.mutate(createUserRequestSchema.parse(values), { onSuccess: onClose });

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <ErrorAlert error={create.error} title="Could not create the user" />
        <TextInput label="Name" withAsterisk {...form.getInputProps('name')} data-autofocus />
        <TextInput label="Email" type="email" withAsterisk {...form.getInputProps('email')} />
        <TextInput label="Initial password" type="password" autoComplete="new-password" withAsterisk description={`At least ${MIN_PASSWORD} characters.`} {...form.getInputProps('password')} />
        <NativeSelect label="System role" data={SYSTEM_ROLE_OPTIONS} {...form.getInputProps('systemRole')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
