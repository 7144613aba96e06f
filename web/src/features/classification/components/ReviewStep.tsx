import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { TierBadge } from '../../../components/ui/TierBadge';
import { formatTier } from '../../../lib/format';
import type { AnsweredStep } from '../wizard';

interface ReviewStepProps {
  tier: number;
  answered: AnsweredStep[];
  onBack: () => void;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  revising: boolean;
  cancel: ReactNode;
}

/** The end of a branch: the resulting tier and every answer, before the opinion is sent. */
export function ReviewStep({ tier, answered, onBack, onSubmit, pending, error, revising, cancel }: ReviewStepProps) {
  return (
    <Stack gap="md" data-testid="review-step">
      <Text size="sm" c="dimmed" fw={600} tt="uppercase">
        Review
      </Text>
      <Title order={2} size="h3">
        Your answers give {formatTier(tier)}
      </Title>
      <Group gap="xs">
        <TierBadge tier={tier} size="lg" data-testid="result-tier" />
      </Group>
      <div>
        <Text size="sm" fw={600} mb={4}>
          All answers
        </Text>
        <List type="ordered" size="sm" spacing={4}>
          {answered.map((step) => (
            <List.Item key={step.question.id}>
              {step.question.text}{' '}
              <Text span fw={600} size="sm">
                {step.answer ? 'Yes' : 'No'}
              </Text>
            </List.Item>
          ))}
        </List>
      </div>
      <Text size="sm" c="dimmed">
        {revising
          ? 'Submitting replaces your current opinion. Your earlier opinion stays in the history.'
          : 'Once submitted, you will see the other classifiers’ opinions. You can revise yours while the classification is open.'}
      </Text>
      <ErrorAlert error={error} title="Could not submit your opinion" />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={pending}>
          Back
        </Button>
        <Group gap="sm">
          {cancel}
          <Button onClick={onSubmit} loading={pending} disabled={pending}>
            Submit opinion
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
