/**
 * Reviewing over HTTP on every dialect (issue 10 §4, §6): the review summary, a decision, a
 * submitted review, comments (HTML and script come back as the JSON text written, never
 * rendered), the to-do list of a returned package, a decision on a version that changed since
 * the page was loaded (409 `review.stale_file_version`, nothing changed), a retraction, and the
 * agreed outcome of a removed item. Every refusal leaves every table's row count as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentList } from '../../../common/contracts/comments.contract';
import type { ReviewSummary } from '../../../common/contracts/reviews.contract';
import type { Package } from '../../../common/contracts/packages.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type Response, type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, allCounts, packageClient, submitTable } from './packages.testing';

const TABLE_CSV = 'group,count\nA,25\nB,40\n';
const SCRIPT = '<script>alert(document.cookie)</script>\n<img src=x onerror=alert(1)> **Round** the counts';

describe.each(TEST_DIALECTS)('reviewing over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let tableId: string;
  let firstVersionId: string;
  const review = (key: string) => t.as(key).get(`${api.url}/review`);
  const decide = (key: string, body: unknown) => t.as(key).post(`${api.url}/files/${tableId}/review`, body);
  const comment = (key: string, body: unknown) => t.as(key).post(`${api.url}/comments`, body);
  const expectNothingChanged = async (before: Record<string, number>) => expect(await allCounts(t)).toEqual(before);

  // One world, in order: refusals first (each proving nothing changed), then the review of turn 1, return, turn 2.
  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    tableId = await submitTable(t, api, TABLE_CSV);
    firstVersionId = (await review('dpr')).json().files[0].fileVersionId;
  }, 60_000);
  afterAll(async () => t.close());

  it('shows a reviewer what is left to do and what they may do, and the authors what they may', async () => {
    const mine = (await review('dpr')).json() as ReviewSummary;
    expect(mine).toMatchObject({
      turn: 1,
      status: 'in_review',
      reviewer: true,
      independent: true,
      submittedAt: null,
      counts: { files: 1, needDecision: 1, decidedByMe: 0, remainingForMe: 1, outcomes: null },
      submissions: { count: 0, reviewers: null },
      abilities: { decide: true, submitReview: false, comment: true, commentPrivately: true },
    });
    expect(mine.files).toEqual([
      { fileId: tableId, path: 'results/table1.csv', role: 'output', removed: false, fileVersionId: firstVersionId, needsDecision: true, myDecision: null, outcome: null, decisions: null },
    ]);
    const authors = (await review('researcher')).json() as ReviewSummary;
    expect(authors).toMatchObject({ reviewer: false, independent: false, abilities: { decide: false, submitReview: false, comment: true, commentPrivately: false } });
  });

  it('refuses strangers, the author team, non-reviewers, bad requests and an early submission, changing nothing', async () => {
    await t.signInAll('researcher', 'outsider', 'dpr', 'pm');
    const before = await allCounts(t);
    const approve = { fileVersionId: firstVersionId, decision: 'approve' };
    const refusals: [() => Promise<Response>, number, string][] = [
      [() => t.anonymous.post(`${api.url}/files/${tableId}/review`, approve), 401, 'auth.unauthenticated'],
      [() => t.anonymous.get(`${api.url}/review`), 401, 'auth.unauthenticated'],
      [() => review('outsider'), 404, 'package.not_found'],
      [() => decide('outsider', approve), 404, 'package.not_found'],
      [() => decide('researcher', approve), 403, 'package.self_review'],
      [() => decide('pm', approve), 403, 'review.not_a_reviewer'],
      [() => decide('dpr', { ...approve, extra: 1 }), 422, 'validation.invalid_input'],
      [() => decide('dpr', { fileVersionId: firstVersionId, decision: 'request_changes' }), 422, 'review.reason_required'],
      [() => decide('dpr', { ...approve, reasonCode: 'small_counts' }), 422, 'validation.invalid_input'],
      [() => decide('dpr', { fileVersionId: firstVersionId, decision: 'must_not_leave', reasonCode: 'because' }), 422, 'validation.invalid_input'],
      [() => t.as('dpr').post(`${api.url}/files/no-such-file/review`, approve), 404, 'file.not_found'],
      [() => t.as('dpr').post(`${api.url}/review-submissions`, {}), 409, 'review.incomplete'],
      [() => t.as('researcher').post(`${api.url}/review-submissions`, {}), 403, 'package.self_review'],
      [() => comment('researcher', { subjectType: 'package', subjectId: api.url.split('/').pop(), visibility: 'private', body: 'x' }), 403, 'comment.private_not_allowed'],
      [() => comment('dpr', { subjectType: 'package', subjectId: t.world.wp.report, visibility: 'public', body: '' }), 422, 'comment.empty'],
      [() => comment('dpr', { subjectType: 'package', subjectId: t.world.wp.report, visibility: 'public', body: 'esc \u001b[2J' }), 422, 'comment.invalid_characters'],
      [() => comment('dpr', { subjectType: 'package', subjectId: t.world.wp.report, visibility: 'public', body: 'x'.repeat(10_001) }), 422, 'comment.too_long'],
      [() => comment('outsider', { subjectType: 'package', subjectId: t.world.wp.report, visibility: 'public', body: 'hi' }), 404, 'package.not_found'],
    ];
    for (const [request, status, code] of refusals) {
      expectError(await request(), status, code);
      await expectNothingChanged(before);
    }
  });

  it('records a decision and a submitted review, then refuses a second submission', async () => {
    const res = await decide('dpr', { fileVersionId: firstVersionId, decision: 'request_changes', reasonCode: 'small_counts', comment: 'B is fine; A needs rounding' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ turn: 1, superseded: false, decision: { fileId: tableId, fileVersionId: firstVersionId, decision: 'request_changes', reasonCode: 'small_counts' } });
    const submitted = await t.as('dpr').post(`${api.url}/review-submissions`, { version: (await api.get('dpr')).version });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({
      submittedAt: expect.any(String),
      independent: false,
      counts: { outcomes: { changes_requested: 1 } },
      submissions: { count: 1, reviewers: [{ name: 'dpr' }] },
    });
    const before = await allCounts(t);
    expectError(await t.as('dpr').post(`${api.url}/review-submissions`), 409, 'review.already_submitted');
    expectError(await decide('dpr', { fileVersionId: firstVersionId, decision: 'approve' }), 409, 'review.already_submitted');
    await expectNothingChanged(before);
  });

  it('returns comments with HTML and script as the JSON text written, and the public comments of a returned turn as its to-do list', async () => {
    const posted = await comment('dpr', { subjectType: 'file', subjectId: tableId, visibility: 'public', body: SCRIPT });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json()).toMatchObject({ body: SCRIPT, subjectType: 'file', subjectId: tableId, visibility: 'public', authorName: 'dpr', mine: true });
    expect((await comment('dpr', { subjectType: 'package', subjectId: t.world.wp.report, visibility: 'private', body: 'Between reviewers' })).statusCode).toBe(201);
    const listed = await t.as('researcher').get(`${api.url}/comments`);
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['content-type']).toMatch(/^application\/json/);
    expect((listed.json() as CommentList).comments.map((c) => c.body)).toEqual([SCRIPT]);

    const { version } = await api.get('dpr');
    expect((await api.transition('dpr', 'return', version, 'See the comments')).statusCode).toBe(200);
    t.world.clock.advance(1000);
    expect((await comment('researcher', { subjectType: 'file', subjectId: tableId, visibility: 'public', body: 'Rounded to 5' })).statusCode).toBe(201);
    const todo = (await t.as('researcher').get(`${api.url}/comments?turn=1&visibility=public`)).json() as CommentList;
    expect(todo.comments.map((c) => [c.authorName, c.body])).toEqual([
      ['dpr', SCRIPT],
      ['researcher', 'Rounded to 5'],
    ]);
    expect((await review('researcher')).json()).toMatchObject({ status: 'returned', files: [{ outcome: 'changes_requested', decisions: null }] });
  });

  it('records the agreed outcome of a removed item by the investigator, and refuses the researcher', async () => {
    const extra = await api.add('researcher', 'results/extra.csv', TABLE_CSV.replace('25', '26'));
    const file = (await t.as('researcher').get(`${api.url}/files/${extra.id}`)).json() as { version: number };
    expect((await t.as('researcher').post(`${api.url}/files/${extra.id}/removal`, { reason: 'Tier 2 until redacted', version: file.version })).statusCode).toBe(200);
    const pkg = await api.get('researcher');
    const removalId = pkg.removals[0]?.id as string;
    const url = `${api.url}/removals/${removalId}/outcome`;
    await t.signInAll('investigator');
    const before = await allCounts(t);
    expectError(await t.as('researcher').post(url, { outcome: 'keep_inside', version: pkg.version }), 403, 'removal.not_allowed');
    expectError(await t.as('investigator').post(url, { outcome: 'later', version: pkg.version }), 422, 'validation.invalid_input');
    expectError(await t.as('investigator').post(`${api.url}/removals/nope/outcome`, { outcome: 'keep_inside', version: pkg.version }), 404, 'removal.not_found');
    await expectNothingChanged(before);
    expect((await comment('dpr', { subjectType: 'removal', subjectId: removalId, visibility: 'public', body: 'Blur the cells, then reinstate' })).statusCode).toBe(201);
    const res = await t.as('investigator').post(url, { outcome: 'reinstate_after_redaction', version: pkg.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ removalId, outcome: 'reinstate_after_redaction', version: pkg.version + 1 });
    expect((await api.get('dpr')).removals[0]).toMatchObject({ outcome: 'reinstate_after_redaction', outcomeBy: 'investigator' });
  });

  it('refuses a decision on the version the page showed once the file has a new one, changing nothing, and retracts a comment without deleting it', async () => {
    await api.add('researcher', 'results/table1.csv', TABLE_CSV.replace('25', '30'));
    const pkg = (await api.get('researcher')) as Package;
    const context = { ...COMPLETE_CONTEXT, outputs: { [tableId]: { shows: 'Counts by group', supportingFileIds: [] } } };
    const withContext = (await api.setContext('researcher', context, pkg.version)).json() as Package;
    expect((await api.transition('researcher', 'resubmit', withContext.version)).statusCode).toBe(200);
    await t.services.settle();
    const before = await allCounts(t);
    const res = await decide('dpr', { fileVersionId: firstVersionId, decision: 'approve' });
    expectError(res, 409, 'review.stale_file_version');
    expect(res.json().error.message).toMatch(/changed since the page was loaded/);
    await expectNothingChanged(before);
    // Content changed: nothing carried over, the reviewer starts again on the new version.
    const turn2 = (await review('dpr')).json() as ReviewSummary;
    const table = turn2.files.find((f) => f.fileId === tableId);
    expect(turn2).toMatchObject({ turn: 2, submittedAt: null, counts: { needDecision: 1, remainingForMe: 1 } });
    expect(table).toMatchObject({ myDecision: null, needsDecision: true });
    expect(table?.fileVersionId).not.toBe(firstVersionId);
    // The removed item takes no decision.
    expect(turn2.files.find((f) => f.fileId !== tableId)).toMatchObject({ removed: true, needsDecision: false });
    expect((await decide('dpr', { fileVersionId: table?.fileVersionId, decision: 'approve' })).statusCode).toBe(200);

    const mine = ((await t.as('dpr').get(`${api.url}/comments?subjectType=file&subjectId=${tableId}`)).json() as CommentList).comments.find((c) => c.mine);
    const retractUrl = `${api.url}/comments/${mine?.id}/retraction`;
    expectError(await t.as('researcher').post(retractUrl), 403, 'comment.not_yours');
    const retracted = await t.as('dpr').post(retractUrl);
    expect(retracted.statusCode, retracted.body).toBe(200);
    expect(retracted.json()).toMatchObject({ id: mine?.id, body: null, retractedAt: expect.any(String), authorName: 'dpr' });
    expectError(await t.as('dpr').post(retractUrl), 409, 'comment.retracted');
    const listed = (await t.as('researcher').get(`${api.url}/comments`)).json() as CommentList;
    expect(listed.comments.find((c) => c.id === mine?.id)).toMatchObject({ body: null, authorName: 'dpr' });
  }, 60_000);
});
