import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SystemRole } from '../../../../../common/vocab';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
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

type Field = 'name' | 'email' | 'password';

function CreateUserForm({ onClose }: { onClose: () => void }) {
  const create = useCreateUser();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [systemRole, setSystemRole] = useState<SystemRole>('standard');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = 'Enter the person’s name';
    if (!email.trim()) found.email = 'Enter an email address';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) found.email = 'Enter a valid email address';
    if (password.length < MIN_PASSWORD) found.password = `Use at least ${MIN_PASSWORD} characters`;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ name: name.trim(), email: email.trim(), password, systemRole }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={create.error} title="Could not create the user" />
        <TextInput label="Name" withAsterisk value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
        <TextInput label="Email" type="email" withAsterisk value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
        <TextInput
          label="Initial password"
          type="password"
          autoComplete="new-password"
          withAsterisk
          description={`At least ${MIN_PASSWORD} characters.`}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
        />
        <NativeSelect label="System role" data={SYSTEM_ROLE_OPTIONS} value={systemRole} onChange={(e) => setSystemRole(e.currentTarget.value as SystemRole)} />
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
