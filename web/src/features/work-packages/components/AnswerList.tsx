import { List, Text } from '@mantine/core';
import type { PathStep } from '../../../../../common/contracts';
import { useQuestionSet } from '../../../lib/question-sets';

interface AnswerListProps {
  path: PathStep[];
  questionSetId: string;
}

/** An opinion's answers in the order asked, with the question wording when it is available. */
export function AnswerList({ path, questionSetId }: AnswerListProps) {
  const set = useQuestionSet(questionSetId);
  const text = new Map(set.data?.questions.map((q) => [q.id, q.text]) ?? []);
  return (
    <List type="ordered" size="sm" spacing={4}>
      {path.map((step, i) => (
        <List.Item key={`${i}-${step.question}`}>
          <Text span size="sm">
            {text.get(step.question) ?? step.question}
          </Text>{' '}
          <Text span size="sm" fw={600} c={step.answer ? 'teal.8' : 'gray.8'}>
            {step.answer ? 'Yes' : 'No'}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
