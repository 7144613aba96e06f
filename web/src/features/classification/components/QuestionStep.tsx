import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Question } from '../../../../../common/contracts';

interface QuestionStepProps {
  number: number;
  question: Question;
  onAnswer: (answer: boolean) => void;
  /** Absent on the first question. */
  onBack: (() => void) | undefined;
  cancel: ReactNode;
}

export function QuestionStep({ number, question, onAnswer, onBack, cancel }: QuestionStepProps) {
  return (
    <Stack gap="md" data-testid="question-step" data-question-id={question.id}>
      <Text size="sm" c="dimmed" fw={600} tt="uppercase" data-testid="question-progress">
        Question {number}
      </Text>
      <Title order={2} size="h3" id="question-text">
        {question.text}
      </Title>
      {question.guidance && (
        <Alert variant="light" color="blue" title="Guidance">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {question.guidance}
          </Text>
        </Alert>
      )}
      <Group gap="sm" role="group" aria-labelledby="question-text">
        <Button size="md" miw={110} onClick={() => onAnswer(true)}>
          Yes
        </Button>
        <Button size="md" miw={110} onClick={() => onAnswer(false)}>
          No
        </Button>
      </Group>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={!onBack}>
          Back
        </Button>
        {cancel}
      </Group>
    </Stack>
  );
}
