/**
 * Question-set graph rules: validation of an imported set and the walks that turn answers
 * into a tier. Pure functions; no I/O.
 *
 * Example: `walkAnswers(turing, {open_generate_new: true, substantial_threat: true})`
 * → `{tier: 4, path: [{question:'open_generate_new', version:1, answer:true}, …]}`.
 */
import { type Branch, type PathStep, type Question, type QuestionSetDefinition, questionSetDefinitionSchema } from '../../../common/contracts/question-sets.contract';
import type { Tier } from '../../../common/vocab/tiers';
import { DomainError } from '../errors';

/** A validated set with its start node and a lookup by id. */
export interface QuestionGraph {
  definition: QuestionSetDefinition;
  start: string;
  byId: ReadonlyMap<string, Question>;
}

/** Result of validating a set: every problem found, not just the first. */
export type GraphValidation = { ok: true; graph: QuestionGraph } | { ok: false; problems: string[] };

/**
 * Checks that a set is a proper decision tree: unique ids, every branch leads to a known
 * question or a tier, exactly one start node, no cycles, every question reachable.
 */
export function validateQuestionSet(input: unknown): GraphValidation {
  const parsed = questionSetDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(set)'}: ${i.message}`) };
  }
  const definition = parsed.data;
  const problems: string[] = [];
  const byId = new Map<string, Question>();
  for (const q of definition.questions) {
    if (byId.has(q.id)) problems.push(`question "${q.id}" is defined more than once`);
    byId.set(q.id, q);
  }
  const pointedTo = new Set<string>();
  for (const q of definition.questions) {
    for (const side of ['yes', 'no'] as const) {
      const branch = q[side];
      if ('question' in branch) {
        if (!byId.has(branch.question)) problems.push(`question "${q.id}" ${side} leads to unknown question "${branch.question}"`);
        if (branch.question === q.id) problems.push(`question "${q.id}" ${side} leads to itself`);
        pointedTo.add(branch.question);
      }
    }
  }
  const starts = definition.questions.filter((q) => !pointedTo.has(q.id)).map((q) => q.id);
  if (starts.length !== 1) {
    problems.push(starts.length === 0 ? 'no start question: every question is pointed to by another (the graph has a cycle)' : `more than one start question: ${starts.join(', ')}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const start = starts[0] as string;

  const cycle = findCycle(start, byId);
  if (cycle) return { ok: false, problems: [`cycle: ${cycle.join(' → ')}`] };

  const reachable = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    const q = byId.get(id) as Question;
    for (const b of [q.yes, q.no]) if ('question' in b) stack.push(b.question);
  }
  const unreachable = definition.questions.filter((q) => !reachable.has(q.id)).map((q) => q.id);
  if (unreachable.length > 0) return { ok: false, problems: [`unreachable questions: ${unreachable.join(', ')}`] };

  return { ok: true, graph: { definition, start, byId } };
}

function findCycle(start: string, byId: ReadonlyMap<string, Question>): string[] | undefined {
  const onPath: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): string[] | undefined => {
    const at = onPath.indexOf(id);
    if (at >= 0) return [...onPath.slice(at), id];
    if (done.has(id)) return undefined;
    onPath.push(id);
    const q = byId.get(id) as Question;
    for (const b of [q.yes, q.no]) {
      if ('question' in b) {
        const found = visit(b.question);
        if (found) return found;
      }
    }
    onPath.pop();
    done.add(id);
    return undefined;
  };
  return visit(start);
}

/** Builds the graph of a set already known to be valid; throws `question_set.invalid` otherwise. */
export function toGraph(definition: unknown): QuestionGraph {
  const result = validateQuestionSet(definition);
  if (!result.ok) {
    throw new DomainError('question_set.invalid', `The question set is not valid: ${result.problems.join('; ')}`, {
      problems: result.problems,
    });
  }
  return result.graph;
}

/** A tier and the path of answers that led to it. */
export interface Classification {
  tier: Tier;
  path: PathStep[];
}

/**
 * Walks a set with answers keyed by question id. Answers to questions off the path are
 * ignored. Throws `classification.unknown_question` for an id the set does not have and
 * `classification.missing_answer` when a question on the path has no answer.
 */
export function walkAnswers(graph: QuestionGraph, answers: Record<string, boolean>): Classification {
  const unknown = Object.keys(answers).filter((id) => !graph.byId.has(id));
  if (unknown.length > 0) {
    throw new DomainError('classification.unknown_question', `Unknown question id: ${unknown.join(', ')}`, { unknown });
  }
  const path: PathStep[] = [];
  let id = graph.start;
  for (;;) {
    const q = graph.byId.get(id) as Question;
    const answer = answers[id];
    if (typeof answer !== 'boolean') {
      throw new DomainError('classification.missing_answer', `No answer for question "${id}", which is on the path`, {
        question: id,
        path,
      });
    }
    path.push({ question: id, version: q.version, answer });
    const next: Branch = answer ? q.yes : q.no;
    if ('tier' in next) return { tier: next.tier as Tier, path };
    id = next.question;
  }
}

/**
 * Re-walks a stored or submitted path: each step must be the question the previous answer
 * leads to, at the version the set has now, and the path must end exactly on a tier.
 * Throws `classification.invalid_path` naming the first step that does not fit.
 */
export function verifyPath(graph: QuestionGraph, path: readonly PathStep[]): Tier {
  let expected: string = graph.start;
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as PathStep;
    const q = graph.byId.get(expected) as Question;
    if (step.question !== expected) {
      throw new DomainError('classification.invalid_path', `Step ${i + 1} answers "${step.question}" but the question asked there is "${expected}"`, { step: i });
    }
    if (step.version !== q.version) {
      throw new DomainError('classification.invalid_path', `Step ${i + 1} answers version ${step.version} of "${expected}", but the set has version ${q.version}`, { step: i });
    }
    const next: Branch = step.answer ? q.yes : q.no;
    if ('tier' in next) {
      if (i !== path.length - 1) {
        throw new DomainError('classification.invalid_path', `The path reaches a tier at step ${i + 1} but has ${path.length - i - 1} more step(s)`, { step: i });
      }
      return next.tier as Tier;
    }
    expected = next.question;
  }
  throw new DomainError('classification.invalid_path', `The path stops before reaching a tier; question "${expected}" is unanswered`, {
    question: expected,
  });
}

/** Every root-to-leaf path of a valid set, each with its tier (for tests and documentation). */
export function allPaths(graph: QuestionGraph): Classification[] {
  const out: Classification[] = [];
  const visit = (id: string, path: PathStep[]): void => {
    const q = graph.byId.get(id) as Question;
    for (const answer of [true, false]) {
      const step = { question: id, version: q.version, answer };
      const next = answer ? q.yes : q.no;
      if ('tier' in next) out.push({ tier: next.tier as Tier, path: [...path, step] });
      else visit(next.question, [...path, step]);
    }
  };
  visit(graph.start, []);
  return out;
}
