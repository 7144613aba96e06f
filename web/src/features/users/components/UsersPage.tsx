import { Alert, Badge, Button, Table } from '@mantine/core';
import { useState } from 'react';
import { SYSTEM_ROLE_LABELS } from '../../../../../common/vocab';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useCurrentSession } from '../../../lib/session';
import { useUsers } from '../api';
import { CreateUserModal } from './CreateUserModal';
import { SignInLocks } from './SignInLocks';
import { UserActions } from './UserActions';

/** /users — system managers list and create accounts; programme managers may list them. */
export function UsersPage() {
  const { abilities } = useCurrentSession();
  if (!abilities.manageUsers && !abilities.listUsers) {
    return (
      <>
        <PageHeader title="Users" />
        <Alert color="yellow" title="Not available">
          Only system managers can manage user accounts.
        </Alert>
      </>
    );
  }
  return <UserList canCreate={abilities.manageUsers === true} />;
}

function UserList({ canCreate }: { canCreate: boolean }) {
  const users = useUsers();
  const { user: me } = useCurrentSession();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in to Safe Haven Egress." actions={canCreate && <Button onClick={() => setCreating(true)}>New user</Button>} />
      <QueryState query={users}>
        {({ users: list }) =>
          list.length === 0 ? (
            <EmptyNote>No users yet.</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing="xs" aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>System role</Table.Th>
                    <Table.Th>Account</Table.Th>
                    <Table.Th>Second factor</Table.Th>
                    <Table.Th>Created</Table.Th>
                    {canCreate && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((user) => (
                    <Table.Tr key={user.id}>
                      <Table.Td>{user.name}</Table.Td>
                      <Table.Td>{user.email}</Table.Td>
                      <Table.Td>{SYSTEM_ROLE_LABELS[user.systemRole]}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={user.disabled ? 'gray' : 'teal'}>
                          {user.disabled ? 'Disabled' : 'Active'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{user.secondFactor ? 'Enrolled' : 'None'}</Table.Td>
                      <Table.Td>{formatDateTime(user.createdAt)}</Table.Td>
                      {canCreate && (
                        <Table.Td>
                          <UserActions user={user} isSelf={user.id === me.id} />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {canCreate && <SignInLocks />}
      {canCreate && <CreateUserModal opened={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
