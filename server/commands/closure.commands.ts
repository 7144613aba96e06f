/**
 * Changing a project's closure (docs/closure.md): marking output-area files retained inside or
 * discarded (by folder, glob pattern or list of paths, with one reason; `unmarked` takes marks
 * back) and waiving checklist items (a programme manager, with a reason). Each change is one
 * transaction with its audit event. Closing itself is the project's `close` transition, which
 * asks `assertClosureComplete` (closure.queries.ts) inside its transaction.
 *
 * Example: `markClosureFiles(ctx, projectId, { pattern: 'scratch/**', fate: 'discarded', reason: 'Intermediate files' })`
 * → `{ matched: 120, marked: 118, skippedEgressed: 2 }`.
 */
import { type MarkClosureFilesReport, type WaiveClosureItemRequest, type ClosureWaiver, markClosureFilesRequestSchema, waiveClosureItemRequestSchema } from '../../common/contracts/closure.contract';
import { CLOSURE_GAP_LABELS, isWaivable } from '../../common/vocab/closure';
import { replaceMarks, insertWaiver } from '../db/closure.repository';
import { newId } from '../db/ids';
import { findProject, lockProject } from '../db/projects.repository';
import type { ClosureFileMarksTable, ProjectsTable } from '../db/schema';
import { allGaps } from '../domain/closure/checklist';
import { describeSelection, selectionMatcher } from '../domain/closure/path-selection';
import { DomainError } from '../domain/errors';
import { loadClosureFacts, loadClosureFor, loadClosureState } from './closure.queries';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';

/** The reason, trimmed; throws `closure.reason_required` when there is none. */
function requireReason(reason: string, what: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw new DomainError('closure.reason_required', `Give a reason for ${what}`);
  return trimmed;
}

/**
 * Marks the inventory's files that the selection matches (exactly one of folder, pattern, paths)
 * as retained or discarded with the reason, or takes their marks back (`unmarked`). Egressed
 * files are left alone (counted in `skippedEgressed`). Throws `closure.reason_required`,
 * `closure.selection_invalid`, `closure.no_matching_files` and the policy's refusals. Audited as
 * `closure.files_marked` (fate, selection, counts, reason).
 */
export async function markClosureFiles(ctx: CommandContext, projectId: string, input: unknown): Promise<MarkClosureFilesReport> {
  const request = parseInput(markClosureFilesRequestSchema, input);
  await loadClosureFor(ctx, projectId, 'markFiles');
  const reason = requireReason(request.reason, request.fate === 'unmarked' ? 'taking the marks back' : `marking files ${request.fate}`);
  const matches = selectionMatcher(request);
  return inTransaction(ctx, async (trx) => {
    await lockProject(trx, projectId);
    const project = (await findProject(trx, projectId)) as ProjectsTable;
    const at = nowIso(ctx);
    const { state } = await loadClosureState(trx, project, at);
    const matched = state.files.filter((f) => matches(f.path));
    if (matched.length === 0) throw new DomainError('closure.no_matching_files', `No file of the output area’s inventory matches ${describeSelection(request)}`);
    const markable = matched.filter((f) => f.fate !== 'egressed');
    const changing = request.fate === 'unmarked' ? markable.filter((f) => f.mark !== null) : markable;
    const marks: ClosureFileMarksTable[] =
      request.fate === 'unmarked'
        ? []
        : changing.map((f) => ({
            id: newId(),
            project_id: projectId,
            path: f.path,
            fate: request.fate as 'retained' | 'discarded',
            reason,
            marked_by: ctx.actor.userId,
            marked_at: at,
            superseded_at: null,
          }));
    const report: MarkClosureFilesReport = { fate: request.fate, matched: matched.length, marked: changing.length, skippedEgressed: matched.length - markable.length };
    const audit = auditBy(ctx, 'closure.files_marked', { type: 'project', id: projectId, projectId }, { selection: describeSelection(request), reason, ...report });
    await replaceMarks(
      trx,
      projectId,
      changing.map((f) => f.path),
      marks,
      at,
      audit,
    );
    return report;
  });
}

/**
 * Waives one gap of the checklist with a reason (programme managers): the gap must be present
 * now (`closure.nothing_to_waive` otherwise) and of a kind that can be waived (file gaps are
 * settled by marking the files: `closure.not_waivable`). A later waiver of the same item
 * supersedes the earlier. Throws `closure.reason_required` and the policy's refusals. Audited as
 * `closure.item_waived` (code, item, reason).
 */
export async function waiveClosureItem(ctx: CommandContext, projectId: string, input: unknown): Promise<ClosureWaiver> {
  const request: WaiveClosureItemRequest = parseInput(waiveClosureItemRequestSchema, input);
  await loadClosureFor(ctx, projectId, 'waive');
  if (!isWaivable(request.code)) {
    throw new DomainError('closure.not_waivable', `${CLOSURE_GAP_LABELS[request.code]}: files are accounted for by marking them retained or discarded, not by a waiver`);
  }
  const reason = requireReason(request.reason, 'the waiver');
  return inTransaction(ctx, async (trx) => {
    await lockProject(trx, projectId);
    const project = (await findProject(trx, projectId)) as ProjectsTable;
    const at = nowIso(ctx);
    const facts = await loadClosureFacts(trx, project, at);
    const present = allGaps(facts, []).some((g) => g.code === request.code && g.key === request.key);
    if (!present) throw new DomainError('closure.nothing_to_waive', `There is no such item on the checklist now (${request.code} ${request.key})`);
    const id = newId();
    await insertWaiver(
      trx,
      { id, project_id: projectId, code: request.code, item_key: request.key, reason, waived_by: ctx.actor.userId, waived_at: at, superseded_at: null },
      auditBy(ctx, 'closure.item_waived', { type: 'project', id: projectId, projectId }, { waiverId: id, code: request.code, key: request.key, reason }),
    );
    const by = ctx.actor.userId ? await trx.selectFrom('users').select(['id', 'name']).where('id', '=', ctx.actor.userId).executeTakeFirst() : undefined;
    return { id, code: request.code, key: request.key, reason, by: by ?? null, at };
  });
}
