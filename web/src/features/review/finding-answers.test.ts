import { describe, expect, it } from 'vitest';
import type { FindingResponse } from '../../../../common/contracts/finding-responses.contract';
import { ANSWER_SCHEMAS, answerRequest, answersFor, pendingExceptionRequest } from './finding-answers';

const none = { requestException: false, override: false, refuseException: false, acknowledge: false };
const reviewer = { ...none, override: true, refuseException: true, acknowledge: true };
const author = { ...none, requestException: true };
const request = (id: string, withdrawnAt: string | null = null): FindingResponse => ({
  id,
  kind: 'exception_request',
  by: { id: 'u', name: 'Rui' },
  text: `why ${id}`,
  at: '2026-01-01T00:00:00.000Z',
  withdrawnAt,
});

describe('answers offered on a finding', () => {
  it('offers a reviewer override on an open blocking finding, and refusal only while a request waits', () => {
    expect(answersFor({ severity: 'block', standing: 'open', responses: [] }, reviewer)).toEqual(['override']);
    expect(answersFor({ severity: 'block', standing: 'exception_requested', responses: [] }, reviewer)).toEqual(['override', 'refusal']);
    expect(answersFor({ severity: 'block', standing: 'refused', responses: [] }, reviewer)).toEqual(['override']);
    expect(answersFor({ severity: 'block', standing: 'overridden', responses: [] }, reviewer)).toEqual([]);
  });

  it('offers acknowledgement on a review-level finding until it is acknowledged', () => {
    expect(answersFor({ severity: 'review', standing: 'open', responses: [] }, reviewer)).toEqual(['acknowledgement']);
    expect(answersFor({ severity: 'review', standing: 'acknowledged', responses: [] }, reviewer)).toEqual([]);
  });

  it('offers the author team an exception request on blocking findings only, never after an override', () => {
    expect(answersFor({ severity: 'block', standing: 'open', responses: [] }, author)).toEqual(['exception_request']);
    expect(answersFor({ severity: 'block', standing: 'refused', responses: [] }, author)).toEqual(['exception_request']);
    expect(answersFor({ severity: 'block', standing: 'overridden', responses: [] }, author)).toEqual([]);
    expect(answersFor({ severity: 'review', standing: 'open', responses: [] }, author)).toEqual([]);
  });

  it('offers nothing without abilities', () => {
    expect(answersFor({ severity: 'block', standing: 'open', responses: [] }, none)).toEqual([]);
  });

  it('finds the exception request that still stands', () => {
    expect(pendingExceptionRequest({ responses: [] })).toBeUndefined();
    expect(pendingExceptionRequest({ responses: [request('1', '2026-01-02T00:00:00.000Z'), request('2')] })?.id).toBe('2');
    expect(pendingExceptionRequest({ responses: [request('1', '2026-01-02T00:00:00.000Z')] })).toBeUndefined();
  });
});

describe('the request of an answer', () => {
  const ok = (kind: Parameters<typeof answerRequest>[0], text: string) => ANSWER_SCHEMAS[kind].safeParse(answerRequest(kind, 'v1', text)).success;

  it('puts the text in the field of its kind and leaves out an empty note', () => {
    expect(answerRequest('override', 'v1', 'published figure')).toEqual({ fileVersionId: 'v1', justification: 'published figure' });
    expect(answerRequest('refusal', 'v1', 'no')).toEqual({ fileVersionId: 'v1', text: 'no' });
    expect(answerRequest('acknowledgement', 'v1', '  ')).toEqual({ fileVersionId: 'v1' });
  });

  it('requires the text of an override, a refusal and a request, not of an acknowledgement', () => {
    for (const kind of ['override', 'refusal', 'exception_request'] as const) {
      expect(ok(kind, '  ')).toBe(false);
      expect(ok(kind, 'because')).toBe(true);
    }
    expect(ok('acknowledgement', '')).toBe(true);
    expect(ok('acknowledgement', 'x'.repeat(4001))).toBe(false);
  });
});
