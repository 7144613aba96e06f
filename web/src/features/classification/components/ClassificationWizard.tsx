import { Alert, Grid, Paper, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { FindingsInView, QuestionSet } from '../../../../../common/contracts';
import { navigate } from '../../../lib/navigation';
import { useSubmitOpinion } from '../../../lib/work-packages';
import { contradictionsIn, toPath, walk } from '../wizard';
import { AnswerTrail } from './AnswerTrail';
import { FindingsInViewCard } from './FindingsInViewCard';
import { QuestionStep } from './QuestionStep';
import { ReviewStep } from './ReviewStep';
import { paths } from '../../../lib/paths';

interface ClassificationWizardProps {
  set: QuestionSet;
  wpId: string;
  /** Set when revising: the id of my current opinion. */
  revisesOpinionId: string | undefined;
  /** The egress package's findings summary, shown beside the questions; null for the ingress. */
  findings: FindingsInView | null;
  cancel: ReactNode;
}

/** One question per screen; answers are a list of booleans, so going back is a slice. */
export function ClassificationWizard({ set, wpId, revisesOpinionId, findings, cancel }: ClassificationWizardProps) {
  const [answers, setAnswers] = useState<boolean[]>([]);
  const [explanation, setExplanation] = useState('');
  const submit = useSubmitOpinion(wpId);
  const state = walk(set, answers);
  const contradictions = state.kind === 'tier' ? contradictionsIn(state.answered, findings) : [];
  const explained = explanation.trim();

  const answer = (value: boolean) => setAnswers([...state.answered.map((s) => s.answer), value]);
  const back = () => setAnswers(state.answered.slice(0, -1).map((s) => s.answer));
  const changeFrom = (index: number) => {
    submit.reset();
    setAnswers(state.answered.slice(0, index).map((s) => s.answer));
  };
  const send = () =>
    submit.mutate(
      { path: toPath(state.answered), ...(revisesOpinionId ? { revisesOpinionId } : {}), ...(explained ? { explanation: explained } : {}) },
      { onSuccess: () => navigate(paths.workPackage(wpId)) },
    );

  let step: ReactNode;
  if (state.kind === 'broken') {
    step = (
      <Alert color="red" title="This question set cannot be completed">
        {state.message}
      </Alert>
    );
  } else if (state.kind === 'question') {
    step = (
      <QuestionStep key={state.question.id} number={state.answered.length + 1} question={state.question} onAnswer={answer} onBack={state.answered.length > 0 ? back : undefined} cancel={cancel} />
    );
  } else {
    step = (
      <ReviewStep
        tier={state.tier}
        answered={state.answered}
        onBack={back}
        onSubmit={send}
        pending={submit.isPending || submit.isSuccess}
        error={submit.error}
        revising={Boolean(revisesOpinionId)}
        contradictions={contradictions}
        explanation={explanation}
        onExplanationChange={setExplanation}
        cancel={cancel}
      />
    );
  }

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder radius="md" p="lg">
          {step}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack>
          {findings && <FindingsInViewCard findings={findings} />}
          <AnswerTrail answered={state.answered} onChange={changeFrom} disabled={submit.isPending || submit.isSuccess} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
