import { describe, expect, it } from 'vitest';
import { branchSchema, type PathStep, pathStepSchema, questionIdSchema, questionSchema, questionSetDefinitionSchema } from '../../../common/contracts/question-sets.contract';
import { DomainError } from '../errors';
import { allPaths, toGraph, validateQuestionSet, verifyPath, walkAnswers } from './question-set';
import { TURING_QUESTION_SET } from './turing.question-set';

// ---- fixtures -------------------------------------------------------------------------------

type RawBranch = { question: string } | { tier: number } | Record<string, unknown>;

const to = (question: string) => ({ question });
const tier = (t: number) => ({ tier: t });
const q = (id: string, yes: RawBranch, no: RawBranch, version = 1) => ({ id, version, text: `Question ${id}?`, yes, no });
const set = (...questions: unknown[]) => ({ name: 'mini', title: 'Mini', questions });
const step = (question: string, answer: boolean, version = 1): PathStep => ({ question, version, answer });

/** personal? yes → 3; no → public? (version 2) yes → 0, no → 1. */
const MINI = set(q('personal', tier(3), to('public')), q('public', tier(0), tier(1), 2));

/** Runs `fn` and returns the DomainError it throws; fails the test otherwise. */
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

function problemsOf(input: unknown): string[] {
  const result = validateQuestionSet(input);
  if (result.ok) throw new Error('expected the set to be invalid, but it validated');
  return result.problems;
}

const NO_START = 'no start question: every question is pointed to by another (the graph has a cycle)';

// ---- validateQuestionSet ----------------------------------------------------------------------

describe('validateQuestionSet', () => {
  it('accepts a small valid set and returns its start, its questions by id and the parsed definition with defaults', () => {
    const result = validateQuestionSet(MINI);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.graph.start).toBe('personal');
    expect([...result.graph.byId.keys()]).toEqual(['personal', 'public']);
    expect(result.graph.byId.get('public')).toEqual({
      id: 'public',
      version: 2,
      text: 'Question public?',
      guidance: '',
      yes: { tier: 0 },
      no: { tier: 1 },
    });
    expect(result.graph.definition.description).toBe('');
    expect(result.graph.definition.name).toBe('mini');
  });

  it('finds the start as the question nobody points to, wherever it is listed', () => {
    const result = validateQuestionSet(set(q('b', tier(0), tier(1)), q('a', to('b'), tier(2))));
    expect(result.ok && result.graph.start).toBe('a');
  });

  it('accepts a set where two branches share a later question (a DAG, not only a tree)', () => {
    const result = validateQuestionSet(set(q('a', to('b'), to('c')), q('b', to('c'), tier(1)), q('c', tier(2), tier(3))));
    expect(result.ok && result.graph.start).toBe('a');
  });

  it('accepts a question whose yes and no both lead to the same question', () => {
    const result = validateQuestionSet(set(q('a', to('b'), to('b')), q('b', tier(2), tier(3))));
    expect(result.ok && result.graph.start).toBe('a');
  });

  it('accepts a single question that leads straight to tiers', () => {
    const result = validateQuestionSet(set(q('only', tier(4), tier(0))));
    expect(result.ok && result.graph.start).toBe('only');
  });

  describe('cycles', () => {
    it('rejects a set whose questions all point at each other, because there is no start', () => {
      expect(problemsOf(set(q('a', to('b'), tier(0)), q('b', to('a'), tier(1))))).toEqual([NO_START]);
    });

    it('rejects a cycle below a valid start and names the questions on the cycle', () => {
      const input = set(q('s', to('a'), tier(0)), q('a', to('b'), tier(1)), q('b', to('a'), tier(2)));
      expect(problemsOf(input)).toEqual(['cycle: a → b → a']);
    });

    it('rejects a longer cycle reached through the no branch and names every question on it', () => {
      const input = set(q('s', tier(0), to('a')), q('a', tier(1), to('b')), q('b', to('c'), tier(2)), q('c', tier(3), to('a')));
      expect(problemsOf(input)).toEqual(['cycle: a → b → c → a']);
    });

    it('rejects a question that leads to itself and names it and the branch', () => {
      const input = set(q('s', to('a'), tier(0)), q('a', tier(1), to('a')));
      expect(problemsOf(input)).toEqual(['question "a" no leads to itself']);
    });

    it('rejects a lone question that leads to itself, reporting the self-loop and the missing start', () => {
      expect(problemsOf(set(q('a', to('a'), tier(0))))).toEqual(['question "a" yes leads to itself', NO_START]);
    });
  });

  describe('start nodes', () => {
    it('rejects two questions that nobody points to and names both', () => {
      expect(problemsOf(set(q('s1', tier(0), tier(1)), q('s2', tier(2), tier(3))))).toEqual(['more than one start question: s1, s2']);
    });

    it('rejects an unreachable question that nobody points to as a second start', () => {
      const input = set(q('s', to('a'), tier(0)), q('a', tier(1), tier(2)), q('orphan', tier(3), tier(4)));
      expect(problemsOf(input)).toEqual(['more than one start question: s, orphan']);
    });
  });

  it('rejects a question id defined twice and names it', () => {
    const input = set(q('s', to('a'), tier(0)), q('a', tier(1), tier(2)), q('a', tier(3), tier(4)));
    expect(problemsOf(input)).toEqual(['question "a" is defined more than once']);
  });

  it('rejects a branch to a question the set does not have and names both ends', () => {
    expect(problemsOf(set(q('s', to('ghost'), tier(0))))).toEqual(['question "s" yes leads to unknown question "ghost"']);
  });

  it('rejects questions that cannot be reached from the start because they only point at each other', () => {
    // x and y form a cycle nobody else enters, so neither is a start; z hangs off it.
    const input = set(q('s', tier(0), tier(1)), q('x', to('y'), tier(2)), q('y', to('x'), to('z')), q('z', tier(3), tier(4)));
    expect(problemsOf(input)).toEqual(['unreachable questions: x, y, z']);
  });

  it('reports every graph problem found in the first pass, not just the first', () => {
    const input = set(q('s', to('ghost'), tier(0)), q('a', tier(1), tier(2)), q('a', tier(1), tier(2)));
    expect(problemsOf(input)).toEqual(['question "a" is defined more than once', 'question "s" yes leads to unknown question "ghost"', 'more than one start question: s, a, a']);
  });

  describe('schema errors', () => {
    it('rejects a question id with capitals and a hyphen, naming where it is', () => {
      expect(problemsOf(set(q('Bad-Id', tier(0), tier(1))))).toEqual(['questions.0.id: question ids are lower-case letters, digits and underscores']);
    });

    it('rejects a branch to a malformed question id, naming where it is', () => {
      expect(problemsOf(set(q('a', to('Bad'), tier(1))))).toEqual(['questions.0.yes.question: question ids are lower-case letters, digits and underscores']);
    });

    it('rejects tier 5, naming the branch', () => {
      expect(problemsOf(set(q('a', to('b'), tier(0)), q('b', tier(5), tier(1))))).toEqual(['questions.1.yes.tier: Too big: expected number to be <=4']);
    });

    it('rejects a branch that names both a question and a tier', () => {
      expect(problemsOf(set(q('a', { question: 'b', tier: 0 }, tier(1)), q('b', tier(0), tier(0))))).toEqual(['questions.0.yes: Invalid input']);
    });

    it('rejects an unknown extra field on a question and names the field', () => {
      expect(problemsOf(set({ ...q('a', tier(0), tier(1)), colour: 'red' }))).toEqual(['questions.0: Unrecognized key: "colour"']);
    });

    it('rejects an unknown extra field on the set itself', () => {
      expect(problemsOf({ ...set(q('a', tier(0), tier(1))), extra: 1 })).toEqual(['(set): Unrecognized key: "extra"']);
    });

    it('rejects a set with no questions', () => {
      expect(problemsOf(set())).toEqual(['questions: Too small: expected array to have >=1 items']);
    });

    it('reports schema errors without going on to graph checks', () => {
      // The same input would also have a dangling branch, but the schema pass stops first.
      expect(problemsOf(set(q('a', to('ghost'), tier(7))))).toEqual(['questions.0.no.tier: Too big: expected number to be <=4']);
    });
  });
});

// ---- toGraph ----------------------------------------------------------------------------------

describe('toGraph', () => {
  it('returns the graph of a valid set', () => {
    const graph = toGraph(MINI);
    expect(graph.start).toBe('personal');
    expect(graph.byId.size).toBe(2);
  });

  it('throws question_set.invalid with the problems in details and in the message', () => {
    const error = thrown(() => toGraph(set(q('s', to('a'), tier(0)), q('a', to('b'), tier(1)), q('b', to('a'), tier(2)))));
    expect(error.code).toBe('question_set.invalid');
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe('The question set is not valid: cycle: a → b → a');
    expect(error.details).toEqual({ problems: ['cycle: a → b → a'] });
  });

  it('throws question_set.invalid for a schema error too', () => {
    const error = thrown(() => toGraph({ name: 'Not A Name', title: 'x', questions: [q('a', tier(0), tier(1))] }));
    expect(error.code).toBe('question_set.invalid');
    expect(error.details).toEqual({ problems: ['name: set names are lower-case letters, digits, - and _'] });
  });
});

// ---- walkAnswers ------------------------------------------------------------------------------

describe('walkAnswers', () => {
  const mini = toGraph(MINI);
  const turing = toGraph(TURING_QUESTION_SET);

  it('returns the tier and the path of answers, each pinned to its question version', () => {
    expect(walkAnswers(mini, { personal: false, public: true })).toEqual({
      tier: 0,
      path: [step('personal', false), step('public', true, 2)],
    });
  });

  it('ignores answers to questions that are off the path', () => {
    expect(walkAnswers(mini, { personal: true, public: false })).toEqual({ tier: 3, path: [step('personal', true)] });
  });

  it('ignores answers to every other turing question when the first two answers reach tier 4', () => {
    const answers = Object.fromEntries(TURING_QUESTION_SET.questions.map((x) => [x.id, false]));
    answers.open_generate_new = true;
    answers.substantial_threat = true;
    expect(walkAnswers(turing, answers)).toEqual({
      tier: 4,
      path: [step('open_generate_new', true), step('substantial_threat', true)],
    });
  });

  it('throws classification.unknown_question listing every id the set does not have', () => {
    const error = thrown(() => walkAnswers(mini, { personal: true, nonsense: true, other: false }));
    expect(error.code).toBe('classification.unknown_question');
    expect(error.kind).toBe('invalid');
    expect(error.details).toEqual({ unknown: ['nonsense', 'other'] });
    expect(error.message).toBe('Unknown question id: nonsense, other');
  });

  it('reports an unknown question before a missing answer', () => {
    expect(thrown(() => walkAnswers(mini, { nonsense: true })).code).toBe('classification.unknown_question');
  });

  it('throws classification.missing_answer naming the start question when there are no answers', () => {
    const error = thrown(() => walkAnswers(mini, {}));
    expect(error.code).toBe('classification.missing_answer');
    expect(error.kind).toBe('invalid');
    expect(error.details).toEqual({ question: 'personal', path: [] });
  });

  it('throws classification.missing_answer naming the first unanswered question on the path and the path so far', () => {
    const error = thrown(() => walkAnswers(mini, { personal: false }));
    expect(error.code).toBe('classification.missing_answer');
    expect(error.details).toEqual({ question: 'public', path: [step('personal', false)] });
    expect(error.message).toBe('No answer for question "public", which is on the path');
  });

  it('names the missing turing question even when questions off the path are answered', () => {
    const error = thrown(() => walkAnswers(turing, { open_generate_new: false, closed_personal: true, substantial_threat: false, publishable: true }));
    expect(error.code).toBe('classification.missing_answer');
    expect(error.details?.question).toBe('public_and_open');
  });

  it('treats an answer that is not a boolean as missing', () => {
    const answers = { personal: 'yes' } as unknown as Record<string, boolean>;
    const error = thrown(() => walkAnswers(mini, answers));
    expect(error.code).toBe('classification.missing_answer');
    expect(error.details?.question).toBe('personal');
  });
});

// ---- verifyPath -------------------------------------------------------------------------------

describe('verifyPath', () => {
  const mini = toGraph(MINI);
  const turing = toGraph(TURING_QUESTION_SET);
  /** N,N,N,N → 0 in the turing set. */
  const openPath = [step('open_generate_new', false), step('closed_personal', false), step('include_commercial', false), step('open_publication', false)];
  /** N,Y,N,Y,N,Y,Y,Y → 2 in the turing set. */
  const officialPath = [
    step('open_generate_new', false),
    step('closed_personal', true),
    step('public_and_open', false),
    step('no_reidentify', true),
    step('no_reidentify_absolute', false),
    step('no_reidentify_strong', true),
    step('include_commercial_personal', true),
    step('financial_low_personal', true),
  ];

  function invalid(graph: ReturnType<typeof toGraph>, path: PathStep[]): DomainError {
    const error = thrown(() => verifyPath(graph, path));
    expect(error.code).toBe('classification.invalid_path');
    expect(error.kind).toBe('invalid');
    return error;
  }

  it('returns the tier of a correct path', () => {
    expect(verifyPath(turing, openPath)).toBe(0);
    expect(verifyPath(turing, officialPath)).toBe(2);
    expect(verifyPath(mini, [step('personal', false), step('public', false, 2)])).toBe(1);
  });

  it('rejects a path whose first step is not the start question', () => {
    const error = invalid(turing, [step('closed_personal', false), ...openPath.slice(2)]);
    expect(error.details).toEqual({ step: 0 });
    expect(error.message).toBe('Step 1 answers "closed_personal" but the question asked there is "open_generate_new"');
  });

  it('rejects a path that skips a question in the middle', () => {
    const error = invalid(turing, [openPath[0] as PathStep, ...openPath.slice(2)]);
    expect(error.details).toEqual({ step: 1 });
    expect(error.message).toBe('Step 2 answers "include_commercial" but the question asked there is "closed_personal"');
  });

  it('rejects a step answered at a version the set does not have now', () => {
    const error = invalid(turing, [step('open_generate_new', false, 2), ...openPath.slice(1)]);
    expect(error.details).toEqual({ step: 0 });
    expect(error.message).toBe('Step 1 answers version 2 of "open_generate_new", but the set has version 1');
  });

  it('rejects an old version of a later question', () => {
    const error = invalid(mini, [step('personal', false), step('public', true, 1)]);
    expect(error.details).toEqual({ step: 1 });
  });

  it('rejects extra steps after the path has reached a tier', () => {
    const error = invalid(turing, [step('open_generate_new', true), step('substantial_threat', true), step('substantial_threat', true)]);
    expect(error.details).toEqual({ step: 1 });
    expect(error.message).toBe('The path reaches a tier at step 2 but has 1 more step(s)');
  });

  it('rejects a plausible-looking step tacked on after the tier', () => {
    const error = invalid(turing, [...openPath, step('sophisticated_attack', true)]);
    expect(error.details).toEqual({ step: 3 });
  });

  it('rejects a path that stops before reaching a tier and names the unanswered question', () => {
    const error = invalid(turing, openPath.slice(0, 2));
    expect(error.details).toEqual({ question: 'include_commercial' });
    expect(error.message).toBe('The path stops before reaching a tier; question "include_commercial" is unanswered');
  });

  it('rejects an empty path, naming the start question', () => {
    expect(invalid(turing, []).details).toEqual({ question: 'open_generate_new' });
  });

  it('rejects a path copied from another branch with one answer flipped, at the first step that no longer fits', () => {
    // closed_personal yes leads to public_and_open, not include_commercial.
    const flipped = openPath.map((s) => (s.question === 'closed_personal' ? { ...s, answer: true } : s));
    expect(invalid(turing, flipped).details).toEqual({ step: 2 });
  });

  it('rejects the tier-2 path with no_reidentify_absolute flipped to yes', () => {
    const flipped = officialPath.map((s) => (s.question === 'no_reidentify_absolute' ? { ...s, answer: true } : s));
    // no_reidentify_absolute yes leads to include_commercial, not no_reidentify_strong.
    expect(invalid(turing, flipped).details).toEqual({ step: 5 });
  });

  it('rejects the tier-2 path with include_commercial_personal flipped to no, because it then reaches a tier one step early', () => {
    const flipped = officialPath.map((s) => (s.question === 'include_commercial_personal' ? { ...s, answer: false } : s));
    expect(invalid(turing, flipped).details).toEqual({ step: 6 });
  });

  it('accepts the tier-0 path with its last answer flipped, because that is exactly the tier-1 path', () => {
    const flipped = openPath.map((s) => (s.question === 'open_publication' ? { ...s, answer: true } : s));
    expect(verifyPath(turing, flipped)).toBe(1);
  });

  it('agrees with walkAnswers on the path walkAnswers produced', () => {
    const { tier: walked, path } = walkAnswers(mini, { personal: false, public: false });
    expect(verifyPath(mini, path)).toBe(walked);
    expect(walked).toBe(1);
  });
});

// ---- allPaths ---------------------------------------------------------------------------------

describe('allPaths', () => {
  it('lists every root-to-leaf path of a small set, yes before no, with its tier', () => {
    expect(allPaths(toGraph(MINI))).toEqual([
      { tier: 3, path: [step('personal', true)] },
      { tier: 0, path: [step('personal', false), step('public', true, 2)] },
      { tier: 1, path: [step('personal', false), step('public', false, 2)] },
    ]);
  });

  it('counts a shared question once per path that reaches it', () => {
    const graph = toGraph(set(q('a', to('c'), to('b')), q('b', to('c'), tier(1)), q('c', tier(2), tier(3))));
    expect(allPaths(graph).map((p) => [p.path.map((s) => `${s.question}:${s.answer ? 'Y' : 'N'}`).join(' '), p.tier])).toEqual([
      ['a:Y c:Y', 2],
      ['a:Y c:N', 3],
      ['a:N b:Y c:Y', 2],
      ['a:N b:Y c:N', 3],
      ['a:N b:N', 1],
    ]);
  });
});

// ---- contract schemas -------------------------------------------------------------------------

describe('question set contract schemas', () => {
  it('accepts question ids of 1 to 64 lower-case letters, digits and underscores starting with a letter', () => {
    for (const id of ['a', 'a1', 'open_generate_new', `a${'b'.repeat(63)}`]) expect(questionIdSchema.safeParse(id).success).toBe(true);
  });

  it('rejects question ids that are empty, too long, start with a digit or underscore, or have capitals or hyphens', () => {
    for (const id of ['', `a${'b'.repeat(64)}`, '1a', '_a', 'Abc', 'a-b', 'a b']) expect(questionIdSchema.safeParse(id).success).toBe(false);
  });

  it('accepts a branch to a question or to an integer tier from 0 to 4', () => {
    for (const b of [{ question: 'next' }, { tier: 0 }, { tier: 4 }]) expect(branchSchema.safeParse(b).success).toBe(true);
  });

  it('rejects a branch with both keys, neither key, an extra key, or a tier outside 0–4 or not an integer', () => {
    for (const b of [{ question: 'x', tier: 1 }, {}, { tier: 1, note: 'x' }, { tier: -1 }, { tier: 5 }, { tier: 1.5 }, { tier: '1' }]) {
      expect(branchSchema.safeParse(b).success).toBe(false);
    }
  });

  it('defaults a question guidance to the empty string and requires version ≥ 1 and non-empty text', () => {
    expect(questionSchema.parse({ id: 'a', version: 1, text: 'T', yes: tier(0), no: tier(1) }).guidance).toBe('');
    expect(questionSchema.safeParse({ id: 'a', version: 0, text: 'T', yes: tier(0), no: tier(1) }).success).toBe(false);
    expect(questionSchema.safeParse({ id: 'a', version: 1, text: '', yes: tier(0), no: tier(1) }).success).toBe(false);
  });

  it('accepts a set name of lower-case letters, digits, - and _ and rejects capitals', () => {
    expect(questionSetDefinitionSchema.safeParse({ ...MINI, name: 'my-set_2' }).success).toBe(true);
    expect(questionSetDefinitionSchema.safeParse({ ...MINI, name: 'MySet' }).success).toBe(false);
  });

  it('accepts a path step with a question, version ≥ 1 and boolean answer, and nothing else', () => {
    expect(pathStepSchema.parse({ question: 'a', version: 1, answer: false })).toEqual({ question: 'a', version: 1, answer: false });
    expect(pathStepSchema.safeParse({ question: 'a', version: 0, answer: false }).success).toBe(false);
    expect(pathStepSchema.safeParse({ question: 'a', version: 1, answer: 'no' }).success).toBe(false);
    expect(pathStepSchema.safeParse({ question: 'a', version: 1, answer: true, tier: 3 }).success).toBe(false);
  });
});
