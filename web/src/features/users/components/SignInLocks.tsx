/** The accounts and addresses locked out by failed sign-ins, each with a button to lift the lock (system managers). */
import { Button, Table, Title } from '@mantine/core';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useLiftSignInLock, useSignInLocks } from '../api';

export function SignInLocks() {
  const locks = useSignInLocks();
  const lift = useLiftSignInLock();
  return (
    <>
      <Title order={2} size="h4" mt="xl" mb="sm">
        Sign-in lock-outs
      </Title>
      <ErrorAlert error={lift.error} title="Not lifted" />
      <QueryState query={locks}>
        {({ locks: list }) =>
          list.length === 0 ? (
            <EmptyNote>No account or address is locked out by failed sign-ins.</EmptyNote>
          ) : (
            <Table aria-label="Sign-in lock-outs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account or address</Table.Th>
                  <Table.Th>Failures</Table.Th>
                  <Table.Th>Locked until</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((l) => (
                  <Table.Tr key={`${l.kind}:${l.subject}`}>
                    <Table.Td>
                      {l.kind === 'account' ? 'Account' : 'Address'} {l.subject}
                    </Table.Td>
                    <Table.Td>{l.failures}</Table.Td>
                    <Table.Td>{formatDateTime(l.lockedUntil)}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="default" loading={lift.isPending} onClick={() => lift.mutate(l.kind === 'account' ? { email: l.subject } : { address: l.subject })}>
                        Lift
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </>
  );
}
