/** Question sets: reading them, and importing a new set or a new version of one. */
import type { QuestionSet } from '../../common/contracts/question-sets.contract';
import { findLatestQuestionSet, findQuestionSetById, insertQuestionSet, listQuestionSets, toQuestionSet } from '../db/question-sets.repository';
import { validateQuestionSet } from '../domain/classification/question-set';
import { DomainError } from '../domain/errors';
import { authorizeSession } from '../policies/session.policy';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';

/** A set by id, or the newest version of a set by name. Throws `question_set.not_found`. */
export async function getQuestionSet(ctx: CommandContext, idOrName: string): Promise<QuestionSet> {
  const row = (await findQuestionSetById(ctx.db, idOrName)) ?? (await findLatestQuestionSet(ctx.db, idOrName));
  if (!row) throw new DomainError('question_set.not_found', `There is no question set "${idOrName}"`);
  return toQuestionSet(row);
}

export async function listAllQuestionSets(ctx: CommandContext): Promise<QuestionSet[]> {
  return (await listQuestionSets(ctx.db)).map(toQuestionSet);
}

/**
 * Imports a set from its JSON form. If a set of that name exists, the import becomes its next
 * version; a question whose text, guidance or branches changed must carry a higher version
 * number, so stored answer paths stay pinned to what was asked. Throws `question_set.invalid`
 * listing every problem, or `question_set.exists` when nothing changed.
 */
export async function importQuestionSet(ctx: CommandContext, input: unknown): Promise<QuestionSet> {
  authorizeSession('importQuestionSet', ctx.actor);
  const validation = validateQuestionSet(input);
  if (!validation.ok) {
    throw new DomainError('question_set.invalid', `The question set is not valid: ${validation.problems.join('; ')}`, { problems: validation.problems });
  }
  const { definition, start } = validation.graph;
  const previous = await findLatestQuestionSet(ctx.db, definition.name);
  if (previous) {
    const old = toQuestionSet(previous);
    const oldById = new Map(old.questions.map((q) => [q.id, q]));
    const problems: string[] = [];
    let changed = old.questions.length !== definition.questions.length || old.title !== definition.title;
    for (const q of definition.questions) {
      const before = oldById.get(q.id);
      if (!before) {
        changed = true;
        continue;
      }
      const same = JSON.stringify([before.text, before.guidance, before.yes, before.no]) === JSON.stringify([q.text, q.guidance, q.yes, q.no]);
      if (!same) changed = true;
      if (!same && q.version <= before.version) problems.push(`question "${q.id}" changed but its version is still ${q.version}; use ${before.version + 1}`);
      if (same && q.version !== before.version) problems.push(`question "${q.id}" did not change; keep version ${before.version}`);
    }
    if (problems.length > 0) throw new DomainError('question_set.invalid', `The new version is not valid: ${problems.join('; ')}`, { problems });
    if (!changed) throw new DomainError('question_set.exists', `Version ${old.version} of "${definition.name}" already has these questions`);
  }
  const version = previous ? Number(previous.version) + 1 : 1;
  const row = await inTransaction(ctx, (trx) =>
    insertQuestionSet(
      trx,
      { definition, version, start, at: nowIso(ctx) },
      auditBy(ctx, 'question_set.imported', { type: 'question_set', id: '' }, { name: definition.name, version, questions: definition.questions.length }),
    ),
  );
  return toQuestionSet(row);
}
