/**
 * A redaction done by hand inside (issue 13, "anything else"), on every dialect: the author team
 * uploads a changed file from inside and links the new version to the one it replaces with the
 * reason; the provenance, the audit event and the bundle-manifest history follow; every refusal
 * (who, status, stale version, a version of another file, linking twice, unknown findings) changes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedactionProvenance, VersionProvenance } from '../../../common/contracts/redaction.contract';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { allCounts, packageClient } from './packages.testing';

describe.each(TEST_DIALECTS)('a redaction done by hand, linked over HTTP on %s', (dialect) => {
  let t: TestApp;
  let api: ReturnType<typeof packageClient>;
  let fileId: string;
  let otherFileId: string;
  const versionsOf = (id: string) => t.database.db.selectFrom('file_versions').select(['id', 'number', 'source', 'sha256']).where('file_id', '=', id).orderBy('number').execute();
  const link = (key: string, body: Record<string, unknown>, id = fileId) => t.as(key).post(`${api.url}/files/${id}/manual-redactions`, body);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = packageClient(t, t.world.wp.report);
    fileId = (await api.add('researcher', 'figures/map.svg', '<svg><text>Ward 7, 3 patients</text></svg>')).id;
    otherFileId = (await api.add('researcher', 'results/other.txt', 'other')).id;
    await api.add('researcher', 'figures/map.svg', '<svg><text>Ward [suppressed]</text></svg>');
    await t.signInAll('researcher', 'dpr', 'pm', 'outsider');
  }, 60_000);
  afterAll(async () => t.close());

  it('refuses what it must, changing nothing', async () => {
    const [v1, v2] = await versionsOf(fileId);
    const [other] = await versionsOf(otherFileId);
    const body = { fileVersionId: v2?.id, replacesVersionId: v1?.id, reason: 'Ward label removed in the editor inside' };
    const before = await allCounts(t);
    expectError(await t.anonymous.post(`${api.url}/files/${fileId}/manual-redactions`, body), 401, 'auth.unauthenticated');
    expectError(await link('outsider', body), 404, 'package.not_found');
    expectError(await link('dpr', body), 403, 'redaction.not_allowed');
    expectError(await link('pm', body), 403, 'redaction.not_allowed');
    expectError(await link('researcher', { ...body, fileVersionId: v1?.id }), 409, 'redaction.stale_version');
    expectError(await link('researcher', { ...body, replacesVersionId: other?.id }), 404, 'redaction.version_not_found');
    expectError(await link('researcher', { ...body, replacesVersionId: v2?.id }), 404, 'redaction.version_not_found');
    expectError(await link('researcher', { ...body, findingKeys: ['0123456789abcdef'] }), 422, 'redaction.finding_not_found');
    expectError(await link('researcher', { ...body, reason: ' ' }), 422, 'validation.invalid_input');
    expect(await allCounts(t)).toEqual(before);
  });

  it('links the new version to the one it replaces, with its provenance and an audit event', async () => {
    const [v1, v2] = await versionsOf(fileId);
    const res = await link('researcher', { fileVersionId: v2?.id, replacesVersionId: v1?.id, reason: 'Ward label removed in the editor inside' });
    expect(res.statusCode, res.body).toBe(201);
    const provenance = res.json() as RedactionProvenance;
    expect(provenance).toMatchObject({
      fileId,
      operation: 'manual',
      original: { fileVersionId: v1?.id, versionNumber: 1, sha256: v1?.sha256 },
      result: { fileVersionId: v2?.id, versionNumber: 2, sha256: v2?.sha256 },
      reason: 'Ward label removed in the editor inside',
      outcome: { changeCount: 0 },
    });
    const read = await t.as('researcher').get(`${api.url}/files/${fileId}/versions/${v2?.id}/provenance`);
    expect((read.json() as VersionProvenance).provenance?.id).toBe(provenance.id);
    const audited = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.file_redaction_linked').execute();
    expect(audited).toHaveLength(1);
    expect(JSON.parse(String(audited[0]?.summary))).toMatchObject({ fromVersion: 1, version: 2, operation: 'manual' });
    // Linking the same version again is refused.
    expectError(await link('researcher', { fileVersionId: v2?.id, replacesVersionId: v1?.id, reason: 'again' }), 409, 'redaction.not_now');
  });
});
