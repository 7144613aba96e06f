/**
 * The classification routes of issue 10 §2 and §4 over HTTP, on every dialect: the work package
 * answer carries the findings in view, the package's status and live sign-offs and who must
 * confirm; an answer contradicting the findings is refused with 422
 * `classification.explanation_required` (its details list the contradictions) and accepted with
 * an explanation; a confirmation nobody needs is refused with 409; a classifier confirms after
 * a new version with 201. Every refusal changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { allCounts, packageClient, submitTable } from './packages.testing';

const CONTACTS = 'name,contact\nAda,ada.lovelace@example.org\nAlan,alan.turing@example.org\n';
const NOTHING_PERSONAL = ['open_generate_new', 'closed_personal', 'include_commercial', 'open_publication'].map((question) => ({ question, version: 1, answer: false }));

describe.each(TEST_DIALECTS)('work package findings and confirmations over HTTP on %s', (dialect) => {
  let t: TestApp;
  let wpUrl: string;

  // One world, in order: refusals first (each proves it changed nothing), then the accepted steps.
  beforeAll(async () => {
    t = await startTestApp(dialect);
    wpUrl = `/api/v1/work-packages/${t.world.wp.report}`;
    await submitTable(t, packageClient(t, t.world.wp.report), CONTACTS);
  }, 60_000);
  afterAll(async () => t.close());

  it('shows the findings in view, the package and who must confirm in the work package', async () => {
    const body = (await t.as('dpr').get(wpUrl)).json();
    expect(body.findingsInView.families).toContainEqual({ family: 'pii', files: 1, description: '1 file contains personal identifiers (such as e-mail addresses or identity numbers)' });
    expect(body.workPackage.package).toEqual({ id: t.world.wp.report, status: 'in_review', liveSignOffs: 0 });
    expect(body.confirmationsNeeded).toEqual([]);
  });

  it('refuses a contradicting answer without an explanation with 422, and a confirmation nobody needs with 409, changing nothing', async () => {
    await t.signInAll('investigator', 'dpr');
    const before = await allCounts(t);
    const res = await t.as('investigator').post(`${wpUrl}/opinions`, { path: NOTHING_PERSONAL });
    expectError(res, 422, 'classification.explanation_required');
    expect(res.json().error.details.contradictions.map((c: { question: string }) => c.question)).toEqual(['open_generate_new', 'closed_personal']);
    expectError(await t.as('investigator').post(`${wpUrl}/opinions`, { path: NOTHING_PERSONAL, explanation: '   ' }), 422, 'validation.invalid_input');
    expectError(await t.as('investigator').post(`${wpUrl}/opinion-confirmations`, {}), 409, 'work_package.not_classified');
    expect(await allCounts(t)).toEqual(before);
  });

  it('accepts the answer with an explanation; then a confirmation nobody needs is refused with 409, changing nothing', async () => {
    const explained = await t.as('investigator').post(`${wpUrl}/opinions`, { path: NOTHING_PERSONAL, explanation: 'Published staff contacts, not data subjects' });
    expect(explained.statusCode, explained.body).toBe(201);
    expect(explained.json().myOpinion.explanation).toBe('Published staff contacts, not data subjects');
    const agreed = await t.as('dpr').post(`${wpUrl}/opinions`, { path: NOTHING_PERSONAL, explanation: 'The same: these are staff contacts' });
    expect(agreed.json().workPackage).toMatchObject({ status: 'classified', tier: 0 });
    const before = await allCounts(t);
    expectError(await t.as('dpr').post(`${wpUrl}/opinion-confirmations`, {}), 409, 'classification.nothing_to_confirm');
    expect(await allCounts(t)).toEqual(before);
  });

  it('asks the classifiers of a classified work package to confirm after a new file version, and records a confirmation with 201', async () => {
    // The handover package is still a draft, so it takes a file after its work package is classified.
    const handoverUrl = `/api/v1/work-packages/${t.world.wp.handover}`;
    for (const key of ['investigator', 'dpr']) expect((await t.as(key).post(`${handoverUrl}/opinions`, { path: pathFor(1) })).statusCode).toBe(201);
    t.world.clock.advance(60_000);
    await packageClient(t, t.world.wp.handover).add('researcher', 'code/analysis.R', 'x <- 1\n');
    const needed = (await t.as('dpr').get(handoverUrl)).json();
    // Both opinions were given at the same instant: their order is not defined.
    expect(needed.confirmationsNeeded.map((c: { name: string }) => c.name).sort()).toEqual(['dpr', 'investigator']);
    expect(needed.abilities.confirmOpinion).toBe(true);
    const res = await t.as('dpr').post(`${handoverUrl}/opinion-confirmations`, {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().confirmationsNeeded.map((c: { name: string }) => c.name)).toEqual(['investigator']);
  });
});
