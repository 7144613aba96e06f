/**
 * Offline classification: `egress classify --set turing --answers FILE|- [--json]` and
 * `egress questions --set NAME [--json]`. They use the built-in sets and need no database.
 */
import { z } from 'zod';
import { TIER_NAMES } from '../../common/vocab/tiers';
import { type QuestionGraph, toGraph, walkAnswers } from '../domain/classification/question-set';
import { TURING_QUESTION_SET } from '../domain/classification/turing.question-set';
import { DomainError } from '../domain/errors';
import { EXIT, type Io, reportError } from './output';

const BUILT_IN_SETS = { turing: TURING_QUESTION_SET } as const;

function builtInGraph(name: string): QuestionGraph {
  const definition = BUILT_IN_SETS[name as keyof typeof BUILT_IN_SETS];
  if (!definition) throw new DomainError('question_set.not_found', `There is no built-in question set "${name}" (built in: ${Object.keys(BUILT_IN_SETS).join(', ')})`);
  return toGraph(definition);
}

const answersSchema = z.record(z.string(), z.boolean());

export async function classifyCommand(io: Io, options: { set: string; answers: string; json: boolean }): Promise<number> {
  try {
    const graph = builtInGraph(options.set);
    const text = options.answers === '-' ? await io.readStdin() : await io.readFile(options.answers);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new DomainError('validation.invalid_input', 'The answers file is not valid JSON');
    }
    const parsed = answersSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DomainError('validation.invalid_input', 'The answers file must be a JSON object mapping question ids to true or false');
    }
    const result = walkAnswers(graph, parsed.data);
    if (options.json) {
      io.out(JSON.stringify({ tier: result.tier, path: result.path.map((s) => ({ question: s.question, answer: s.answer })) }));
    } else {
      for (const step of result.path) io.out(`${step.answer ? 'yes' : 'no '}  ${graph.byId.get(step.question)?.text}`);
      io.out(`Tier ${result.tier} (${TIER_NAMES[result.tier]})`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(io, error, options.json);
  }
}

export async function questionsCommand(io: Io, options: { set: string; json: boolean }): Promise<number> {
  try {
    const graph = builtInGraph(options.set);
    if (options.json) {
      io.out(JSON.stringify({ ...graph.definition, start: graph.start }, null, 2));
      return EXIT.ok;
    }
    io.out(`${graph.definition.title} (start: ${graph.start})`);
    for (const q of graph.definition.questions) {
      const branch = (b: { question: string } | { tier: number }) => ('tier' in b ? `tier ${b.tier}` : b.question);
      io.out(`\n${q.id} (v${q.version})\n  ${q.text}\n  yes → ${branch(q.yes)}; no → ${branch(q.no)}`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(io, error, options.json);
  }
}
