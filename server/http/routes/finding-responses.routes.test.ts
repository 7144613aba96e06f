/**
 * Answers to findings over HTTP on every dialect (issue 10 §4): a package in review with a table
 * holding a small count (blocking) and notes holding an e-mail address (review-level), plus a
 * supporting file with an e-mail address. The authors ask for exceptions, reviewers refuse,
 * override and acknowledge, and the standing the approval guards read follows; every refusal
 * (wrong person, the author team whatever role it holds now, wrong state, wrong severity, no
 * justification, a stale version, an unknown key) changes nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FindingStandingList, FindingWithStanding } from '../../../common/contracts/finding-responses.contract';
import type { Package } from '../../../common/contracts/packages.contract';
import { loadFindingStanding } from '../../commands/finding-standing.queries';
import { addDataset, addParticipant, removeParticipant } from '../../commands/projects.commands';
import { TEST_DIALECTS } from '../../testing/databases';
import { participantIdOf, personIn } from '../../testing/world-lifecycle';
import { type Response, type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, allCounts, packageClient } from './packages.testing';

// A count of 3: below ACRO's minimum of 10, so the table is blocked.
const TABLE_CSV = 'group,count\nA,25\nB,40\nC,3\n';
const NOTES = 'Contact me at someone@example.org\n';

type Api = ReturnType<typeof packageClient>;

/**
 * As the researcher: adds the table, the notes and a supporting file with an e-mail address,
 * completes the context, submits and lets the checks finish. Returns the file ids.
 */
async function submitWithFindings(t: TestApp, api: Api, author = 'researcher'): Promise<{ table: string; notes: string; support: string }> {
  const table = (await api.add(author, 'results/table1.csv', TABLE_CSV)).id;
  const notes = (await api.add(author, 'results/notes.txt', NOTES)).id;
  const supportFile = await api.add(author, 'support/contacts.txt', NOTES);
  const patched = await t.as(author).patch(`${api.url}/files/${supportFile.id}`, { role: 'supporting', version: supportFile.version });
  expect(patched.statusCode, patched.body).toBe(200);
  const pkg = await api.get(author);
  const outputs = { [table]: { shows: 'Counts by group', supportingFileIds: [supportFile.id] }, [notes]: { shows: 'Notes', supportingFileIds: [] } };
  const withContext = (await api.setContext(author, { ...COMPLETE_CONTEXT, destinationKind: 'data_provider', outputs }, pkg.version)).json() as Package;
  expect((await api.transition(author, 'submit', withContext.version)).statusCode).toBe(200);
  await t.services.settle();
  expect((await api.get(author)).status).toBe('in_review');
  return { table, notes, support: supportFile.id };
}

describe.each(TEST_DIALECTS)('answers to findings over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: Api;
  let files: { table: string; notes: string; support: string };

  const standing = async (key = 'dpr', fileId?: string): Promise<FindingStandingList> => {
    const res = await t.as(key).get(`${api.url}/findings/responses${fileId ? `?fileId=${fileId}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as FindingStandingList;
  };
  const first = async (fileId: string, severity: 'block' | 'review'): Promise<FindingWithStanding> => {
    const found = (await standing('dpr', fileId)).findings.find((f) => f.severity === severity);
    if (!found) throw new Error(`no ${severity} finding in ${fileId}`);
    return found;
  };
  const answer = (key: string, f: Pick<FindingWithStanding, 'fileId' | 'findingKey'>, what: string, body: Record<string, unknown>): Promise<Response> => {
    // A second between answers, so that lists in time order have one order.
    t.world.clock.advance(1000);
    return t.as(key).post(`${api.url}/files/${f.fileId}/findings/${f.findingKey}/${what}`, body);
  };
  const guards = async () => loadFindingStanding(t.database.db, await t.database.db.selectFrom('packages').selectAll().where('id', '=', t.world.wp.report).executeTakeFirstOrThrow());

  describe('refusals', () => {
    // One world: every request here is refused and each proves it changed nothing.
    beforeAll(async () => {
      t = await startTestApp(dialect);
      api = packageClient(t, t.world.wp.report);
      const w = t.world;
      // Someone who was a researcher while the package was a draft and is now a DPR of one of its datasets.
      await w.addPerson('turncoat', { projectRole: 'researcher' });
      w.clock.advance(60_000);
      await removeParticipant(w.system, w.projectId, await participantIdOf(w, 'turncoat'));
      await addParticipant(w.system, w.projectId, { email: personIn(w, 'turncoat').email, role: 'data_provider_representative' });
      await addDataset(w.system, w.projectId, { name: 'Dataset T', providerName: 'Provider T', representativeUserId: personIn(w, 'turncoat').id });
      // A programme manager who is also a researcher of the project.
      await w.addPerson('programme-author', { systemRole: 'programme_manager', projectRole: 'researcher' });
      files = await submitWithFindings(t, api);
      await t.signInAll('researcher', 'investigator', 'dpr', 'pm', 'outsider', 'turncoat', 'programme-author', 'programme', 'referee');
    }, 120_000);
    afterAll(async () => t.close());

    it('lists every blocking and review-level finding with its standing, the supporting file’s findings included but not counted', async () => {
      const list = await standing('researcher');
      const outputs = list.findings.filter((f) => f.role === 'output');
      expect(outputs.some((f) => f.fileId === files.table && f.severity === 'block')).toBe(true);
      expect(outputs.some((f) => f.fileId === files.notes && f.severity === 'review' && f.rule === 'pii.email')).toBe(true);
      expect(list.findings.some((f) => f.fileId === files.support && f.role === 'supporting')).toBe(true);
      expect(list.findings.every((f) => f.standing === 'open' && f.responses.length === 0)).toBe(true);
      expect(list.unresolvedBlocking).toBe(outputs.filter((f) => f.severity === 'block').length);
      expect(list.unacknowledgedReview).toBe(outputs.filter((f) => f.severity === 'review').length);
      expect(await guards()).toEqual({ unresolvedBlocking: list.unresolvedBlocking, unacknowledgedReview: list.unacknowledgedReview });
      expect(list.abilities).toEqual({ requestException: true, override: false, refuseException: false, acknowledge: false });
      expect((await standing('dpr')).abilities).toEqual({ requestException: false, override: true, refuseException: true, acknowledge: true });
      expect((await standing('turncoat')).abilities).toMatchObject({ override: false, acknowledge: false });
      // No value of a finding is ever in the list.
      expect(JSON.stringify(list)).not.toContain('someone@example.org');
    });

    it('refuses an override by the author team, whatever role they hold now, and by anyone who does not review the package, changing nothing', async () => {
      const block = await first(files.table, 'block');
      const body = { fileVersionId: block.fileVersionId, justification: 'A published national figure' };
      const before = await allCounts(t);
      const refusals: [() => Promise<Response>, number, string][] = [
        [() => t.anonymous.post(`${api.url}/files/${block.fileId}/findings/${block.findingKey}/override`, body), 401, 'auth.unauthenticated'],
        [() => answer('outsider', block, 'override', body), 404, 'package.not_found'],
        [() => answer('researcher', block, 'override', body), 403, 'package.self_review'],
        [() => answer('investigator', block, 'override', body), 403, 'package.self_review'],
        [() => answer('turncoat', block, 'override', body), 403, 'package.self_review'],
        [() => answer('programme-author', block, 'override', body), 403, 'package.self_review'],
        [() => answer('programme', block, 'override', body), 403, 'workflow.not_allowed'],
        [() => answer('pm', block, 'override', body), 403, 'workflow.not_allowed'],
        // Nobody said tier 2 or more, so the referee does not review this package.
        [() => answer('referee', block, 'override', body), 403, 'workflow.not_allowed'],
        [() => answer('researcher', block, 'acknowledgement', { fileVersionId: block.fileVersionId }), 403, 'package.self_review'],
        [() => answer('turncoat', block, 'refusal', { fileVersionId: block.fileVersionId, text: 'No' }), 403, 'package.self_review'],
        [() => answer('dpr', block, 'exception-request', { fileVersionId: block.fileVersionId, text: 'Safe' }), 403, 'workflow.not_allowed'],
      ];
      for (const [request, status, code] of refusals) expectError(await request(), status, code);
      expect(await allCounts(t)).toEqual(before);
      expect((await first(files.table, 'block')).standing).toBe('open');
    });

    it('refuses an override without justification, wrong severities, unknown keys, stale versions, a refusal with nothing to refuse and other packages’ states, changing nothing', async () => {
      const block = await first(files.table, 'block');
      const review = await first(files.notes, 'review');
      const notesVersion = review.fileVersionId;
      const before = await allCounts(t);
      const refusals: [() => Promise<Response>, number, string][] = [
        [() => answer('dpr', block, 'override', { fileVersionId: block.fileVersionId }), 422, 'finding.justification_required'],
        [() => answer('dpr', block, 'override', { fileVersionId: block.fileVersionId, justification: '   ' }), 422, 'finding.justification_required'],
        [() => answer('dpr', block, 'override', { fileVersionId: block.fileVersionId, justification: 'x'.repeat(4001) }), 422, 'validation.invalid_input'],
        [() => answer('dpr', block, 'override', { justification: 'Fine' }), 422, 'validation.invalid_input'],
        [() => answer('researcher', block, 'exception-request', { fileVersionId: block.fileVersionId, text: '' }), 422, 'validation.invalid_input'],
        [() => answer('dpr', review, 'override', { fileVersionId: notesVersion, justification: 'Fine' }), 409, 'finding.wrong_severity'],
        [() => answer('dpr', block, 'acknowledgement', { fileVersionId: block.fileVersionId }), 409, 'finding.wrong_severity'],
        [() => answer('researcher', review, 'exception-request', { fileVersionId: notesVersion, text: 'Safe' }), 409, 'finding.wrong_severity'],
        [() => answer('dpr', { fileId: block.fileId, findingKey: '0123456789abcdef' }, 'override', { fileVersionId: block.fileVersionId, justification: 'Fine' }), 404, 'finding.not_found'],
        [() => answer('dpr', { fileId: block.fileId, findingKey: 'not-a-key' }, 'override', { fileVersionId: block.fileVersionId, justification: 'Fine' }), 422, 'validation.invalid_input'],
        [() => answer('dpr', { fileId: 'no-such-file', findingKey: block.findingKey }, 'override', { fileVersionId: block.fileVersionId, justification: 'Fine' }), 404, 'file.not_found'],
        // The notes' version is not a version of the table.
        [() => answer('dpr', block, 'override', { fileVersionId: notesVersion, justification: 'Fine' }), 409, 'review.stale_file_version'],
        [() => answer('dpr', block, 'refusal', { fileVersionId: block.fileVersionId, text: 'No' }), 409, 'finding.no_exception_request'],
      ];
      for (const [request, status, code] of refusals) expectError(await request(), status, code);
      // The handover package is still a draft: nothing to answer there yet, and reviewers answer only in review.
      const handover = packageClient(t, t.world.wp.handover);
      expectError(
        await t.as('dpr').post(`${handover.url}/files/${block.fileId}/findings/${block.findingKey}/override`, { fileVersionId: block.fileVersionId, justification: 'Fine' }),
        409,
        'finding.not_answerable',
      );
      expect(await allCounts(t)).toEqual(before);
    });
  });

  describe('flows', () => {
    beforeEach(async () => {
      t = await startTestApp(dialect);
      api = packageClient(t, t.world.wp.report);
      files = await submitWithFindings(t, api);
    }, 120_000);
    afterEach(async () => t.close());

    it('answers an exception request with a refusal and then an override, and counts the standing at each step', async () => {
      const initial = await standing();
      const block = await first(files.table, 'block');
      const review = await first(files.notes, 'review');

      let res = await answer('researcher', block, 'exception-request', { fileVersionId: block.fileVersionId, text: 'The count of 3 is published by the ONS' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        findingKey: block.findingKey,
        standing: 'exception_requested',
        responses: [{ kind: 'exception_request', text: 'The count of 3 is published by the ONS', withdrawnAt: null }],
      });

      res = await answer('dpr', block, 'refusal', { fileVersionId: block.fileVersionId, text: 'Not the same population' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().standing).toBe('refused');
      expect(await guards()).toEqual({ unresolvedBlocking: initial.unresolvedBlocking, unacknowledgedReview: initial.unacknowledgedReview });
      let list = await standing();
      expect(list.counts).toMatchObject({ refused: 1, exception_requested: 0, overridden: 0 });

      // The authors ask again with a better reason; the reviewer overrides.
      res = await answer('researcher', block, 'exception-request', { fileVersionId: block.fileVersionId, text: 'The population is the same: see the methods note' });
      expect(res.json().standing).toBe('exception_requested');
      // The researcher's first request was replaced by the second.
      expect((res.json() as FindingWithStanding).responses.filter((r) => r.kind === 'exception_request').map((r) => r.withdrawnAt !== null)).toEqual([true, false]);
      res = await answer('dpr', block, 'override', { fileVersionId: block.fileVersionId, justification: 'Checked against the ONS release' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().standing).toBe('overridden');

      res = await answer('dpr', review, 'acknowledgement', { fileVersionId: review.fileVersionId, note: 'The address is the team’s public contact' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().standing).toBe('acknowledged');

      list = await standing();
      expect(list.unresolvedBlocking).toBe(initial.unresolvedBlocking - 1);
      expect(list.unacknowledgedReview).toBe(initial.unacknowledgedReview - 1);
      expect(list.counts).toMatchObject({ overridden: 1, acknowledged: 1, refused: 0 });
      expect(await guards()).toEqual({ unresolvedBlocking: initial.unresolvedBlocking - 1, unacknowledgedReview: initial.unacknowledgedReview - 1 });

      const resolutions = (await t.as('researcher').get(`${api.url}/findings/overrides-and-acknowledgements`)).json() as {
        resolutions: { kind: string; text: string; current: boolean; by: { name: string } }[];
      };
      expect(resolutions.resolutions.map((r) => [r.kind, r.text, r.current, r.by.name])).toEqual([
        ['acknowledgement', 'The address is the team’s public contact', true, 'dpr'],
        ['override', 'Checked against the ONS release', true, 'dpr'],
      ]);

      const events = await t.database.db.selectFrom('audit_events').select(['action', 'summary']).where('action', 'like', 'finding.%').orderBy('seq').execute();
      expect(events.map((e) => e.action)).toEqual(['finding.exception_requested', 'finding.exception_refused', 'finding.exception_requested', 'finding.overridden', 'finding.acknowledged']);
      for (const e of events) {
        expect(JSON.parse(e.summary)).toEqual({
          fileId: expect.any(String),
          fileVersionId: expect.any(String),
          version: 1,
          rule: expect.any(String),
          findingKey: expect.stringMatching(/^[0-9a-f]{16}$/),
        });
      }
    }, 60_000);

    it('lets a new version of a file take its findings away, refuses answers to the old version, and keeps answers to files that did not change', async () => {
      const review = await first(files.notes, 'review');
      expect((await answer('dpr', review, 'acknowledgement', { fileVersionId: review.fileVersionId })).statusCode).toBe(201);
      const oldBlock = await first(files.table, 'block');
      let pkg = await api.get('dpr');
      expect((await api.transition('dpr', 'return', pkg.version, 'Suppress the count of 3')).statusCode).toBe(200);

      // The authors may ask for an exception while the package is returned.
      const asked = await answer('researcher', oldBlock, 'exception-request', { fileVersionId: oldBlock.fileVersionId, text: 'Safe as it is' });
      expect(asked.statusCode, asked.body).toBe(201);
      await api.add('researcher', 'results/table1.csv', 'group,count\nA,25\nB,40\nC,4\n');
      const before = await allCounts(t);
      expectError(await answer('researcher', oldBlock, 'exception-request', { fileVersionId: oldBlock.fileVersionId, text: 'Safe' }), 409, 'review.stale_file_version');
      expect(await allCounts(t)).toEqual(before);

      pkg = await api.get('researcher');
      expect((await api.transition('researcher', 'resubmit', pkg.version)).statusCode).toBe(200);
      await t.services.settle();
      const list = await standing();
      const table = list.findings.filter((f) => f.fileId === files.table);
      expect(table.length).toBeGreaterThan(0);
      expect(table.every((f) => f.versionNumber === 2 && f.standing === 'open' && f.responses.length === 0)).toBe(true);
      // The notes did not change: the acknowledgement still stands.
      expect(list.findings.find((f) => f.findingKey === review.findingKey && f.fileId === files.notes)?.standing).toBe('acknowledged');
      expect(await guards()).toEqual({ unresolvedBlocking: table.filter((f) => f.severity === 'block').length, unacknowledgedReview: list.unacknowledgedReview });
    }, 60_000);

    it('stops counting a temporarily removed output’s findings', async () => {
      const initial = await guards();
      const pkg = await api.get('dpr');
      expect((await api.transition('dpr', 'return', pkg.version, 'Take the table out for now')).statusCode).toBe(200);
      const table = (await t.as('researcher').get(`${api.url}/files/${files.table}`)).json() as { version: number };
      const removed = await t.as('researcher').post(`${api.url}/files/${files.table}/removal`, { reason: 'Raises the tier', version: table.version });
      expect(removed.statusCode, removed.body).toBe(200);
      const after = await guards();
      expect(after.unresolvedBlocking).toBeLessThan(initial.unresolvedBlocking);
      expect(after.unresolvedBlocking).toBe(0);
      expect((await standing()).findings.some((f) => f.fileId === files.table)).toBe(false);
    }, 60_000);
  });
});
