/**
 * Answering a finding of a package's current file version (issue 10 §4; docs/design.md §7):
 *
 * - `requestException`: the author team says why an output with a blocking finding is safe to
 *   release as it is (draft, returned or in review);
 * - `overrideFinding`: a reviewer outside the author team overrides a blocking finding, with a
 *   written justification (in review);
 * - `refuseException`: a reviewer refuses the authors' pending exception request; the finding
 *   stays unresolved (in review);
 * - `acknowledgeFinding`: a reviewer acknowledges a review-level finding (in review).
 *
 * Each names the finding by its key within the current check result of the file version the
 * caller saw, records the answer (a later answer of the same kind by the same person replaces
 * theirs) and its audit event (`finding.exception_requested`, `finding.overridden`,
 * `finding.exception_refused`, `finding.acknowledged`: file, version, rule and key, never a
 * value nor the text), and, for a reviewer's answer, lets the system approve the package when
 * that was the last thing missing — all in one transaction with the package locked.
 *
 * Throws `validation.invalid_input` (bad body; a text over 4000 characters), `package.not_found`,
 * `file.not_found` (not in the package, or taken out), `file.removed` (temporarily removed),
 * `finding.not_answerable` (wrong status), `workflow.not_allowed` / `package.self_review`
 * (wrong person; the author team never answers as a reviewer, whatever role they hold now),
 * `review.stale_file_version` (not the file's current version), `finding.not_found` (no such
 * key in the current result), `finding.wrong_severity` (an override, request or refusal of a
 * finding that is not blocking; an acknowledgement of one that is not review-level),
 * `finding.justification_required` (an override without one), `finding.no_exception_request`
 * (a refusal with no pending request), `project.closed`.
 *
 * Example: `overrideFinding(dprCtx, pkgId, fileId, '3f2a…', { fileVersionId, justification: 'A published figure' })`
 * → the finding, now `overridden`.
 */
import type { z } from 'zod';
import {
  type FindingResponseKind,
  type FindingWithStanding,
  acknowledgementRequestSchema,
  exceptionRequestSchema,
  overrideRequestSchema,
  refusalRequestSchema,
} from '../../common/contracts/finding-responses.contract';
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import { insertFindingResponse, listLiveResponsesTo } from '../db/finding-responses.repository';
import { newId } from '../db/ids';
import { findCheckResult, findFile } from '../db/packages.repository';
import type { FileVersionsTable, Tx } from '../db/schema';
import { DomainError } from '../domain/errors';
import { findFindingByKey, standingOf } from '../domain/review/result-findings';
import { type FindingResponseAction, decideFindingResponse } from '../policies/finding-response.policy';
import { lockPackageFor } from './package-access';
import { approveIfReady } from './package-approval';
import { listFindingStanding } from './finding-responses.queries';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { parseInput } from './parse-input';

interface AnswerSpec {
  action: FindingResponseAction;
  kind: FindingResponseKind;
  event: string;
  /** The severity of finding this answer fits. */
  severity: 'block' | 'review';
  byReviewer: boolean;
}

const SPECS = {
  exception_request: { action: 'requestException', kind: 'exception_request', event: 'finding.exception_requested', severity: 'block', byReviewer: false },
  override: { action: 'override', kind: 'override', event: 'finding.overridden', severity: 'block', byReviewer: true },
  refusal: { action: 'refuseException', kind: 'refusal', event: 'finding.exception_refused', severity: 'block', byReviewer: true },
  acknowledgement: { action: 'acknowledge', kind: 'acknowledgement', event: 'finding.acknowledged', severity: 'review', byReviewer: true },
} as const satisfies Record<FindingResponseKind, AnswerSpec>;

async function currentVersionOf(trx: Tx, fileId: string, number: number): Promise<FileVersionsTable> {
  return (await trx.selectFrom('file_versions').selectAll().where('file_id', '=', fileId).where('number', '=', number).executeTakeFirstOrThrow()) as FileVersionsTable;
}

async function answer(
  ctx: CommandContext,
  spec: AnswerSpec,
  ids: { packageId: string; fileId: string; findingKey: string },
  fileVersionId: string,
  text: string | undefined,
): Promise<FindingWithStanding> {
  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, ids.packageId, ctx.actor, 'view');
    const decision = decideFindingResponse(spec.action, state.subject);
    if (!decision.ok) throw new DomainError(decision.code, decision.reason, { action: spec.action });
    const file = await findFile(trx, ids.packageId, ids.fileId);
    if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
    if (Number(file.removed) === 1) throw new DomainError('file.removed', 'This file is temporarily removed; its findings are answered once it is reinstated');
    const current = await currentVersionOf(trx, file.id, file.current_version);
    if (current.id !== fileVersionId) {
      throw new DomainError('review.stale_file_version', 'This file has a newer version than the one you answered; reload it and look at its findings again', { currentVersion: current.number });
    }
    const check = await findCheckResult(trx, current.id);
    const found = check ? findFindingByKey(JSON.parse(check.result) as ScannedEntry, ids.findingKey) : undefined;
    if (!found) throw new DomainError('finding.not_found', 'No such finding in the current check result of this file');
    const severity = found.finding.severity;
    if (severity !== spec.severity) {
      const fits = spec.severity === 'block' ? 'a blocking finding' : 'a review-level finding';
      throw new DomainError(
        'finding.wrong_severity',
        `This answer is for ${fits}; this finding is ${severity === 'block' ? 'blocking' : severity === 'review' ? 'review-level' : 'for information only'}`,
        { severity },
      );
    }
    if (spec.kind === 'override' && !text) throw new DomainError('finding.justification_required', 'An override needs a written justification: why this output is safe to release despite the finding');
    if (spec.kind === 'refusal') {
      const live = await listLiveResponsesTo(trx, current.id, ids.findingKey);
      if (standingOf(severity, live) !== 'exception_requested') throw new DomainError('finding.no_exception_request', 'There is no pending exception request on this finding to refuse');
    }
    const at = nowIso(ctx);
    const audit = auditBy(
      ctx,
      spec.event,
      { type: 'package', id: ids.packageId, projectId: state.pkg.project_id },
      {
        fileId: file.id,
        fileVersionId: current.id,
        version: current.number,
        rule: found.finding.rule,
        findingKey: ids.findingKey,
      },
    );
    await insertFindingResponse(
      trx,
      {
        id: newId(),
        package_id: ids.packageId,
        file_version_id: current.id,
        finding_key: ids.findingKey,
        rule: found.finding.rule,
        kind: spec.kind,
        by_id: ctx.actor.userId as string,
        text: text ?? '',
        at,
        withdrawn_at: null,
      },
      audit,
    );
    if (spec.byReviewer) await approveIfReady(trx, { ...ctx, db: trx }, state);
  });
  const after = await listFindingStanding(ctx, ids.packageId, { fileId: ids.fileId });
  return after.findings.find((f) => f.fileVersionId === fileVersionId && f.findingKey === ids.findingKey) as FindingWithStanding;
}

type Ids = { packageId: string; fileId: string; findingKey: string };
const bodyOf = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => parseInput(schema, input);

/** The author team's exception request on a blocking finding; returns the finding with its standing. */
export async function requestException(ctx: CommandContext, ids: Ids, input: unknown): Promise<FindingWithStanding> {
  const body = bodyOf(exceptionRequestSchema, input);
  return answer(ctx, SPECS.exception_request, ids, body.fileVersionId, body.text);
}

/** A reviewer's override of a blocking finding, with its justification; returns the finding with its standing. */
export async function overrideFinding(ctx: CommandContext, ids: Ids, input: unknown): Promise<FindingWithStanding> {
  const body = bodyOf(overrideRequestSchema, input);
  return answer(ctx, SPECS.override, ids, body.fileVersionId, body.justification);
}

/** A reviewer's refusal of the pending exception request on a blocking finding; returns the finding with its standing. */
export async function refuseException(ctx: CommandContext, ids: Ids, input: unknown): Promise<FindingWithStanding> {
  const body = bodyOf(refusalRequestSchema, input);
  return answer(ctx, SPECS.refusal, ids, body.fileVersionId, body.text);
}

/** A reviewer's acknowledgement of a review-level finding; returns the finding with its standing. */
export async function acknowledgeFinding(ctx: CommandContext, ids: Ids, input: unknown): Promise<FindingWithStanding> {
  const body = bodyOf(acknowledgementRequestSchema, input);
  return answer(ctx, SPECS.acknowledgement, ids, body.fileVersionId, body.note);
}
