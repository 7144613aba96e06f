import { Alert, Button, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { FindingsInView } from '../../../../../common/contracts';
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
  /** Answers that contradict the package's findings: the opinion then needs an explanation. */
  contradictions: FindingsInView['contradictions'];
  explanation: string;
  onExplanationChange: (value: string) => void;
  cancel: ReactNode;
}

/** The end of a branch: the resulting tier and every answer, before the opinion is sent. */
export function ReviewStep({ tier, answered, onBack, onSubmit, pending, error, revising, contradictions, explanation, onExplanationChange, cancel }: ReviewStepProps) {
  const [missing, setMissing] = useState(false);
  const needsExplanation = contradictions.length > 0;
  const send = () => {
    if (needsExplanation && explanation.trim() === '') return setMissing(true);
    setMissing(false);
    onSubmit();
  };
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
      {needsExplanation && (
        <Stack gap="xs" data-testid="explanation-needed">
          <Alert color="orange" variant="light" title="Your answers contradict the automated findings">
            <List size="sm" spacing={2}>
              {contradictions.map((c) => (
                <List.Item key={c.question}>You answered that {c.claim}.</List.Item>
              ))}
            </List>
          </Alert>
          <Textarea
            label="Why do your answers stand?"
            description="Recorded with your opinion and shown to the other classifiers once they have given theirs."
            withAsterisk
            autosize
            minRows={3}
            maxLength={4000}
            value={explanation}
            onChange={(e) => onExplanationChange(e.currentTarget.value)}
            error={missing ? 'Explain why, or go back and change your answers' : undefined}
          />
        </Stack>
      )}
      <ErrorAlert error={error} title="Could not submit your opinion" />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={pending}>
          Back
        </Button>
        <Group gap="sm">
          {cancel}
          <Button onClick={send} loading={pending} disabled={pending}>
            Submit opinion
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
