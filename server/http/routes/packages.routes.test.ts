/**
 * Egress packages over HTTP, on every dialect: reading a package and its files, adding files by
 * simple upload (and every refusal, each changing nothing), editing files and context, the
 * lifecycle through the automated checks to review and back, the history, and optimistic
 * concurrency. The streaming edge cases over a real socket are in package-content.routes.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FilePage, Package, PackageFileDetail } from '../../../common/contracts/packages.contract';
import { PACKAGE_ACTIONS } from '../../../common/workflow/package.workflow';
import { verifyAuditChain } from '../../db/audit.repository';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, allCounts, packageClient, sha256Of } from './packages.testing';

const PACKAGE_KEYS = [
  'abilities',
  'checks',
  'context',
  'destinationId',
  'failure',
  'id',
  'missingContext',
  'projectId',
  'removals',
  'reviewTurn',
  'status',
  'statusComment',
  'submittedAt',
  'submittedBy',
  'totals',
  'version',
  'workPackage',
];

const TABLE_CSV = 'region,patients\nNorth,120\nSouth,95\nEast,210\nWest,180\n';
const REPORT_MD = '# Results\n\nThe cohort was followed for ten years.\n';

describe.each(TEST_DIALECTS)('package routes on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  const open = async (options: Parameters<typeof startTestApp>[1] = {}) => {
    t = await startTestApp(dialect, options);
    api = packageClient(t, t.world.wp.report);
  };

  describe('reads and refusals, sharing one world', () => {
    let table: { id: string; path: string };
    beforeAll(async () => {
      await open();
      table = await api.add('researcher', 'results/table1.csv', TABLE_CSV);
    });
    afterAll(async () => t.close());

    it('shows a participant the draft package with its totals, missing context and abilities', async () => {
      const res = await t.as('dpr').get(api.url);
      expect(res.statusCode).toBe(200);
      const body = res.json() as Package;
      expect(Object.keys(body).sort()).toEqual(PACKAGE_KEYS);
      expect(body).toMatchObject({ id: t.world.wp.report, projectId: t.world.projectId, status: 'draft', reviewTurn: 0, workPackage: { kind: 'egress_report' } });
      expect(body.totals).toEqual({ files: 1, outputs: 1, removed: 0, bytes: Buffer.byteLength(TABLE_CSV) });
      expect(body.checks).toEqual({ pass: 0, review: 0, block: 0, pending: 1 });
      expect(body.missingContext.length).toBeGreaterThan(0);
      expect(Object.keys(body.abilities).sort()).toEqual(['edit', 'view', 'readOutputs', 'readSupporting', 'startRelease', ...PACKAGE_ACTIONS].sort());
      expect(body.abilities).toMatchObject({ view: true, edit: false, submit: false, startRelease: false });
      expect((await api.get('researcher')).abilities).toMatchObject({ view: true, edit: true, submit: true, withdraw: true, return: false });
    });

    it('links the work package to its package, and an ingress work package to none', async () => {
      const report = (await t.as('researcher').get(`/api/v1/work-packages/${t.world.wp.report}`)).json();
      expect(report.workPackage.package).toEqual({ id: t.world.wp.report, status: 'draft', liveSignOffs: 0 });
      const ingress = (await t.as('researcher').get(`/api/v1/work-packages/${t.world.wp.ingress}`)).json();
      expect(ingress.workPackage.package).toBeNull();
    });

    it('refuses an anonymous caller on every package route as unauthenticated', async () => {
      const f = `${api.url}/files/${table.id}`;
      const calls = [
        t.anonymous.get(api.url),
        t.anonymous.get(`${api.url}/files`),
        t.anonymous.get(f),
        t.anonymous.get(`${f}/check`),
        t.anonymous.get(`${f}/content`),
        t.anonymous.get(`${f}/superseded-results`),
        t.anonymous.get(`${api.url}/history`),
        t.anonymous.put(api.uploadUrl('x.csv'), Buffer.from('a,b\n'), { headers: { 'content-type': 'application/octet-stream' } }),
        t.anonymous.put(`${api.url}/context`, { context: COMPLETE_CONTEXT, version: 1 }),
        t.anonymous.post(`${api.url}/transitions`, { action: 'submit', version: 1 }),
        t.anonymous.post(`${api.url}/recheck`, { reason: 'r', version: 1 }),
        t.anonymous.patch(f, { role: 'supporting', version: 1 }),
        t.anonymous.delete(`${f}?version=1`),
        t.anonymous.post(`${f}/removal`, { reason: 'r', version: 1 }),
        t.anonymous.post(`${f}/reinstatement`, { version: 1 }),
      ];
      for (const res of await Promise.all(calls)) expectError(res, 401, 'auth.unauthenticated');
    });

    it('answers an outsider as if the package did not exist, on every route, changing nothing', async () => {
      await t.signInAll('outsider');
      const before = await allCounts(t);
      const o = t.as('outsider');
      const f = `${api.url}/files/${table.id}`;
      const calls = [
        o.get(api.url),
        o.get(`${api.url}/files`),
        o.get(f),
        o.get(`${f}/check`),
        o.get(`${f}/content`),
        o.get(`${f}/superseded-results`),
        o.get(`${api.url}/history`),
        o.put(api.uploadUrl('x.csv'), Buffer.from('a,b\n'), { headers: { 'content-type': 'application/octet-stream' } }),
        o.put(`${api.url}/context`, { context: COMPLETE_CONTEXT, version: 1 }),
        o.post(`${api.url}/transitions`, { action: 'submit', version: 1 }),
        o.post(`${api.url}/recheck`, { reason: 'r', version: 1 }),
        o.patch(f, { role: 'supporting', version: 1 }),
        o.delete(`${f}?version=1`),
        o.post(`${f}/removal`, { reason: 'r', version: 1 }),
        o.post(`${f}/reinstatement`, { version: 1 }),
      ];
      for (const res of await Promise.all(calls)) expectError(res, 404, 'package.not_found');
      expectError(await t.as('researcher').get('/api/v1/packages/no-such-package'), 404, 'package.not_found');
      expectError(await t.as('researcher').get(`${api.url}/files/no-such-file`), 404, 'file.not_found');
      expect(await allCounts(t)).toEqual(before);
    });

    it('refuses a data provider representative adding a file (workflow.not_allowed), changing nothing', async () => {
      await t.signInAll('dpr', 'referee');
      const before = await allCounts(t);
      expectError(await api.upload('dpr', 'dpr.csv', 'a,b\n1,2\n'), 403, 'workflow.not_allowed');
      expectError(await api.upload('referee', 'referee.csv', 'a,b\n1,2\n'), 403, 'workflow.not_allowed');
      expectError(await t.as('dpr').patch(`${api.url}/files/${table.id}`, { role: 'supporting', version: 1 }), 403, 'workflow.not_allowed');
      expect(await allCounts(t)).toEqual(before);
    });

    it('refuses unsafe file names with file.name_invalid, changing nothing', async () => {
      const before = await allCounts(t);
      for (const name of ['../../etc/passwd', 'CON', 'results/nul.txt', 'a\nb', '/abs', 'C:\\data\\x.csv', 'a/./b.csv', '', 'trailing.']) {
        expectError(await api.upload('researcher', name, 'a,b\n1,2\n'), 422, 'file.name_invalid');
      }
      expect(await allCounts(t)).toEqual(before);
    });

    it('refuses a path that differs from a file in the package only by letter case (file.name_clash)', async () => {
      const before = await allCounts(t);
      expectError(await api.upload('researcher', 'Results/Table1.CSV', 'other,content\n1,2\n'), 409, 'file.name_clash');
      expect(await allCounts(t)).toEqual(before);
    });

    it('refuses an empty file (file.empty)', async () => {
      const before = await allCounts(t);
      expectError(await api.upload('researcher', 'empty.csv', ''), 422, 'file.empty');
      expect(await allCounts(t)).toEqual(before);
    });

    it('refuses bytes that do not match the declared X-Content-SHA256, storing no file', async () => {
      const before = await allCounts(t);
      const res = await api.upload('researcher', 'results/table2.csv', 'a,b\n1,2\n', { 'x-content-sha256': sha256Of('something else') });
      expectError(res, 422, 'file.hash_mismatch');
      expectError(await api.upload('researcher', 'results/table2.csv', 'a,b\n1,2\n', { 'x-content-sha256': 'not-a-hash' }), 422, 'validation.invalid_input');
      expect(await allCounts(t)).toEqual(before);
      expect((await t.as('researcher').get(`${api.url}/files`)).json().files.map((f: { path: string }) => f.path)).toEqual(['results/table1.csv']);
    });

    it('accepts an upload whose X-Content-SHA256 matches, in either letter case', async () => {
      const content = 'site,count\nA,40\n';
      const res = await api.upload('investigator', 'results/sites.csv', content, { 'x-content-sha256': sha256Of(content).toUpperCase() });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().file.current.sha256).toBe(sha256Of(content));
    });

    it('refuses a body shorter than its declared Content-Length, storing no file', async () => {
      const before = await allCounts(t);
      const res = await api.upload('researcher', 'results/short.csv', 'a,b\n1,2\n', { 'content-length': '4096' });
      expectError(res, 422, 'file.size_mismatch');
      expect(await allCounts(t)).toEqual(before);
    });

    it('shows one file with its versions, and its bytes as an attachment that is never sniffed', async () => {
      const detail = (await t.as('dpr').get(`${api.url}/files/${table.id}`)).json() as PackageFileDetail;
      expect(detail).toMatchObject({ id: table.id, path: 'results/table1.csv', role: 'output', category: 'table', removed: false, version: 1 });
      expect(detail.versions.map((v) => v.number)).toEqual([1]);
      expect(detail.current).toMatchObject({ number: 1, sha256: sha256Of(TABLE_CSV), bytes: Buffer.byteLength(TABLE_CSV), source: 'upload', mediaType: 'text/csv', check: null });

      const content = await t.as('dpr').get(`${api.url}/files/${table.id}/content`);
      expect(content.statusCode).toBe(200);
      expect(content.body).toBe(TABLE_CSV);
      expect(content.headers['content-type']).toMatch(/^text\/csv/);
      expect(content.headers['content-disposition']).toBe(`attachment; filename="table1.csv"; filename*=UTF-8''table1.csv`);
      expect(content.headers['x-content-type-options']).toBe('nosniff');
      expect(content.headers['content-security-policy']).toContain('sandbox');
      expect(content.headers['content-length']).toBe(String(Buffer.byteLength(TABLE_CSV)));
      expectError(await t.as('dpr').get(`${api.url}/files/${table.id}/content?version=2`), 404, 'file.not_found');
    });

    it('serves an uploaded HTML file as a download, never inline', async () => {
      const html = '<!doctype html><html><body><script>alert(1)</script></body></html>';
      const file = await api.add('researcher', 'report/über summary;1%.html', html);
      const res = await t.as('researcher').get(`${api.url}/files/${file.id}/content`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="_ber summary_1_.html"; filename*=UTF-8''%C3%BCber%20summary%3B1%25.html`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    });

    it('answers check.not_found for a file not checked yet', async () => {
      expectError(await t.as('researcher').get(`${api.url}/files/${table.id}/check`), 404, 'check.not_found');
    });

    it('lists the package history newest first, a page at a time', async () => {
      const first = (await t.as('referee').get(`${api.url}/history?limit=2`)).json();
      expect(first.events).toHaveLength(2);
      expect(first.events.every((e: { objectType: string; objectId: string }) => e.objectType === 'package' && e.objectId === t.world.wp.report)).toBe(true);
      expect(first.events[0].seq).toBeGreaterThan(first.events[1].seq);
      expect(first.nextBefore).toBe(first.events[1].seq);
      const all = (await t.as('referee').get(`${api.url}/history?limit=500`)).json();
      const added = all.events.filter((e: { action: string }) => e.action === 'package.file_added').map((e: { summary: { path: string } }) => e.summary.path);
      expect(added.at(-1)).toBe('results/table1.csv');
      const next = (await t.as('referee').get(`${api.url}/history?limit=2&before=${first.nextBefore}`)).json();
      expect(next.events.map((e: { seq: number }) => e.seq)).toEqual(all.events.slice(2, 4).map((e: { seq: number }) => e.seq));
    });

    it('refuses a page size outside 1–500', async () => {
      expectError(await t.as('researcher').get(`${api.url}/files?limit=0`), 422, 'validation.invalid_input');
      expectError(await t.as('researcher').get(`${api.url}/files?limit=501`), 422, 'validation.invalid_input');
    });
  });

  describe('changes, each in a fresh world', () => {
    beforeEach(async () => open());
    afterEach(async () => {
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
      await t.close();
    });

    it('keeps a second upload of the same content unchanged, and a new content as version 2 with history', async () => {
      const first = await api.upload('researcher', 'results/table1.csv', TABLE_CSV);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ created: true, file: { version: 1, current: { number: 1 } } });

      await t.signInAll('investigator');
      const before = await allCounts(t);
      const again = await api.upload('investigator', 'results/table1.csv', TABLE_CSV);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ created: false, file: { id: first.json().file.id, current: { number: 1 } } });
      expect(await allCounts(t)).toEqual(before);

      const changed = 'region,patients\nNorth,125\nSouth,95\n';
      const second = await api.upload('researcher', 'results/table1.csv', changed);
      expect(second.statusCode).toBe(201);
      const file = second.json().file as PackageFileDetail;
      expect(file).toMatchObject({ id: first.json().file.id, current: { number: 2, sha256: sha256Of(changed) } });
      expect(file.versions.map((v) => [v.number, v.sha256])).toEqual([
        [2, sha256Of(changed)],
        [1, sha256Of(TABLE_CSV)],
      ]);
      expect((await t.as('dpr').get(`${api.url}/files/${file.id}/content?version=1`)).body).toBe(TABLE_CSV);
      expect((await t.as('dpr').get(`${api.url}/files/${file.id}/content`)).body).toBe(changed);
      const history = (await t.as('dpr').get(`${api.url}/history`)).json().events.map((e: { action: string }) => e.action);
      // Each of the two reads above is audited.
      expect(history.slice(0, 4)).toEqual(['file.content_read', 'file.content_read', 'package.file_version_added', 'package.file_added']);
    });

    it('refuses a file over the configured limit (file.too_large), changing nothing', async () => {
      await t.close();
      await open({ packageLimits: { maxFileBytes: 16 } });
      await t.signInAll('researcher');
      const before = await allCounts(t);
      expectError(await api.upload('researcher', 'big.csv', 'a,b\n'.repeat(5)), 422, 'file.too_large');
      expect(await allCounts(t)).toEqual(before);
      expect((await api.upload('researcher', 'small.csv', 'a,b\n1,2\n')).statusCode).toBe(201);
    });

    it('returns all of 250 files exactly once, in path order, across pages', async () => {
      const paths = Array.from({ length: 250 }, (_, i) => `out/${String((i * 7919) % 250).padStart(3, '0')}.txt`);
      for (let i = 0; i < paths.length; i += 10) {
        const batch = await Promise.all(paths.slice(i, i + 10).map((path) => api.upload('researcher', path, `file ${path}\n`)));
        for (const res of batch) expect(res.statusCode, res.body).toBe(201);
      }
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const query: string = after === null ? '?limit=100' : `?limit=100&after=${encodeURIComponent(after)}`;
        const page = (await t.as('dpr').get(`${api.url}/files${query}`)).json() as FilePage;
        expect(page.total).toBe(250);
        seen.push(...page.files.map((f) => f.path));
        after = page.next;
        pages++;
      } while (after !== null);
      expect(pages).toBe(3);
      expect(seen).toEqual([...paths].sort());
      expect((await t.as('dpr').get(`${api.url}/files`)).json().files).toHaveLength(100);
    }, 120_000);

    it('changes a file’s role and category, takes it out, and keeps the removal register', async () => {
      const table = await api.add('researcher', 'results/table1.csv', TABLE_CSV);
      const report = await api.add('researcher', 'report.md', REPORT_MD);
      const f = `${api.url}/files/${table.id}`;

      const patched = await t.as('investigator').patch(f, { role: 'supporting', category: 'dataset', version: 1 });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ id: table.id, role: 'supporting', category: 'dataset', version: 2 });
      const before = await allCounts(t);
      expectError(await t.as('investigator').patch(f, { role: 'output', version: 1 }), 409, 'conflict.stale_version');
      expect(await allCounts(t)).toEqual(before);

      const removed = await t.as('researcher').post(f + '/removal', { reason: 'Counts below the threshold; to be redacted', version: 2 });
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json()).toMatchObject({ removed: true, version: 3 });
      let pkg = await api.get('dpr');
      expect(pkg.removals).toEqual([
        expect.objectContaining({ fileId: table.id, path: 'results/table1.csv', versionNumber: 1, reason: 'Counts below the threshold; to be redacted', removedBy: 'researcher', reinstatedAt: null }),
      ]);
      expectError(await t.as('researcher').delete(`${f}?version=3`), 409, 'file.removed');

      const reinstated = await t.as('researcher').post(f + '/reinstatement', { version: 3 });
      expect(reinstated.statusCode, reinstated.body).toBe(200);
      expect(reinstated.json()).toMatchObject({ removed: false, version: 4 });
      pkg = await api.get('dpr');
      expect(pkg.removals[0]).toMatchObject({ reinstatedBy: 'researcher', reinstatedVersion: 1 });

      const deleted = await t.as('researcher').delete(`${f}?version=4`);
      expect(deleted.statusCode, deleted.body).toBe(200);
      expect((deleted.json() as Package).totals).toMatchObject({ files: 1 });
      const viaBody = await t.app.inject({
        method: 'DELETE',
        url: `${api.url}/files/${report.id}`,
        payload: { version: 1 },
        cookies: { egress_session: (await t.signIn('researcher')).cookie },
        headers: { 'x-csrf-token': (await t.signIn('researcher')).csrfToken },
        remoteAddress: '10.0.0.99',
      });
      expect(viaBody.statusCode, viaBody.body).toBe(200);
      expect((viaBody.json() as Package).totals).toMatchObject({ files: 0 });
      expect((await t.as('dpr').get(`${api.url}/files`)).json().files).toEqual([]);
      const actions = (await t.as('dpr').get(`${api.url}/history`)).json().events.map((e: { action: string }) => e.action);
      expect(actions.slice(0, 6)).toEqual(['package.file_deleted', 'package.file_deleted', 'package.item_reinstated', 'package.item_removed', 'package.file_changed', 'package.file_added']);
    });

    it('refuses to submit a package without an output file (package.no_output_files), changing nothing', async () => {
      let pkg = await api.get('researcher');
      const set = await api.setContext('researcher', COMPLETE_CONTEXT, pkg.version);
      expect(set.statusCode, set.body).toBe(200);
      pkg = set.json();
      expect(pkg.missingContext).toEqual([]);
      const before = await allCounts(t);
      expectError(await api.transition('researcher', 'submit', pkg.version), 409, 'package.no_output_files');
      const report = await api.add('researcher', 'report.md', REPORT_MD);
      await t.as('researcher').patch(`${api.url}/files/${report.id}`, { role: 'supporting', version: 1 });
      const after = await allCounts(t);
      expectError(await api.transition('researcher', 'submit', pkg.version), 409, 'package.no_output_files');
      expect(await allCounts(t)).toEqual(after);
      expect(after.packages).toBe(before.packages);
      expect((await api.get('researcher')).status).toBe('draft');
    });

    it('refuses to submit with incomplete context (package.context_incomplete), naming what is missing', async () => {
      const table = await api.add('researcher', 'results/table1.csv', TABLE_CSV);
      let pkg = await api.get('researcher');
      pkg = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, purpose: '' }, pkg.version)).json();
      await t.signInAll('researcher');
      const before = await allCounts(t);
      const res = await api.transition('researcher', 'submit', pkg.version);
      expectError(res, 409, 'package.context_incomplete');
      const missing = res.json().error.details.missing as string[];
      expect(missing).toEqual(['the purpose of the egress', 'what this output shows: results/table1.csv']);
      expect(await allCounts(t)).toEqual(before);
      // Filling in what was missing is enough.
      pkg = (await api.setContext('researcher', { ...COMPLETE_CONTEXT, outputs: { [table.id]: { shows: 'Patients per region', supportingFileIds: [] } } }, pkg.version)).json();
      expect(pkg.missingContext).toEqual([]);
    });

    it('refuses a context naming a file not in the package, and a DPR editing context', async () => {
      const pkg = await api.get('researcher');
      await t.signInAll('researcher', 'dpr');
      const before = await allCounts(t);
      expectError(await api.setContext('researcher', { ...COMPLETE_CONTEXT, outputs: { 'no-such-file': { shows: 'x', supportingFileIds: [] } } }, pkg.version), 404, 'file.not_found');
      expectError(await api.setContext('dpr', COMPLETE_CONTEXT, pkg.version), 403, 'workflow.not_allowed');
      expectError(await t.as('researcher').put(`${api.url}/context`, { context: { ...COMPLETE_CONTEXT, extra: 1 }, version: pkg.version }), 422, 'validation.invalid_input');
      expect(await allCounts(t)).toEqual(before);
    });

    it('takes a package through checks to review, back to the researcher with a comment, and in again', async () => {
      const table = await api.add('researcher', 'results/table1.csv', TABLE_CSV);
      const report = await api.add('investigator', 'report.md', REPORT_MD);
      let pkg = await api.get('researcher');
      const context = { ...COMPLETE_CONTEXT, outputs: { [table.id]: { shows: 'Patients per region', supportingFileIds: [] } } };
      const set = await api.setContext('researcher', context, pkg.version);
      expect(set.statusCode, set.body).toBe(200);
      pkg = set.json();
      expect(pkg.context).toEqual(context);
      expect(pkg.missingContext).toEqual([]);
      expect(pkg.abilities.submit).toBe(true);

      const submitted = await api.transition('researcher', 'submit', pkg.version);
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json()).toMatchObject({ status: 'checking', reviewTurn: 1, submittedBy: t.world.users.researcher?.id });
      expectError(await api.upload('researcher', 'late.csv', 'a\n1\n'), 409, 'package.not_editable');

      await t.services.settle();
      pkg = await api.get('dpr');
      expect(pkg.status).toBe('in_review');
      expect(pkg.checks.pending).toBe(0);
      expect(pkg.checks.pass + pkg.checks.review + pkg.checks.block).toBe(2);
      const files = (await t.as('dpr').get(`${api.url}/files`)).json() as FilePage;
      for (const file of files.files) expect(file.current.check).toMatchObject({ status: expect.any(String), verdict: expect.stringMatching(/^(pass|review|block)$/) });
      const check = await t.as('dpr').get(`${api.url}/files/${table.id}/check`);
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json()).toMatchObject({ preset: 'acro', toolVersion: 'test', result: { path: 'results/table1.csv', sha256: sha256Of(TABLE_CSV), mediaType: 'text/csv' } });
      expect(check.json().result.findings.length).toBe(files.files.find((f) => f.id === table.id)?.current.check?.findings);

      expectError(await api.transition('researcher', 'return', pkg.version, 'Not yours to return'), 403, 'workflow.not_allowed');
      expectError(await api.transition('dpr', 'return', pkg.version), 422, 'validation.invalid_input');
      const returned = await api.transition('dpr', 'return', pkg.version, 'Please round the counts to the nearest 10');
      expect(returned.statusCode, returned.body).toBe(200);
      expect(returned.json()).toMatchObject({ status: 'returned', statusComment: 'Please round the counts to the nearest 10' });

      const rounded = await api.upload('researcher', 'results/table1.csv', 'region,patients\nNorth,120\nSouth,100\nEast,210\nWest,180\n');
      expect(rounded.statusCode).toBe(201);
      pkg = await api.get('researcher');
      const resubmitted = await api.transition('researcher', 'resubmit', pkg.version);
      expect(resubmitted.statusCode, resubmitted.body).toBe(200);
      expect(resubmitted.json()).toMatchObject({ status: 'checking', reviewTurn: 2, statusComment: null });
      await t.services.settle();
      pkg = await api.get('dpr');
      expect(pkg).toMatchObject({ status: 'in_review', checks: { pending: 0 } });
      const tableNow = (await t.as('dpr').get(`${api.url}/files/${table.id}`)).json() as PackageFileDetail;
      expect(tableNow.versions.map((v) => [v.number, v.check !== null])).toEqual([
        [2, true],
        [1, true],
      ]);
      expect((await t.as('dpr').get(`${api.url}/files/${report.id}`)).json().current.check).not.toBeNull();

      const actions = (await t.as('referee').get(`${api.url}/history`)).json().events.map((e: { action: string }) => e.action);
      expect(actions.slice(0, 6)).toEqual(['package.checks_finished', 'package.resubmitted', 'package.file_version_added', 'package.returned', 'package.checks_finished', 'package.submitted']);
      expect((await t.as('researcher').get(`/api/v1/work-packages/${t.world.wp.report}`)).json().workPackage.package).toEqual({ id: t.world.wp.report, status: 'in_review', liveSignOffs: 0 });
    }, 120_000);

    it('lets exactly one of two concurrent context edits of the same version through', async () => {
      const pkg = await api.get('researcher');
      await t.signInAll('researcher', 'investigator');
      const mine = { ...COMPLETE_CONTEXT, purpose: 'Researcher’s purpose' };
      const theirs = { ...COMPLETE_CONTEXT, purpose: 'Investigator’s purpose' };
      const [a, b] = await Promise.all([api.setContext('researcher', mine, pkg.version), api.setContext('investigator', theirs, pkg.version)]);
      const statuses = [a.statusCode, b.statusCode].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expectError(loser, 409, 'conflict.stale_version');
      const kept = a.statusCode === 200 ? mine : theirs;
      const now = await api.get('dpr');
      expect(now.context.purpose).toBe(kept.purpose);
      expect(now.version).toBe(pkg.version + 1);
      const edits = (await t.as('dpr').get(`${api.url}/history`)).json().events.filter((e: { action: string }) => e.action === 'package.context_updated');
      expect(edits).toHaveLength(1);
    });
  });
});
