/**
 * Redaction through the package's life, on every dialect (issue 13), with the test operations of
 * server/redaction/fake-operations.testing.ts:
 * - a redaction applied to the draft reaches the bundle manifest: the file's history shows the
 *   original upload and the redacted version with its provenance, and only the redacted bytes are listed;
 * - a reviewer's proposal accepted during review voids the live sign-off (cause
 *   `redaction_accepted`) and sends the package through the checks as a new review turn.
 */
import { describe, expect, it } from 'vitest';
import { FAKE_OPERATIONS } from '../redaction/fake-operations.testing';
import { TEST_DIALECTS } from '../testing/databases';
import { type PackageWorld, createPackageAt, freshPackageWorldPerTest } from '../testing/package-factories';
import { personIn } from '../testing/world-lifecycle';
import { getApproval } from './approval.queries';
import { buildManifest } from './bundle-manifest.queries';
import { getPackage } from './packages.commands';
import { acceptRedactionProposal } from './redaction-proposals.commands';
import { applyRedaction, proposeRedaction } from './redaction.commands';
import { decideFile, submitReview } from './review.commands';
import { getReviewSummary } from './review.queries';
import { signOff } from './sign-offs.commands';

const NOTES = 'Contact: secret\nAll counts are rounded.\n';

describe.each(TEST_DIALECTS)('redaction through the package life on %s', (dialect) => {
  let world: PackageWorld;
  freshPackageWorldPerTest(dialect, (w) => (world = w), { redactionOperations: FAKE_OPERATIONS });
  const ctx = (key: string) => personIn(world, key).ctx;
  const deps = () => ({ blobs: world.services.blobs, limits: world.services.limits, redaction: world.services.redaction });
  const versionsOf = (fileId: string) => world.db.selectFrom('file_versions').select(['id', 'number', 'sha256', 'source']).where('file_id', '=', fileId).orderBy('number').execute();

  it('puts the redacted version, with its provenance, in the bundle manifest', async () => {
    const created = await createPackageAt(world, 'approved', {
      files: [{ path: 'results/notes.txt', content: NOTES }],
      beforeSubmit: async ({ id, fileIds }) => {
        const fileId = fileIds['results/notes.txt'] as string;
        const [v1] = await versionsOf(fileId);
        await applyRedaction(ctx('researcher'), deps(), id, fileId, { fileVersionId: v1?.id, operation: 'text.fake_mask', parameters: { word: 'secret' }, reason: 'A contact name' });
      },
    });
    const fileId = created.fileIds['results/notes.txt'] as string;
    const [v1, v2] = await versionsOf(fileId);
    const manifest = await buildManifest(world.db, created.id, {
      releaseId: 'rel_1',
      releasedAt: '2026-12-08T10:00:00.000Z',
      releasedBy: { id: personIn(world, 'sysadmin').id, name: 'sysadmin' },
      toolVersion: 'test',
      destination: { kind: 'research_team', id: null, name: null, method: 'link', recipientKeyFingerprint: null },
    });
    const entry = manifest.files.find((f) => f.path === 'results/notes.txt');
    expect(entry).toMatchObject({ version: 2, sha256: v2?.sha256 });
    expect(entry?.history.map((h) => [h.version, h.sha256, h.origin])).toEqual([
      [1, v1?.sha256, 'upload'],
      [2, v2?.sha256, 'redaction'],
    ]);
    expect(entry?.history[1]?.redaction).toEqual({ fromVersion: 1, fromSha256: v1?.sha256, operation: 'text.fake_mask', parameters: { word: 'secret' }, reason: 'A contact name' });
    expect(entry?.history[0]?.redaction).toBeNull();
  });

  it('voids a live sign-off when the author team accepts a reviewer’s proposal, and starts a new review turn', async () => {
    const created = await createPackageAt(world, 'in_review', { files: [{ path: 'results/notes.txt', content: NOTES }] });
    const fileId = created.fileIds['results/notes.txt'] as string;
    // Every reviewer decides, then the investigator signs off (the package is not approved yet: the DPR has not).
    for (const key of ['referee', 'dpr']) {
      const summary = await getReviewSummary(ctx(key), created.id);
      if (!summary.reviewer) continue;
      for (const f of summary.files.filter((x) => x.needsDecision)) await decideFile(ctx(key), created.id, f.fileId, { fileVersionId: f.fileVersionId, decision: 'approve' });
      await submitReview(ctx(key), created.id, {});
    }
    const approval = await getApproval(ctx('investigator'), created.id);
    await signOff(ctx('investigator'), created.id, { role: 'investigator', digest: approval.digest });
    const turn = (await getPackage(ctx('researcher'), created.id)).reviewTurn;

    const [v1] = await versionsOf(fileId);
    const proposal = await proposeRedaction(ctx('dpr'), deps(), created.id, fileId, {
      fileVersionId: v1?.id,
      operation: 'text.fake_mask',
      parameters: { word: 'secret' },
      reason: 'Remove the contact',
    });
    const { version } = await getPackage(ctx('researcher'), created.id);
    await acceptRedactionProposal(ctx('researcher'), { ...deps(), ...world.services }, created.id, proposal.id, { version });
    expect((await getPackage(ctx('researcher'), created.id)).status).toBe('checking');
    const signOffs = await world.db.selectFrom('sign_offs').select(['role', 'voided_at', 'void_cause']).where('package_id', '=', created.id).execute();
    expect(signOffs).toEqual([{ role: 'investigator', voided_at: expect.any(String), void_cause: 'redaction_accepted' }]);
    await world.services.settle();
    const after = await getPackage(ctx('researcher'), created.id);
    expect(after.status).toBe('in_review');
    expect(after.reviewTurn).toBe(turn + 1);
    expect((await versionsOf(fileId)).map((v) => v.source)).toEqual(['upload', 'redaction']);
  });
});
