import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ApiToken, ApiTokenStatus } from '../../../../../common/contracts/api-tokens.contract';
import { EmptyNote } from '../../../components/ui/EmptyNote';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useApiTokens } from '../api';
import { CreateTokenModal } from './CreateTokenModal';
import { RevokeTokenModal } from './RevokeTokenModal';

const STATUS_BADGE: Record<ApiTokenStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  expired: { label: 'Expired', color: 'gray' },
  revoked: { label: 'Revoked', color: 'red' },
};

/** /tokens — your personal API tokens for the command line and scripts: list, create, revoke. */
export function ApiTokensPage() {
  const tokens = useApiTokens();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="A personal token lets the egress command line and your scripts act as you on one project, only for the actions you choose, until it expires. Everything done with it is recorded in the audit log under your name and the token's prefix."
        actions={<Button onClick={() => setCreating(true)}>New token</Button>}
      />
      <QueryState query={tokens}>
        {({ tokens: list }) =>
          list.length === 0 ? (
            <EmptyNote>You have no API tokens.</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table striped verticalSpacing="xs" aria-label="API tokens">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Token</Table.Th>
                    <Table.Th>Project</Table.Th>
                    <Table.Th>May</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((token) => (
                    <Table.Tr key={token.id}>
                      <Table.Td>{token.name}</Table.Td>
                      <Table.Td>
                        <Code>egr_{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{token.projectName}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {token.scopes.map((scope) => (
                            <Badge key={scope} variant="light" color="indigo" tt="none">
                              {scope}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatDateTime(token.expiresAt)}</Table.Td>
                      <Table.Td>
                        {token.lastUsedAt ? (
                          formatDateTime(token.lastUsedAt)
                        ) : (
                          <Text c="dimmed" size="sm">
                            Never
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATUS_BADGE[token.status].color}>
                          {STATUS_BADGE[token.status].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {token.status === 'active' && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
