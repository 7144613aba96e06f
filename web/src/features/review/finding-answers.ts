/**
 * Which answers the workbench offers on a finding (pure): the server's abilities say what the
 * caller may do on this package now; the finding's severity and standing say what makes sense
 * on this one. Override and refusal answer blocking findings, acknowledgement review-level ones;
 * the author team asks for an exception on a blocking finding not yet overridden.
 */
import type { z } from 'zod';
import {
  type FindingResponse,
  type FindingResponseKind,
  type FindingStandingList,
  type FindingWithStanding,
  acknowledgementRequestSchema,
  exceptionRequestSchema,
  overrideRequestSchema,
  refusalRequestSchema,
} from '../../../../common/contracts/finding-responses.contract';

type Finding = Pick<FindingWithStanding, 'severity' | 'standing' | 'responses'>;

/** The answers to offer on one finding, in the order the buttons show. */
export function answersFor(finding: Finding, abilities: FindingStandingList['abilities']): FindingResponseKind[] {
  const out: FindingResponseKind[] = [];
  if (finding.severity === 'block') {
    if (abilities.override && finding.standing !== 'overridden') out.push('override');
    if (abilities.refuseException && finding.standing === 'exception_requested') out.push('refusal');
    if (abilities.requestException && finding.standing !== 'overridden') out.push('exception_request');
  }
  if (finding.severity === 'review' && abilities.acknowledge && finding.standing !== 'acknowledged') out.push('acknowledgement');
  return out;
}

/** The authors' exception request that still stands (the latest not replaced), if any. */
export function pendingExceptionRequest(finding: Pick<FindingWithStanding, 'responses'>): FindingResponse | undefined {
  return finding.responses.filter((r) => r.kind === 'exception_request' && r.withdrawnAt === null).at(-1);
}

/**
 * The request contract of each answer. An override's justification is optional in the contract
 * (the server refuses an empty one with its own code, `finding.justification_required`); the form
 * asks for it before sending, so its schema requires it.
 */
export const ANSWER_SCHEMAS = {
  exception_request: exceptionRequestSchema,
  override: overrideRequestSchema.refine((r) => (r.justification ?? '').length > 0, { path: ['justification'], message: 'a justification is required' }),
  refusal: refusalRequestSchema,
  acknowledgement: acknowledgementRequestSchema,
} as const satisfies Record<FindingResponseKind, z.ZodType>;

export type AnswerRequest = z.input<(typeof ANSWER_SCHEMAS)[FindingResponseKind]>;

/** The request of an answer whose text is `text`: the field it goes in by kind; an empty note is left out. */
export function answerRequest(kind: FindingResponseKind, fileVersionId: string, text: string): AnswerRequest {
  if (kind === 'override') return { fileVersionId, justification: text };
  if (kind === 'acknowledgement') return { fileVersionId, ...(text.trim() ? { note: text } : {}) };
  return { fileVersionId, text };
}
