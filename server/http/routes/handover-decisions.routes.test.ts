/**
 * The decisions of a data provider handover over HTTP on every dialect (docs/design.md §6; issue 10
 * §6): the handover work package has two datasets (two DPRs) and is agreed at tier 2; its
 * package is in review with a blocked table, notes flagged for review, a file that passes and a
 * flagged supporting file. A storage decision needs the investigator's and both DPRs'
 * agreement, a new one needs it again; a redaction decision is needed per flagged output, and
 * only one on the current version counts. Refusals change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RedactionDecisionList, StorageDecisionView } from '../../../common/contracts/handover-decisions.contract';
import type { Package } from '../../../common/contracts/packages.contract';
import { loadHandoverDecisions } from '../../commands/handover-decisions.queries';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { addSecondDataset, personIn } from '../../testing/world-lifecycle';
import { type Response, type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, allCounts, packageClient } from './packages.testing';

const TABLE_CSV = 'group,count\nA,25\nB,40\nC,3\n';
const NOTES = 'Contact me at someone@example.org\n';
const DECISION = { location: 'Provider A secure archive', custodian: 'Provider A data office', protection: 'Encrypted at rest; named access only', retention: '10 years', reviewDate: '2031-01-31' };

describe.each(TEST_DIALECTS)('handover decisions over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let files: { table: string; notes: string; ok: string; support: string };
  const id = (key: string) => personIn(t.world, key).id;

  const storage = async (key = 'investigator'): Promise<StorageDecisionView> => {
    const res = await t.as(key).get(`${api.url}/storage-decision`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as StorageDecisionView;
  };
  const redactions = async (key = 'investigator'): Promise<RedactionDecisionList> => {
    const res = await t.as(key).get(`${api.url}/redaction-decisions`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as RedactionDecisionList;
  };
  const record = (key: string, body: Record<string, unknown>): Promise<Response> => {
    t.world.clock.advance(1000);
    return t.as(key).put(`${api.url}/storage-decision`, body);
  };
  const agree = (key: string, decisionId: string): Promise<Response> => {
    t.world.clock.advance(1000);
    return t.as(key).post(`${api.url}/storage-decision/agreement`, { decisionId });
  };
  const decide = (key: string, fileId: string, body: Record<string, unknown>): Promise<Response> => {
    t.world.clock.advance(1000);
    return t.as(key).put(`${api.url}/files/${fileId}/redaction-decision`, body);
  };
  const versionIdOf = async (fileId: string): Promise<string> => {
    const file = (await t.as('investigator').get(`${api.url}/files/${fileId}`)).json() as { current: { id: string } };
    return file.current.id;
  };
  const guards = async () => loadHandoverDecisions(t.database.db, await t.database.db.selectFrom('packages').selectAll().where('id', '=', t.world.wp.handover).executeTakeFirstOrThrow());

  beforeEach(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.handover);
    const datasetB = await addSecondDataset(t.world);
    const attached = await t.database.db.selectFrom('work_package_datasets').select('dataset_id').where('work_package_id', '=', t.world.wp.handover).execute();
    expect(attached.map((a) => a.dataset_id).sort()).toEqual([t.world.datasetId, datasetB].sort());
    for (const key of ['investigator', 'dpr', 'dpr2', 'referee']) {
      const res = await t.as(key).post(`/api/v1/work-packages/${t.world.wp.handover}/opinions`, { path: pathFor(2) });
      expect(res.statusCode, res.body).toBe(201);
    }
    const add = async (path: string, content: string) => (await api.add('researcher', path, content)).id;
    files = { table: await add('results/table1.csv', TABLE_CSV), notes: await add('results/notes.txt', NOTES), ok: await add('results/method.txt', 'Method notes\n'), support: '' };
    const support = await api.add('researcher', 'support/contacts.txt', NOTES);
    expect((await t.as('researcher').patch(`${api.url}/files/${support.id}`, { role: 'supporting', version: support.version })).statusCode).toBe(200);
    files.support = support.id;
    const pkg = await api.get('researcher');
    const outputs = {
      [files.table]: { shows: 'Counts by group', supportingFileIds: [support.id] },
      [files.notes]: { shows: 'Notes', supportingFileIds: [] },
      [files.ok]: { shows: 'Method', supportingFileIds: [] },
    };
    const withContext = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, destinationKind: 'data_provider', outputs }, pkg.version)).json() as Package;
    expect((await api.transition('researcher', 'submit', withContext.version)).statusCode).toBe(200);
    await t.services.settle();
    expect(await api.get('researcher')).toMatchObject({ status: 'in_review', workPackage: { kind: 'egress_handover', tier: 2 } });
  }, 120_000);
  afterEach(async () => t.close());

  it('records a storage decision that the investigator and every DPR of the datasets agree to, and asks everyone again when it is replaced', async () => {
    let view = await storage();
    const everyone = [id('investigator'), id('dpr'), id('dpr2')].sort();
    expect(view).toMatchObject({ required: true, version: 0, current: null, superseded: [], abilities: { record: true, agree: false } });
    expect(view.mustAgree.map((p) => p.id).sort()).toEqual(everyone);
    expect(await guards()).toMatchObject({ storageRecorded: false, flaggedWithoutRedactionDecision: 2 });

    let res = await record('dpr', { ...DECISION, version: 0 });
    expect(res.statusCode, res.body).toBe(200);
    view = res.json() as StorageDecisionView;
    expect(view).toMatchObject({ version: 1, current: { ...DECISION, version: 1, recordedBy: { id: id('dpr') }, agreements: [] } });
    expect(view.missing.map((p) => p.id).sort()).toEqual(everyone);
    const first = view.current?.id as string;

    expect((await agree('investigator', first)).statusCode).toBe(200);
    expect((await agree('dpr', first)).statusCode).toBe(200);
    // Agreeing twice changes nothing.
    const before = await allCounts(t);
    expect((await agree('dpr', first)).statusCode).toBe(200);
    expect(await allCounts(t)).toEqual(before);
    expect((await guards()).storageAgreementsMissing).toEqual([id('dpr2')]);
    view = (await agree('dpr2', first)).json() as StorageDecisionView;
    expect(view.missing).toEqual([]);
    expect(view.current?.agreements.map((a) => [a.user.id, a.role])).toEqual([
      [id('investigator'), 'investigator'],
      [id('dpr'), 'data_provider_representative'],
      [id('dpr2'), 'data_provider_representative'],
    ]);
    expect(await guards()).toMatchObject({ storageRecorded: true, storageAgreementsMissing: [] });

    // A new decision supersedes the agreed one and needs everyone's agreement again.
    res = await record('investigator', { ...DECISION, retention: '5 years', version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    view = res.json() as StorageDecisionView;
    expect(view).toMatchObject({ version: 2, current: { retention: '5 years', version: 2, agreements: [] }, superseded: [{ id: first, version: 1 }] });
    expect(view.superseded[0]?.agreements).toHaveLength(3);
    expect(view.missing.map((p) => p.id).sort()).toEqual(everyone);
    expect((await guards()).storageAgreementsMissing.sort()).toEqual(everyone);
    const counts = await allCounts(t);
    expectError(await agree('dpr2', first), 409, 'storage_decision.superseded');
    expect(await allCounts(t)).toEqual(counts);

    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'package.storage_decision_%').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual([
      'package.storage_decision_recorded',
      'package.storage_decision_agreed',
      'package.storage_decision_agreed',
      'package.storage_decision_agreed',
      'package.storage_decision_recorded',
    ]);
  }, 60_000);

  it('refuses storage decisions from the wrong people, on another kind of package, with a past review date or a stale version, and once the package has ended, changing nothing', async () => {
    const recorded = (await record('investigator', { ...DECISION, version: 0 })).json() as StorageDecisionView;
    await t.signInAll('researcher', 'referee', 'pm', 'outsider', 'programme', 'dpr');
    const today = t.world.clock.now().toISOString().slice(0, 10);
    const report = packageClient(t, t.world.wp.report);
    const before = await allCounts(t);
    const refusals: [() => Promise<Response>, number, string][] = [
      [() => t.anonymous.put(`${api.url}/storage-decision`, { ...DECISION, version: 1 }), 401, 'auth.unauthenticated'],
      [() => record('outsider', { ...DECISION, version: 1 }), 404, 'package.not_found'],
      [() => record('researcher', { ...DECISION, version: 1 }), 403, 'workflow.not_allowed'],
      [() => record('referee', { ...DECISION, version: 1 }), 403, 'workflow.not_allowed'],
      [() => record('pm', { ...DECISION, version: 1 }), 403, 'workflow.not_allowed'],
      [() => record('programme', { ...DECISION, version: 1 }), 403, 'workflow.not_allowed'],
      [() => record('dpr', { ...DECISION, reviewDate: today, version: 1 }), 422, 'storage_decision.review_date_past'],
      [() => record('dpr', { ...DECISION, reviewDate: '2031-02-30', version: 1 }), 422, 'validation.invalid_input'],
      [() => record('dpr', { ...DECISION, reviewDate: '31/01/2031', version: 1 }), 422, 'validation.invalid_input'],
      [() => record('dpr', { ...DECISION, custodian: '  ', version: 1 }), 422, 'validation.invalid_input'],
      [() => record('dpr', { ...DECISION, location: 'x'.repeat(2001), version: 1 }), 422, 'validation.invalid_input'],
      [() => record('dpr', { ...DECISION, version: 0 }), 409, 'conflict.stale_version'],
      [() => t.as('dpr').put(`${report.url}/storage-decision`, { ...DECISION, version: 0 }), 409, 'handover.not_a_handover'],
      [() => agree('researcher', recorded.current?.id as string), 403, 'workflow.not_allowed'],
      [() => agree('referee', recorded.current?.id as string), 403, 'workflow.not_allowed'],
      [() => agree('dpr', 'no-such-decision'), 404, 'storage_decision.not_found'],
      [() => agree('dpr', ''), 422, 'validation.invalid_input'],
    ];
    for (const [request, status, code] of refusals) expectError(await request(), status, code);
    expect(await allCounts(t)).toEqual(before);

    const pkg = await api.get('dpr');
    expect((await api.transition('dpr', 'reject', pkg.version, 'Not for release')).statusCode).toBe(200);
    const ended = await allCounts(t);
    expectError(await record('dpr', { ...DECISION, version: 1 }), 409, 'handover.decisions_closed');
    expectError(await agree('dpr', recorded.current?.id as string), 409, 'handover.decisions_closed');
    expectError(await decide('dpr', files.table, { fileVersionId: await versionIdOf(files.table), decision: 'keep_inside', reason: 'Small count' }), 409, 'handover.decisions_closed');
    expect(await allCounts(t)).toEqual(ended);
    expect((await storage('dpr')).abilities).toEqual({ record: false, agree: false });
  }, 60_000);

  it('needs a redaction decision per flagged output: the latest per file counts, and only on the current version', async () => {
    let list = await redactions();
    expect(list).toMatchObject({ required: true, withoutDecision: 2, abilities: { decide: true } });
    expect(list.outputs.map((o) => [o.path, o.verdict, o.decision])).toEqual([
      ['results/notes.txt', 'review', null],
      ['results/table1.csv', 'block', null],
    ]);
    const tableVersion = await versionIdOf(files.table);
    const notesVersion = await versionIdOf(files.notes);

    let res = await decide('investigator', files.table, { fileVersionId: tableVersion, decision: 'keep_inside', reason: 'The small count stays inside' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ fileId: files.table, verdict: 'block', decision: { decision: 'keep_inside', decidedBy: { id: id('investigator') } } });
    expect((await guards()).flaggedWithoutRedactionDecision).toBe(1);
    res = await decide('dpr', files.table, { fileVersionId: tableVersion, decision: 'release_as_is', reason: 'The count is published elsewhere' });
    expect(res.json()).toMatchObject({ decision: { decision: 'release_as_is', decidedBy: { id: id('dpr') } } });
    const rows = await t.database.db.selectFrom('redaction_decisions').select(['decision', 'superseded_at']).where('file_id', '=', files.table).orderBy('decided_at').execute();
    expect(rows.map((r) => [r.decision, r.superseded_at !== null])).toEqual([
      ['keep_inside', true],
      ['release_as_is', false],
    ]);
    expect((await guards()).flaggedWithoutRedactionDecision).toBe(1);

    await t.signInAll('researcher', 'referee');
    const okVersion = await versionIdOf(files.ok);
    const supportVersion = await versionIdOf(files.support);
    const before = await allCounts(t);
    const refusals: [() => Promise<Response>, number, string][] = [
      [() => decide('dpr2', files.ok, { fileVersionId: okVersion, decision: 'release_as_is', reason: 'Fine' }), 409, 'handover.not_flagged'],
      [() => decide('dpr2', files.support, { fileVersionId: supportVersion, decision: 'keep_inside', reason: 'Fine' }), 409, 'handover.not_flagged'],
      [() => decide('dpr2', files.notes, { fileVersionId: tableVersion, decision: 'release_as_is', reason: 'Fine' }), 409, 'review.stale_file_version'],
      [() => decide('dpr2', 'no-such-file', { fileVersionId: tableVersion, decision: 'release_as_is', reason: 'Fine' }), 404, 'file.not_found'],
      [() => decide('researcher', files.notes, { fileVersionId: notesVersion, decision: 'release_as_is', reason: 'Fine' }), 403, 'workflow.not_allowed'],
      [() => decide('referee', files.notes, { fileVersionId: notesVersion, decision: 'release_as_is', reason: 'Fine' }), 403, 'workflow.not_allowed'],
      [() => decide('dpr2', files.notes, { fileVersionId: notesVersion, decision: 'publish', reason: 'Fine' }), 422, 'validation.invalid_input'],
      [() => decide('dpr2', files.notes, { fileVersionId: notesVersion, decision: 'release_as_is', reason: '' }), 422, 'validation.invalid_input'],
    ];
    for (const [request, status, code] of refusals) expectError(await request(), status, code);
    expect(await allCounts(t)).toEqual(before);

    res = await decide('dpr2', files.notes, { fileVersionId: notesVersion, decision: 'redacted', reason: 'The address was replaced by the team mailbox' });
    expect(res.statusCode, res.body).toBe(200);
    list = await redactions('researcher');
    expect(list.withoutDecision).toBe(0);
    expect(await guards()).toMatchObject({ flaggedWithoutRedactionDecision: 0 });
    const audited = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.redaction_decided').orderBy('seq').execute();
    expect(audited.map((e) => JSON.parse(e.summary).decision)).toEqual(['keep_inside', 'release_as_is', 'redacted']);

    // A new version of the table is its own output: the decision on version 1 no longer counts once it is checked.
    let pkg = await api.get('dpr');
    expect((await api.transition('dpr', 'return', pkg.version, 'Round the counts')).statusCode).toBe(200);
    await api.add('researcher', 'results/table1.csv', 'group,count\nA,25\nB,40\nC,4\n');
    pkg = await api.get('researcher');
    expect((await api.transition('researcher', 'resubmit', pkg.version)).statusCode).toBe(200);
    await t.services.settle();
    list = await redactions();
    expect(list.outputs.map((o) => [o.path, o.versionNumber, o.decision?.decision ?? null])).toEqual([
      ['results/notes.txt', 1, 'redacted'],
      ['results/table1.csv', 2, null],
    ]);
    expect(await guards()).toMatchObject({ flaggedWithoutRedactionDecision: 1 });
  }, 60_000);
});
