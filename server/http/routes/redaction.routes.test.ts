/**
 * Redaction over HTTP on every dialect (issue 13), with the test operations of
 * server/redaction/fake-operations.testing.ts so it does not depend on the real ones:
 *
 * - the author team previews (nothing stored) and applies a redaction to its draft: the new
 *   version is current, has source `redaction`, its provenance and a check result at once; the
 *   original stays, its provenance is null; the diff is a line diff inside, refused text outside;
 * - refusals (who, status, stale version, unsupported format, unparseable, nothing to change,
 *   bad parameters, unknown findings, other packages' ids) change nothing: no row, no version;
 * - in review, a reviewer proposes; the author team sees the diff, accepts (a new review turn
 *   through the checks) or declines; a decided proposal cannot be decided again;
 * - every role against every route: reads answer exactly who may view the package; changes
 *   answer with the policy's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../../common/contracts/packages.contract';
import type { RedactionApplied, RedactionDiff, RedactionOperationList, RedactionProposal, RedactionProposalList, VersionProvenance } from '../../../common/contracts/redaction.contract';
import { FAKE_OPERATIONS, pngWithTrailer } from '../../redaction/fake-operations.testing';
import { TEST_DIALECTS } from '../../testing/databases';
import { OUTSIDE_ADDRESS, type Response, type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, allCounts, packageClient } from './packages.testing';

const NOTES = 'contact: secret\nall fine here\nsecret again\n';
const PERSONAS = ['researcher', 'investigator', 'dpr', 'referee', 'pm', 'programme', 'sysadmin', 'outsider'] as const;

describe.each(TEST_DIALECTS)('redaction over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let notesId: string;
  let pngId: string;
  let v1: string;
  const fileUrl = (fileId: string) => `${api.url}/files/${fileId}`;
  const operations = async (key: string, fileId = notesId) => {
    const res = await t.as(key).get(`${fileUrl(fileId)}/redaction-operations`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as RedactionOperationList;
  };
  const versionsOf = (fileId: string) => t.database.db.selectFrom('file_versions').select(['id', 'number', 'source', 'sha256']).where('file_id', '=', fileId).orderBy('number').execute();
  const mask = (fileVersionId: string, word = 'secret', extra: Record<string, unknown> = {}) => ({
    fileVersionId,
    operation: 'text.fake_mask',
    parameters: { word },
    reason: 'A name in the notes',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp(dialect, { redactionOperations: FAKE_OPERATIONS });
    api = packageClient(t, t.world.wp.report);
    notesId = (await api.add('researcher', 'results/notes.txt', NOTES)).id;
    pngId = (await api.add('researcher', 'figures/map.png', pngWithTrailer('GPS 51.5 -0.12'))).id;
    v1 = (await versionsOf(notesId))[0]?.id as string;
  }, 60_000);
  afterAll(async () => t.close());

  it('lists the operations that apply to the current version, with what the caller may do', async () => {
    const list = await operations('researcher');
    expect(list).toMatchObject({ fileId: notesId, fileVersionId: v1, versionNumber: 1, mediaType: 'text/plain', abilities: { preview: true, apply: true, propose: false } });
    expect(list.operations.map((o) => o.id)).toEqual(['text.fake_mask', 'text.fake_unparseable', 'text.fake_slow', 'text.fake_crash']);
    expect(list.operations[0]?.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['word', 'string', true],
      ['marker', 'string', false],
    ]);
    expect((await operations('researcher', pngId)).operations.map((o) => o.id)).toEqual(['images.fake_strip']);
    expect((await operations('dpr')).abilities).toEqual({ preview: false, apply: false, propose: false });
  });

  it('previews without storing anything', async () => {
    await t.signInAll('researcher');
    const before = await allCounts(t);
    const res = await t.as('researcher').post(`${fileUrl(notesId)}/redaction-preview`, { fileVersionId: v1, operation: 'text.fake_mask', parameters: { word: 'secret' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ operation: 'text.fake_mask', original: { fileVersionId: v1, versionNumber: 1 }, outcome: { changeCount: 2, notes: [] } });
    expect(JSON.stringify(res.json())).not.toContain('secret');
    expect(await allCounts(t)).toEqual(before);
  });

  it('refuses what it must, changing nothing', async () => {
    await t.signInAll(...PERSONAS);
    const before = await allCounts(t);
    const post = (key: string, body: unknown, fileId = notesId) => t.as(key).post(`${fileUrl(fileId)}/redactions`, body);
    const refusals: [() => Promise<Response>, number, string][] = [
      [() => t.anonymous.post(`${fileUrl(notesId)}/redactions`, mask(v1)), 401, 'auth.unauthenticated'],
      [() => post('outsider', mask(v1)), 404, 'package.not_found'],
      [() => t.as('researcher').post(`/api/v1/packages/no-such-package/files/${notesId}/redactions`, mask(v1)), 404, 'package.not_found'],
      // The file of another package, named through this one.
      [() => t.as('researcher').post(`/api/v1/packages/${t.world.wp.handover}/files/${notesId}/redactions`, mask(v1)), 404, 'file.not_found'],
      [() => post('dpr', mask(v1)), 403, 'redaction.not_allowed'],
      [() => post('pm', mask(v1)), 403, 'redaction.not_allowed'],
      [() => post('programme', mask(v1)), 403, 'redaction.not_allowed'],
      [() => post('researcher', mask('not-a-version')), 409, 'redaction.stale_version'],
      [() => post('researcher', { ...mask(v1), operation: 'images.fake_strip', parameters: {} }), 422, 'redaction.unsupported_format'],
      [() => post('researcher', { ...mask(v1), operation: 'text.fake_unparseable', parameters: {} }), 422, 'redaction.unparseable'],
      [() => post('researcher', { ...mask(v1), operation: 'text.fake_crash', parameters: {} }), 422, 'redaction.failed'],
      [() => post('researcher', { ...mask(v1), operation: 'text.nothing' }), 422, 'redaction.unknown_operation'],
      [() => post('researcher', mask(v1, 'absent')), 409, 'redaction.nothing_to_change'],
      [() => post('researcher', { ...mask(v1), parameters: { word: '' } }), 422, 'redaction.invalid_parameters'],
      [() => post('researcher', mask(v1, 'secret', { findingKeys: ['0123456789abcdef'] })), 422, 'redaction.finding_not_found'],
      [() => post('researcher', { ...mask(v1), reason: '' }), 422, 'validation.invalid_input'],
      [() => post('researcher', { ...mask(v1), extra: 1 }), 422, 'validation.invalid_input'],
    ];
    for (const [request, status, code] of refusals) expectError(await request(), status, code);
    expect(await allCounts(t)).toEqual(before);
    expect(await versionsOf(notesId)).toHaveLength(1);
  });

  it('applies a redaction to a draft: a new current version with its provenance, checked at once; the original kept', async () => {
    const res = await t.as('researcher').post(`${fileUrl(notesId)}/redactions`, mask(v1));
    expect(res.statusCode, res.body).toBe(201);
    const applied = res.json() as RedactionApplied;
    const versions = await versionsOf(notesId);
    expect(versions.map((v) => [v.number, v.source])).toEqual([
      [1, 'upload'],
      [2, 'redaction'],
    ]);
    expect(applied.check).toMatchObject({ status: 'checked' });
    expect(applied.provenance).toMatchObject({
      fileId: notesId,
      path: 'results/notes.txt',
      original: { fileVersionId: v1, versionNumber: 1, sha256: versions[0]?.sha256 },
      result: { fileVersionId: versions[1]?.id, versionNumber: 2, sha256: versions[1]?.sha256 },
      operation: 'text.fake_mask',
      parameters: { word: 'secret' },
      reason: 'A name in the notes',
      targets: [],
      outcome: { changeCount: 2 },
      by: { id: t.world.users.researcher?.id, name: 'researcher' },
      proposalId: null,
      acceptedBy: null,
    });
    const v2 = versions[1]?.id as string;
    const provenance = async (versionId: string, key = 'dpr') => (await t.as(key).get(`${fileUrl(notesId)}/versions/${versionId}/provenance`)).json() as VersionProvenance;
    expect((await provenance(v2)).provenance).toEqual(applied.provenance);
    expect(await provenance(v1)).toEqual({ fileVersionId: v1, provenance: null });
    const audited = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.file_redacted').execute();
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]?.summary as string)).toMatchObject({ fileId: notesId, version: 2, fromVersion: 1, operation: 'text.fake_mask', changes: 2 });

    // The diff: a line diff from inside, the change list only from outside for the author team.
    const diffUrl = `${fileUrl(notesId)}/versions/${v2}/diff`;
    const inside = (await t.as('researcher').get(diffUrl)).json() as RedactionDiff;
    expect(inside).toMatchObject({ kind: 'text', refusal: null, truncated: false, from: { versionNumber: 1 }, to: { versionNumber: 2 } });
    expect(inside.hunks.flatMap((h) => h.lines.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text}`))).toEqual(['-contact: secret', '+contact: [REMOVED]', '-secret again', '+[REMOVED] again']);
    const outside = (await t.as('researcher').get(diffUrl, { remoteAddress: OUTSIDE_ADDRESS })).json() as RedactionDiff;
    expect(outside).toMatchObject({ kind: 'text', hunks: [], outcome: { changeCount: 2 } });
    expect(outside.refusal).toMatch(/inside the secure environment/);
    expectError(await t.as('researcher').get(`${fileUrl(notesId)}/versions/${v1}/diff`), 404, 'redaction.version_not_found');

    // The version redacted is no longer current.
    expectError(await t.as('researcher').post(`${fileUrl(notesId)}/redactions`, mask(v1)), 409, 'redaction.stale_version');
  });

  it('shows a binary file’s change list as its diff', async () => {
    const png1 = (await versionsOf(pngId))[0]?.id as string;
    const res = await t.as('researcher').post(`${fileUrl(pngId)}/redactions`, { fileVersionId: png1, operation: 'images.fake_strip', parameters: {}, reason: 'Location in the file' });
    expect(res.statusCode, res.body).toBe(201);
    const v2 = (res.json() as RedactionApplied).provenance.result.fileVersionId;
    const diff = (await t.as('researcher').get(`${fileUrl(pngId)}/versions/${v2}/diff`)).json() as RedactionDiff;
    expect(diff).toMatchObject({ kind: 'changes', hunks: [], refusal: null, outcome: { changeCount: 1, changes: [{ change: 'removed trailing data' }] } });
  });

  describe('in review', () => {
    let current: string;
    let proposal: RedactionProposal;
    const propose = (key: string, body: unknown) => t.as(key).post(`${fileUrl(notesId)}/redaction-proposals`, body);
    const proposals = async (key = 'researcher') => (await t.as(key).get(`${api.url}/redaction-proposals`)).json() as RedactionProposalList;

    beforeAll(async () => {
      const pkg = await api.get('researcher');
      const outputs = { [notesId]: { shows: 'Notes', supportingFileIds: [] }, [pngId]: { shows: 'A map', supportingFileIds: [] } };
      const withContext = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, outputs }, pkg.version)).json() as Package;
      expect((await api.transition('researcher', 'submit', withContext.version)).statusCode).toBe(200);
      await t.services.settle();
      expect((await api.get('dpr')).status).toBe('in_review');
      current = (await operations('dpr')).fileVersionId;
    }, 60_000);

    it('lets a reviewer propose, never the author team nor anyone else; nobody applies', async () => {
      await t.signInAll(...PERSONAS);
      const before = await allCounts(t);
      const body = mask(current, 'fine');
      expectError(await propose('researcher', body), 403, 'package.self_review');
      expectError(await propose('referee', body), 403, 'redaction.not_allowed');
      expectError(await propose('pm', body), 403, 'redaction.not_allowed');
      expectError(await propose('dpr', mask(v1, 'fine')), 409, 'redaction.stale_version');
      expectError(await t.as('researcher').post(`${fileUrl(notesId)}/redactions`, body), 409, 'redaction.not_now');
      expectError(await t.as('dpr').post(`${fileUrl(notesId)}/redactions`, body), 409, 'redaction.not_now');
      expect(await allCounts(t)).toEqual(before);

      const res = await propose('dpr', body);
      expect(res.statusCode, res.body).toBe(201);
      proposal = res.json() as RedactionProposal;
      expect(proposal).toMatchObject({
        status: 'pending',
        stale: false,
        operation: 'text.fake_mask',
        original: { fileVersionId: current, versionNumber: 2 },
        proposedBy: { name: 'dpr' },
        reviewTurn: 1,
      });
      expect(await versionsOf(notesId)).toHaveLength(2);
      expect((await proposals()).abilities).toEqual({ accept: true, decline: true });
      expect((await proposals('dpr')).abilities).toEqual({ accept: false, decline: false });
      expect((await proposals('dpr')).proposals.map((p) => p.id)).toEqual([proposal.id]);
    });

    it('shows the proposal’s diff to the reviewer from anywhere, to the author team from inside', async () => {
      const url = `${api.url}/redaction-proposals/${proposal.id}/diff`;
      const reviewer = (await t.as('dpr').get(url, { remoteAddress: OUTSIDE_ADDRESS })).json() as RedactionDiff;
      expect(reviewer.hunks.flatMap((h) => h.lines.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text}`))).toEqual(['-all fine here', '+all [REMOVED] here']);
      expect(reviewer.to).toEqual({ fileVersionId: null, versionNumber: null, sha256: proposal.result.sha256 });
      expect(((await t.as('researcher').get(url, { remoteAddress: OUTSIDE_ADDRESS })).json() as RedactionDiff).refusal).toMatch(/inside/);
      expect(((await t.as('researcher').get(url)).json() as RedactionDiff).hunks).toHaveLength(1);
      expect(((await t.as('outsider').get(url)).json() as { error: { code: string } }).error.code).toBe('package.not_found');
    });

    it('lets the author team accept: a new version and a new review turn through the checks', async () => {
      await t.signInAll(...PERSONAS);
      const { version } = await api.get('researcher');
      const before = await allCounts(t);
      const accept = (key: string, body: unknown, id = proposal.id) => t.as(key).post(`${api.url}/redaction-proposals/${id}/acceptance`, body);
      expectError(await accept('dpr', { version }), 403, 'redaction.not_allowed');
      expectError(await accept('researcher', { version: version + 1 }), 409, 'conflict.stale_version');
      expectError(await accept('researcher', { version }, 'no-such-proposal'), 404, 'redaction.proposal_not_found');
      expectError(await api.transition('researcher', 'accept_redaction', version), 422, 'validation.invalid_input');
      expect(await allCounts(t)).toEqual(before);

      const res = await accept('researcher', { version, comment: 'Fair' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        proposal: { id: proposal.id, status: 'accepted', decidedBy: { name: 'researcher' }, decisionComment: 'Fair' },
        provenance: { by: { name: 'dpr' }, acceptedBy: { name: 'researcher' }, proposalId: proposal.id, original: { versionNumber: 2 }, result: { versionNumber: 3 } },
        version: version + 1,
      });
      expect(await api.get('researcher')).toMatchObject({ status: 'checking', reviewTurn: 2 });
      await t.services.settle();
      expect(await api.get('researcher')).toMatchObject({ status: 'in_review', reviewTurn: 2, checks: { pending: 0 } });
      expect((await versionsOf(notesId)).map((v) => v.source)).toEqual(['upload', 'redaction', 'redaction']);
      const moved = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.redaction_accepted').execute();
      expect(moved.map((e) => JSON.parse(e.summary))).toEqual([expect.objectContaining({ from: 'in_review', to: 'checking', reviewTurn: 2, proposalId: proposal.id })]);
      expectError(await accept('researcher', { version: version + 2 }), 409, 'redaction.proposal_not_pending');
    }, 60_000);

    it('lets the author team decline, with the reason; a proposal on an older version is stale', async () => {
      const current3 = (await operations('dpr')).fileVersionId;
      const res = await propose('dpr', mask(current3, 'contact'));
      expect(res.statusCode, res.body).toBe(201);
      const id = (res.json() as RedactionProposal).id;
      const decline = (key: string, body: unknown) => t.as(key).post(`${api.url}/redaction-proposals/${id}/declination`, body);
      expectError(await decline('dpr', { reason: 'No' }), 403, 'redaction.not_allowed');
      expectError(await decline('researcher', { reason: '' }), 422, 'validation.invalid_input');
      const declined = await decline('researcher', { reason: 'The word is the column name, not a person' });
      expect(declined.statusCode, declined.body).toBe(200);
      expect(declined.json()).toMatchObject({ status: 'declined', decidedBy: { name: 'researcher' }, decisionComment: 'The word is the column name, not a person', resultVersionId: null });
      expectError(await decline('researcher', { reason: 'Again' }), 409, 'redaction.proposal_not_pending');
      expect(await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'package.redaction_proposal_declined').execute()).toHaveLength(1);
    });

    it('answers every role on every route as the policies say', async () => {
      const cur = (await operations('dpr')).fileVersionId;
      const views = new Map<string, boolean>();
      for (const key of PERSONAS) views.set(key, (await t.as(key).get(api.url)).statusCode === 200);
      expect(views.get('outsider')).toBe(false);
      const reads = [
        `${fileUrl(notesId)}/redaction-operations`,
        `${api.url}/redaction-proposals`,
        `${fileUrl(notesId)}/versions/${cur}/provenance`,
        `${fileUrl(notesId)}/versions/${cur}/diff`,
        `${api.url}/redaction-proposals/${proposal.id}/diff`,
      ];
      for (const key of PERSONAS) {
        for (const url of reads) {
          const res = await t.as(key).get(url);
          if (views.get(key)) expect(res.statusCode, `${key} ${url} ${res.body}`).toBe(200);
          else expectError(res, 404, 'package.not_found');
        }
      }
      // Changes while in review: only the DPR previews and proposes; only the author team decides.
      const changes: [string, unknown, Record<string, string>][] = [
        [
          `${fileUrl(notesId)}/redaction-preview`,
          { fileVersionId: cur, operation: 'text.fake_mask', parameters: { word: 'contact' } },
          { dpr: 'ok', researcher: 'package.self_review', investigator: 'package.self_review' },
        ],
        [`${fileUrl(notesId)}/redactions`, mask(cur, 'contact'), { all: 'redaction.not_now' }],
        [`${fileUrl(notesId)}/redaction-proposals`, mask(cur, 'nothing-here'), { dpr: 'redaction.nothing_to_change', researcher: 'package.self_review', investigator: 'package.self_review' }],
        [`${api.url}/redaction-proposals/no-such/acceptance`, { version: 1 }, { researcher: 'redaction.proposal_not_found', investigator: 'redaction.proposal_not_found' }],
        [`${api.url}/redaction-proposals/no-such/declination`, { reason: 'x' }, { researcher: 'redaction.proposal_not_found', investigator: 'redaction.proposal_not_found' }],
      ];
      for (const [url, body, expected] of changes) {
        for (const key of PERSONAS) {
          const res = await t.as(key).post(url, body);
          const want = !views.get(key) ? 'package.not_found' : (expected[key] ?? expected.all ?? 'redaction.not_allowed');
          if (want === 'ok') expect(res.statusCode, `${key} ${url} ${res.body}`).toBe(200);
          else expect((res.json() as { error: { code: string } }).error.code, `${key} ${url}`).toBe(want);
        }
      }
    });
  });
});
