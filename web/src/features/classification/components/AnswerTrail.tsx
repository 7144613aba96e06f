import { Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import type { AnsweredStep } from '../wizard';

interface AnswerTrailProps {
  answered: AnsweredStep[];
  /** Go back to the answer at this index; later answers are dropped. */
  onChange: (index: number) => void;
  disabled: boolean;
}

/**
 * The answers so far, as a breadcrumb trail. The accessible names ("Change answer to question 2")
 * avoid the words Yes/No/Back, so the wizard's own buttons stay unambiguous by name.
 */
export function AnswerTrail({ answered, onChange, disabled }: AnswerTrailProps) {
  return (
    <Paper withBorder radius="md" p="md" component="nav" aria-label="Answers so far">
      <Text size="sm" fw={600} mb="xs">
        Answers so far
      </Text>
      {answered.length === 0 ? (
        <Text size="sm" c="dimmed">
          Your answers will appear here. Click one to change it.
        </Text>
      ) : (
        <Stack component="ol" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
          {answered.map((step, index) => (
            <li key={step.question.id}>
              <UnstyledButton
                onClick={() => onChange(index)}
                disabled={disabled}
                aria-label={`Change answer to question ${index + 1}`}
                title="Change this answer (later answers are cleared)"
                w="100%"
                p={6}
                style={{ borderRadius: 6, border: '1px solid var(--mantine-color-gray-3)' }}
              >
                <Text size="xs" c="dimmed">
                  Question {index + 1}
                </Text>
                <Text size="sm" lineClamp={2}>
                  {step.question.text}
                </Text>
                <Text size="sm" fw={700} c={step.answer ? 'teal.8' : 'gray.8'}>
                  {step.answer ? 'Yes' : 'No'}
                </Text>
              </UnstyledButton>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
