import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ApiToken } from '../../../../../common/contracts/api-tokens.contract';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useRevokeApiToken } from '../api';

interface RevokeTokenModalProps {
  /** The token to revoke; null keeps the dialog closed. */
  token: ApiToken | null;
  onClose: () => void;
}

/** Asks before revoking: whatever uses the token stops working at once, for good. */
export function RevokeTokenModal({ token, onClose }: RevokeTokenModalProps) {
  const revoke = useRevokeApiToken();
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={token !== null} onClose={close} title="Revoke this API token?">
      {token && (
        <Stack>
          <ErrorAlert error={revoke.error} title="Could not revoke the token" />
          <Text size="sm">
            “{token.name}” (egr_{token.prefix}…) for {token.projectName} stops working at once: the command line and any script using it will be refused. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button color="red" loading={revoke.isPending} disabled={revoke.isPending} onClick={() => revoke.mutate(token.id, { onSuccess: close })}>
              Revoke token
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
