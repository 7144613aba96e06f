import { describe, expect, it } from 'vitest';
import { type PathStep, questionSetDefinitionSchema } from '../../../common/contracts/question-sets.contract';
import { DomainError } from '../errors';
import { allPaths, toGraph, validateQuestionSet, verifyPath, walkAnswers } from './question-set';
import { TURING_QUESTION_SET } from './turing.question-set';

/** Short names for the table below; the values are the stable ids of docs/design.md §3.2. */
const ID = {
  OGN: 'open_generate_new',
  CP: 'closed_personal',
  PAO: 'public_and_open',
  NR: 'no_reidentify',
  NRA: 'no_reidentify_absolute',
  NRS: 'no_reidentify_strong',
  ICP: 'include_commercial_personal',
  FLP: 'financial_low_personal',
  IC: 'include_commercial',
  FL: 'financial_low',
  PUB: 'publishable',
  OP: 'open_publication',
  ST: 'substantial_threat',
  SA: 'sophisticated_attack',
} as const;

/**
 * Every root-to-leaf path of the turing set, derived by hand from the table in docs/design.md §3.2
 * (not from allPaths), so that it is an independent oracle. Each row: the questions asked in
 * order with the answer given, and the tier reached.
 */
const ALL_PATHS: readonly (readonly [string, number])[] = [
  // open_generate_new yes → substantial_threat
  ['OGN:Y ST:Y', 4],
  ['OGN:Y ST:N', 3],
  // … no → closed_personal yes → public_and_open yes → include_commercial
  ['OGN:N CP:Y PAO:Y IC:Y FL:Y PUB:Y', 1],
  ['OGN:N CP:Y PAO:Y IC:Y FL:Y PUB:N', 2],
  ['OGN:N CP:Y PAO:Y IC:Y FL:N SA:Y', 4],
  ['OGN:N CP:Y PAO:Y IC:Y FL:N SA:N', 3],
  ['OGN:N CP:Y PAO:Y IC:N OP:Y', 1],
  ['OGN:N CP:Y PAO:Y IC:N OP:N', 0],
  // … public_and_open no → no_reidentify yes → no_reidentify_absolute yes → include_commercial
  ['OGN:N CP:Y PAO:N NR:Y NRA:Y IC:Y FL:Y PUB:Y', 1],
  ['OGN:N CP:Y PAO:N NR:Y NRA:Y IC:Y FL:Y PUB:N', 2],
  ['OGN:N CP:Y PAO:N NR:Y NRA:Y IC:Y FL:N SA:Y', 4],
  ['OGN:N CP:Y PAO:N NR:Y NRA:Y IC:Y FL:N SA:N', 3],
  ['OGN:N CP:Y PAO:N NR:Y NRA:Y IC:N OP:Y', 1],
  ['OGN:N CP:Y PAO:N NR:Y NRA:Y IC:N OP:N', 0],
  // … no_reidentify_absolute no → no_reidentify_strong yes → include_commercial_personal
  ['OGN:N CP:Y PAO:N NR:Y NRA:N NRS:Y ICP:Y FLP:Y', 2],
  ['OGN:N CP:Y PAO:N NR:Y NRA:N NRS:Y ICP:Y FLP:N SA:Y', 4],
  ['OGN:N CP:Y PAO:N NR:Y NRA:N NRS:Y ICP:Y FLP:N SA:N', 3],
  ['OGN:N CP:Y PAO:N NR:Y NRA:N NRS:Y ICP:N', 2],
  // … no_reidentify_strong no → sophisticated_attack
  ['OGN:N CP:Y PAO:N NR:Y NRA:N NRS:N SA:Y', 4],
  ['OGN:N CP:Y PAO:N NR:Y NRA:N NRS:N SA:N', 3],
  // … no_reidentify no → substantial_threat
  ['OGN:N CP:Y PAO:N NR:N ST:Y', 4],
  ['OGN:N CP:Y PAO:N NR:N ST:N', 3],
  // … closed_personal no → include_commercial
  ['OGN:N CP:N IC:Y FL:Y PUB:Y', 1],
  ['OGN:N CP:N IC:Y FL:Y PUB:N', 2],
  ['OGN:N CP:N IC:Y FL:N SA:Y', 4],
  ['OGN:N CP:N IC:Y FL:N SA:N', 3],
  ['OGN:N CP:N IC:N OP:Y', 1],
  ['OGN:N CP:N IC:N OP:N', 0],
];

function stepsOf(row: string): PathStep[] {
  return row.split(' ').map((token) => {
    const [abbr, yn] = token.split(':') as [keyof typeof ID, 'Y' | 'N'];
    return { question: ID[abbr], version: 1, answer: yn === 'Y' };
  });
}

function render(path: readonly PathStep[]): string {
  return path.map((s) => `${s.question}=${s.answer ? 'Y' : 'N'}`).join(' ');
}

/**
 * Answers questions in the order they are asked, as a user would: ask walkAnswers for the
 * next unanswered question (missing_answer names it) and give it the next answer.
 */
function answerInOrder(graph: ReturnType<typeof toGraph>, sequence: string): { tier: number; asked: string[] } {
  const answers: Record<string, boolean> = {};
  const asked: string[] = [];
  for (const yn of sequence.split(',')) {
    try {
      walkAnswers(graph, answers);
      throw new Error(`a tier was reached before answer ${asked.length + 1} of "${sequence}"`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'classification.missing_answer') throw error;
      const next = error.details?.question as string;
      asked.push(next);
      answers[next] = yn === 'Y';
    }
  }
  const result = walkAnswers(graph, answers);
  expect(result.path.map((s) => s.question)).toEqual(asked);
  return { tier: result.tier, asked };
}

describe('the built-in turing question set', () => {
  const graph = toGraph(TURING_QUESTION_SET);

  it('is a valid question set', () => {
    expect(validateQuestionSet(TURING_QUESTION_SET).ok).toBe(true);
  });

  it('is already in its parsed form, so storing it and reading it back changes nothing', () => {
    expect(questionSetDefinitionSchema.parse(TURING_QUESTION_SET)).toEqual(TURING_QUESTION_SET);
  });

  it('is named turing', () => {
    expect(TURING_QUESTION_SET.name).toBe('turing');
  });

  it('has exactly the 14 questions of docs/design.md §3.2, each at version 1 with text and guidance', () => {
    expect(TURING_QUESTION_SET.questions).toHaveLength(14);
    expect(TURING_QUESTION_SET.questions.map((x) => x.id).sort()).toEqual(Object.values(ID).sort());
    for (const question of TURING_QUESTION_SET.questions) {
      expect(question.version).toBe(1);
      expect(question.text.length).toBeGreaterThan(0);
      expect(question.guidance.length).toBeGreaterThan(0);
    }
  });

  it('starts at open_generate_new', () => {
    expect(graph.start).toBe('open_generate_new');
  });

  it('has exactly 28 root-to-leaf paths', () => {
    expect(allPaths(graph)).toHaveLength(28);
  });

  it('has a hand-derived oracle of 28 distinct paths', () => {
    expect(new Set(ALL_PATHS.map(([row]) => row)).size).toBe(28);
  });

  it('gives allPaths exactly the hand-derived paths and tiers', () => {
    const fromCode = allPaths(graph)
      .map((p) => `${render(p.path)} → ${p.tier}`)
      .sort();
    const fromOracle = ALL_PATHS.map(([row, t]) => `${render(stepsOf(row))} → ${t}`).sort();
    expect(fromCode).toEqual(fromOracle);
  });

  it('reaches each tier on the expected number of paths', () => {
    const count = (t: number) => ALL_PATHS.filter(([, x]) => x === t).length;
    expect([0, 1, 2, 3, 4].map(count)).toEqual([3, 6, 5, 7, 7]);
    expect([0, 1, 2, 3, 4].map((t) => allPaths(graph).filter((p) => p.tier === t).length)).toEqual([3, 6, 5, 7, 7]);
  });

  describe.each(ALL_PATHS.map(([row, t]) => ({ row, tier: t })))('the path $row', ({ row, tier: expected }) => {
    const steps = stepsOf(row);

    it(`walks to tier ${expected} from answers given as an object, recording the same path`, () => {
      const answers = Object.fromEntries(steps.map((s) => [s.question, s.answer]));
      expect(walkAnswers(graph, answers)).toEqual({ tier: expected, path: steps });
    });

    it(`verifies to tier ${expected}`, () => {
      expect(verifyPath(graph, steps)).toBe(expected);
    });
  });

  describe('the five canonical checks of docs/design.md §3.2 (answers in the order asked)', () => {
    it('N,N,N,N gives tier 0 (no new or existing personal data, nothing commercial, no head start to protect)', () => {
      expect(answerInOrder(graph, 'N,N,N,N')).toEqual({
        tier: 0,
        asked: [ID.OGN, ID.CP, ID.IC, ID.OP],
      });
    });

    it('N,Y,Y,Y,Y,Y gives tier 1 (open personal data, low-consequence commercial material)', () => {
      expect(answerInOrder(graph, 'N,Y,Y,Y,Y,Y')).toEqual({
        tier: 1,
        asked: [ID.OGN, ID.CP, ID.PAO, ID.IC, ID.FL, ID.PUB],
      });
    });

    it('N,Y,N,Y,N,Y,Y,Y gives tier 2 (strongly pseudonymised data with low-consequence commercial material)', () => {
      expect(answerInOrder(graph, 'N,Y,N,Y,N,Y,Y,Y')).toEqual({
        tier: 2,
        asked: [ID.OGN, ID.CP, ID.PAO, ID.NR, ID.NRA, ID.NRS, ID.ICP, ID.FLP],
      });
    });

    it('N,N,Y,N,N gives tier 3 (commercial material with real consequences, unsophisticated attackers)', () => {
      expect(answerInOrder(graph, 'N,N,Y,N,N')).toEqual({
        tier: 3,
        asked: [ID.OGN, ID.CP, ID.IC, ID.FL, ID.SA],
      });
    });

    it('Y,Y gives tier 4 (new personal data whose disclosure would threaten the subjects)', () => {
      expect(answerInOrder(graph, 'Y,Y')).toEqual({ tier: 4, asked: [ID.OGN, ID.ST] });
    });
  });
});
