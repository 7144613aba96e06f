import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TierRule } from '../../../../../common/contracts';
import { DESTINATION_LABELS, PROJECT_ROLE_LABELS } from '../../../../../common/vocab';
import { Section } from '../../../components/ui/Section';
import { TierBadge } from '../../../components/ui/TierBadge';
import { formatLifetime } from '../../../lib/format';

interface TierPolicyCardProps {
  policy: TierRule;
  policyVersion: number | null;
}

/** What the work package's tier requires before anything leaves, and where it may go. */
export function TierPolicyCard({ policy, policyVersion }: TierPolicyCardProps) {
  return (
    <Section title="Tier policy">
      <Group gap="xs">
        <TierBadge tier={policy.tier} />
        {policyVersion !== null && (
          <Text size="xs" c="dimmed">
            Policy version {policyVersion}
          </Text>
        )}
      </Group>
      <Text size="sm">{policy.summary}</Text>
      {!policy.egressAllowed ? (
        <Badge color="red" variant="light">
          Nothing may leave at this tier
        </Badge>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          <Fact label="Required sign-offs">{policy.requiredSignOffs.map((role) => PROJECT_ROLE_LABELS[role]).join(' + ') || '—'}</Fact>
          <Fact label="Destinations">
            <Stack gap={0}>
              {policy.destinations.map((d) => (
                <span key={d}>{DESTINATION_LABELS[d]}</span>
              ))}
            </Stack>
          </Fact>
          <Fact label="Encryption">{policy.encryptionRequired ? 'Required' : 'Not required'}</Fact>
          <Fact label="Download link lifetime">{formatLifetime(policy.linkLifetimeHours)}</Fact>
        </SimpleGrid>
      )}
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
