import { Alert, Button, Checkbox, Group, Modal, NativeSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, type CreatedApiTokenResponse, createApiTokenRequestSchema } from '../../../../../common/contracts/api-tokens.contract';
import { TOKEN_SCOPES, TOKEN_SCOPE_LABELS, type TokenScope } from '../../../../../common/vocab';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { contractValidator } from '../../../lib/contract-form';
import { useProjects } from '../../../lib/projects';
import { useCreateApiToken } from '../api';
import { TokenSecretNotice } from './TokenSecretNotice';

interface CreateTokenModalProps {
  opened: boolean;
  onClose: () => void;
}

/** Create a token, then show its secret once; closing the dialog forgets the secret. */
export function CreateTokenModal({ opened, onClose }: CreateTokenModalProps) {
  const [created, setCreated] = useState<CreatedApiTokenResponse | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Your new API token' : 'New API token'}
      size="lg"
      // Once the secret shows, only the explicit button closes the dialog, so it is not lost by a stray click.
      closeOnClickOutside={!created}
      closeOnEscape={!created}
    >
      {created ? <TokenSecretNotice created={created} onDone={close} /> : <CreateTokenForm onCreated={setCreated} onCancel={close} />}
    </Modal>
  );
}

interface TokenValues {
  name: string;
  /** Empty until chosen: the first of the caller's projects applies. */
  projectId: string;
  scopes: TokenScope[];
  days: number | string;
}

const toRequest = (v: TokenValues, defaultProject: string) => ({
  name: v.name,
  projectId: v.projectId || defaultProject,
  scopes: v.scopes,
  expiresInDays: Number(v.days),
});

const messages = {
  name: 'Give the token a name, e.g. the machine or script that uses it',
  projectId: 'Choose a project',
  scopes: 'Choose at least one thing the token may do',
  expiresInDays: `Between 1 and ${API_TOKEN_MAX_DAYS} days`,
} as const;

function CreateTokenForm({ onCreated, onCancel }: { onCreated: (created: CreatedApiTokenResponse) => void; onCancel: () => void }) {
  const create = useCreateApiToken();
  const projects = useProjects();
  const mine = (projects.data?.projects ?? []).filter((p) => p.myRole !== null);
  const defaultProject = mine[0]?.id ?? '';
  const checkRequest = contractValidator(createApiTokenRequestSchema, (v: TokenValues) => toRequest(v, defaultProject), messages);
  const form = useForm<TokenValues>({
    initialValues: { name: '', projectId: '', scopes: ['packages:read', 'packages:write'], days: API_TOKEN_DEFAULT_DAYS },
    // The form shows the days as `days`; the contract calls them `expiresInDays`.
    validate: (values) => {
      const { expiresInDays, ...errors } = checkRequest(values);
      return expiresInDays ? { ...errors, days: expiresInDays } : errors;
    },
  });

  const submit = (values: TokenValues) => {
    create.mutate(createApiTokenRequestSchema.parse(toRequest(values, defaultProject)), {
      onSuccess: (result) => {
        onCreated(result);
        create.reset();
      },
    });
  };

  if (projects.isSuccess && mine.length === 0) {
    return (
      <Stack>
        <Alert color="yellow" title="No project to create a token for">
          A token acts for you on one project you take part in. You are not a participant of any project yet.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <ErrorAlert error={create.error ?? projects.error} title="Could not create the token" />
        <TextInput
          label="Name"
          description="What uses it, so you recognise it later (e.g. “laptop” or “nightly export”)."
          withAsterisk
          maxLength={100}
          {...form.getInputProps('name')}
          data-autofocus
        />
        <NativeSelect
          label="Project"
          description="The token works on this project only."
          withAsterisk
          data={mine.map((p) => ({ value: p.id, label: p.name }))}
          {...form.getInputProps('projectId')}
          value={form.values.projectId || defaultProject}
          disabled={!projects.isSuccess}
        />
        <Checkbox.Group label="What it may do" withAsterisk {...form.getInputProps('scopes')}>
          <Stack gap="xs" mt="xs">
            {TOKEN_SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={scope} description={TOKEN_SCOPE_LABELS[scope]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <NumberInput
          label="Expires after (days)"
          description={`From 1 to ${API_TOKEN_MAX_DAYS} days. It can be revoked at any time before.`}
          withAsterisk
          min={1}
          max={API_TOKEN_MAX_DAYS}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('days')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={create.isPending || !projects.isSuccess}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
