/**
 * The whole path from draft to approved over the API, as the journey (issue 10 "Tests
 * that must exist"), on SQLite and PostgreSQL: a report package with a small count and an e-mail
 * address → the DPR (who says tier 2, so a referee is needed) and the referee review it
 * independently → returned with a public comment → the author uploads corrected versions →
 * resubmitted → the classifiers agree tier 1 (the referee is no longer needed) → decisions and
 * sign-offs → approved by the system, once, with the digest the signers signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../../common/contracts/sign-offs.contract';
import type { ReviewSummary } from '../../../common/contracts/reviews.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, packageClient } from './packages.testing';

const TABLE = 'group,count\nA,25\nB,40\nC,3\n';
const TABLE_FIXED = 'group,count\nA,25\nB,40\nC,[suppressed]\n';
const NOTES = '# Methods\nQuestions to jo.bloggs@example.org.\n';
const NOTES_FIXED = '# Methods\nQuestions to the study team.\n';

describe.each(TEST_DIALECTS)('from draft to approved over the API on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  const pkgUrl = () => `/api/v1/packages/${t.world.wp.report}`;
  const wpUrl = () => `/api/v1/work-packages/${t.world.wp.report}`;
  const review = async (key: string): Promise<ReviewSummary> => {
    const res = await t.as(key).get(`${pkgUrl()}/review`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ReviewSummary;
  };
  const approval = async (key = 'investigator'): Promise<Approval> => (await t.as(key).get(`${pkgUrl()}/approval`)).json() as Approval;
  const decide = async (key: string, path: string, decision: string, reasonCode?: string) => {
    const file = (await review(key)).files.find((f) => f.path === path);
    if (!file) throw new Error(`no file ${path}`);
    const res = await t.as(key).post(`${pkgUrl()}/files/${file.fileId}/review`, { fileVersionId: file.fileVersionId, decision, ...(reasonCode ? { reasonCode } : {}) });
    expect(res.statusCode, res.body).toBe(200);
  };
  const submitReview = async (key: string) => {
    const res = await t.as(key).post(`${pkgUrl()}/review-submissions`, {});
    expect(res.statusCode, res.body).toBe(201);
  };
  const opinion = async (key: string, tier: number, revisesOpinionId?: string) => {
    const res = await t
      .as(key)
      .post(`${wpUrl()}/opinions`, { path: pathFor(tier), explanation: 'The outputs were corrected; no personal data leaves.', ...(revisesOpinionId ? { revisesOpinionId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const status = async () => (await api.get('researcher')).status;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
  }, 60_000);
  afterAll(async () => t.close());

  it('goes through review, return, correction and sign-off to one approval by the system', async () => {
    // The authors assemble and submit; the checks flag the small count and the e-mail address.
    const table = await api.add('researcher', 'results/table.csv', TABLE);
    const notes = await api.add('researcher', 'docs/methods.md', NOTES);
    const outputs = { [table.id]: { shows: 'Counts by group', supportingFileIds: [] }, [notes.id]: { shows: 'How the counts were made', supportingFileIds: [] } };
    let pkg = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, destinationKind: 'research_team', outputs }, (await api.get('researcher')).version)).json();
    expect((await api.transition('researcher', 'submit', pkg.version)).statusCode).toBe(200);
    await t.services.settle();
    expect(await status()).toBe('in_review');

    // The DPR says tier 2, the investigator tier 1: a referee is needed, so the classification waits for one.
    const dprOpinion = (await opinion('dpr', 2)).myOpinion;
    await opinion('investigator', 1);

    // Independent review: the referee sees none of the DPR's decisions until they submit their own.
    await decide('dpr', 'results/table.csv', 'request_changes', 'small_counts');
    await decide('dpr', 'docs/methods.md', 'request_changes', 'identifiers');
    await submitReview('dpr');
    const before = await review('referee');
    expect(before).toMatchObject({ reviewer: true, independent: true });
    expect(before.files.every((f) => f.decisions === null && f.outcome === null)).toBe(true);
    await decide('referee', 'results/table.csv', 'request_changes', 'small_counts');
    await decide('referee', 'docs/methods.md', 'approve');
    await submitReview('referee');
    const after = await review('referee');
    expect(after.independent).toBe(false);
    expect(Object.fromEntries(after.files.map((f) => [f.path, f.outcome]))).toEqual({ 'results/table.csv': 'changes_requested', 'docs/methods.md': 'conflicted' });

    // Approval is not possible yet, and the panel says why.
    const waiting = await approval();
    // (Which sign-offs are required is known only once a tier is agreed.)
    expect(waiting.missing.map((m) => m.id)).toEqual(['tier_agreed', 'files_approved', 'findings_resolved', 'findings_acknowledged']);

    // Returned with a public comment, which the authors read as their to-do list.
    pkg = await api.get('dpr');
    const comment = await t
      .as('dpr')
      .post(`${pkgUrl()}/comments`, { subjectType: 'package', subjectId: t.world.wp.report, visibility: 'public', body: 'Suppress the count of 3 and remove the e-mail address.' });
    expect(comment.statusCode, comment.body).toBe(201);
    expect((await api.transition('dpr', 'return', pkg.version, 'Suppress the small count and remove the e-mail address.')).statusCode).toBe(200);
    const todo = (await t.as('researcher').get(`${pkgUrl()}/comments?visibility=public`)).json();
    expect(JSON.stringify(todo)).toContain('Suppress the count of 3');

    // The authors correct both files and resubmit; the checks pass.
    await api.add('researcher', 'results/table.csv', TABLE_FIXED);
    await api.add('researcher', 'docs/methods.md', NOTES_FIXED);
    pkg = await api.get('researcher');
    expect((await api.transition('researcher', 'resubmit', pkg.version)).statusCode).toBe(200);
    await t.services.settle();
    expect(await status()).toBe('in_review');

    // The DPR revises to tier 1: the classifiers agree, and the referee is no longer a reviewer.
    const agreed = await opinion('dpr', 1, dprOpinion.id);
    expect(agreed.workPackage).toMatchObject({ status: 'classified', tier: 1 });
    expect((await review('referee')).reviewer).toBe(false);

    // Decisions, then sign-offs: the last one approves, as the system, exactly once.
    await decide('dpr', 'results/table.csv', 'approve');
    await decide('dpr', 'docs/methods.md', 'approve');
    await submitReview('dpr');
    const ready = await approval();
    expect(ready.missing.map((m) => m.id)).toEqual(['sign_offs_present', 'sign_off_outside_team']);
    const digest = ready.digest;
    expectError(await t.as('researcher').post(`${pkgUrl()}/sign-offs`, { role: 'investigator', digest }), 403, 'sign_off.not_allowed');
    expect((await t.as('investigator').post(`${pkgUrl()}/sign-offs`, { role: 'investigator', digest })).statusCode).toBe(201);
    expect(await status()).toBe('in_review');
    const last = await t.as('dpr').post(`${pkgUrl()}/sign-offs`, { role: 'data_provider_representative', digest });
    expect(last.statusCode, last.body).toBe(201);
    expect(await status()).toBe('approved');

    const approvals = await t.database.db.selectFrom('audit_events').select(['actor_id', 'actor_label', 'summary']).where('action', '=', 'package.approved').execute();
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ actor_id: null });
    expect(JSON.parse(approvals[0]?.summary ?? '{}')).toMatchObject({ digest });
  });
});
