/**
 * A system manager's actions on one account (docs/identity.md): disable or enable it, reset its
 * password (a generated one, shown once here), reset its second factor, see and end its sessions.
 */
import { Button, Code, Group, Menu, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { User } from '../../../../../common/contracts';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useDisableUser, useEnableUser, useEndSessions, useResetPassword, useResetSecondFactor, useUserSessions } from '../api';

type Dialog = 'password' | 'second-factor' | 'sessions' | null;

export function UserActions({ user, isSelf }: { user: User; isSelf: boolean }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const disable = useDisableUser();
  const enable = useEnableUser();
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="compact-sm" variant="default" aria-label={`Actions for ${user.email}`}>
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {user.disabled ? (
            <Menu.Item onClick={() => enable.mutate(user.id)}>Enable account</Menu.Item>
          ) : (
            <Menu.Item color="red" disabled={isSelf} onClick={() => disable.mutate(user.id)}>
              Disable account
            </Menu.Item>
          )}
          <Menu.Item onClick={() => setDialog('password')}>Reset password…</Menu.Item>
          <Menu.Item onClick={() => setDialog('second-factor')}>Reset second factor…</Menu.Item>
          <Menu.Item onClick={() => setDialog('sessions')}>Sessions…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ErrorAlert error={disable.error ?? enable.error} title="Not changed" />
      {dialog === 'password' && <ResetPasswordModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'second-factor' && <ResetSecondFactorModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'sessions' && <SessionsModal user={user} onClose={() => setDialog(null)} />}
    </>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const reset = useResetPassword();
  return (
    <Modal opened onClose={onClose} title={`Reset the password of ${user.email}`}>
      {reset.data ? (
        <Stack>
          <Text size="sm">Give this password to {user.name} by a safe route. It is shown only now; their sessions have ended.</Text>
          <Code block data-testid="new-password">
            {reset.data.password}
          </Code>
          <Button onClick={onClose}>Done</Button>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">A new password is generated and shown once; the current one stops working and every session of the account ends.</Text>
          <ErrorAlert error={reset.error} title="Not reset" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red" loading={reset.isPending} onClick={() => reset.mutate(user.id)}>
              Reset password
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function ResetSecondFactorModal({ user, onClose }: { user: User; onClose: () => void }) {
  const reset = useResetSecondFactor();
  return (
    <Modal opened onClose={onClose} title={`Reset the second factor of ${user.email}`}>
      <Stack>
        <Text size="sm">Removes the authenticator and recovery codes (a lost phone) and ends every session; {user.name} sets up a new one at the next sign-in.</Text>
        <ErrorAlert error={reset.error} title="Not reset" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={reset.isPending} onClick={() => reset.mutate(user.id, { onSuccess: onClose })}>
            Reset second factor
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SessionsModal({ user, onClose }: { user: User; onClose: () => void }) {
  const sessions = useUserSessions(user.id);
  const end = useEndSessions(user.id);
  return (
    <Modal opened onClose={onClose} title={`Sessions of ${user.email}`} size="lg">
      <QueryState query={sessions}>
        {({ sessions: list }) => (
          <Stack>
            {list.length === 0 ? (
              <Text size="sm">No open session.</Text>
            ) : (
              <Table aria-label="Sessions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Signed in</Table.Th>
                    <Table.Th>Last seen</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                      <Table.Td>{formatDateTime(s.lastSeenAt)}</Table.Td>
                      <Table.Td>{s.stage === 'full' ? 'Signed in' : 'Awaiting second step'}</Table.Td>
                      <Table.Td>
                        <Button size="compact-xs" variant="default" onClick={() => end.mutate(s.id)}>
                          End
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <ErrorAlert error={end.error} title="Not ended" />
            <Group justify="flex-end">
              <Button color="red" disabled={list.length === 0} loading={end.isPending} onClick={() => end.mutate(undefined)}>
                End all sessions
              </Button>
            </Group>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
