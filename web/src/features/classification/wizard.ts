/**
 * The classification walk as a pure function: given the question set and the answers so far,
 * where are we? Answers are kept as plain booleans in the order asked, so going back to change
 * one is a slice. Example with the built-in "turing" set: [false, false, false, false] walks
 * open_generate_new → closed_personal → include_commercial → open_publication → tier 0.
 */
import type { FindingsInView, PathStep, Question, QuestionSet } from '../../../../common/contracts';

export interface AnsweredStep {
  question: Question;
  answer: boolean;
}

export type WalkState =
  { kind: 'question'; question: Question; answered: AnsweredStep[] } | { kind: 'tier'; tier: number; answered: AnsweredStep[] } | { kind: 'broken'; message: string; answered: AnsweredStep[] };

/** Follow `answers` from the start node of `set`. Never throws; a malformed set gives `broken`. */
export function walk(set: Pick<QuestionSet, 'start' | 'questions'>, answers: readonly boolean[]): WalkState {
  const byId = new Map(set.questions.map((q) => [q.id, q]));
  const answered: AnsweredStep[] = [];
  let question = byId.get(set.start);
  if (!question) return { kind: 'broken', message: `The question set has no start question "${set.start}".`, answered };

  for (const answer of answers) {
    answered.push({ question, answer });
    const branch = answer ? question.yes : question.no;
    if ('tier' in branch) return { kind: 'tier', tier: branch.tier, answered };
    const next = byId.get(branch.question);
    if (!next) return { kind: 'broken', message: `Question "${question.id}" leads to a missing question "${branch.question}".`, answered };
    // A path can never be longer than the set; a cycle would otherwise run forever.
    if (answered.length > set.questions.length) return { kind: 'broken', message: 'The question set contains a loop.', answered };
    question = next;
  }
  return { kind: 'question', question, answered };
}

/** The request path: each step pinned to the version of the question that was answered. */
export function toPath(answered: readonly AnsweredStep[]): PathStep[] {
  return answered.map(({ question, answer }) => ({ question: question.id, version: question.version, answer }));
}

/**
 * The answers given that contradict the package's findings (the server's rules, sent with the
 * work package): each needs an explanation before the opinion is accepted.
 */
export function contradictionsIn(answered: readonly AnsweredStep[], findings: FindingsInView | null): FindingsInView['contradictions'] {
  if (!findings) return [];
  return findings.contradictions.filter((rule) => answered.some((step) => step.question.id === rule.question && step.answer === rule.answer));
}
