/**
 * The state-driving factories reach each state they promise on SQLite and PostgreSQL, with the
 * records that state implies (opinions, check results, reviews, storage decisions, sign-offs and
 * the audit events of every move), so a test built on them starts from a state the product reaches.
 */
import { describe, expect, it } from 'vitest';
import { getApproval } from '../commands/approval.queries';
import { TEST_DIALECTS } from './databases';
import { createPackageAt, createWorkPackageAt, freshPackageWorldPerTest, type PackageWorld } from './package-factories';
import { addSecondDataset, personIn } from './world-lifecycle';

describe.each(TEST_DIALECTS)('state-driving factories on %s', (dialect) => {
  let world: PackageWorld;
  freshPackageWorldPerTest(dialect, (w) => (world = w));

  const id = (key: string) => personIn(world, key).id;
  const actions = async (objectId: string) =>
    (await world.db.selectFrom('audit_events').select('action').where('object_id', '=', objectId).where('action', 'like', 'package.%').orderBy('seq').execute()).map((r) => r.action);
  const opinionsOf = async (wpId: string) =>
    (await world.db.selectFrom('opinions').select(['classifier_id', 'tier']).where('work_package_id', '=', wpId).where('superseded_at', 'is', null).execute())
      .map((o) => [o.classifier_id, Number(o.tier)])
      .sort();
  const workPackage = (wpId: string) => world.db.selectFrom('work_packages').select(['status', 'tier']).where('id', '=', wpId).executeTakeFirstOrThrow();

  describe('createWorkPackageAt', () => {
    it('leaves an unclassified work package without opinions', async () => {
      const wpId = await createWorkPackageAt(world, 'unclassified');
      expect(wpId).toBe(world.wp.report);
      expect(await opinionsOf(wpId)).toEqual([]);
    });

    it('reaches classifying with the investigator’s opinion only', async () => {
      const wpId = await createWorkPackageAt(world, 'classifying', { tier: 1 });
      expect(await opinionsOf(wpId)).toEqual([[id('investigator'), 1]]);
      expect(await workPackage(wpId)).toMatchObject({ status: 'classifying', tier: null });
    });

    it('reaches disputed with the DPR one tier below the investigator', async () => {
      const wpId = await createWorkPackageAt(world, 'disputed', { tier: 2 });
      expect(await opinionsOf(wpId)).toEqual(
        [
          [id('dpr'), 1],
          [id('investigator'), 2],
        ].sort(),
      );
      expect((await workPackage(wpId)).status).toBe('disputed');
    });

    it.each([0, 1, 2, 3])('reaches classified at tier %i with every opinion the tier needs', async (tier) => {
      const wpId = await createWorkPackageAt(world, 'classified', { workPackage: 'handover', tier });
      expect(wpId).toBe(world.wp.handover);
      expect(await workPackage(wpId)).toMatchObject({ status: 'classified', tier });
      const expected = [[id('investigator'), tier], [id('dpr'), tier], ...(tier >= 2 ? [[id('referee'), tier]] : [])];
      expect(await opinionsOf(wpId)).toEqual(expected.sort());
      const approvals = await world.db.selectFrom('referee_approvals').select('referee_id').where('work_package_id', '=', wpId).execute();
      expect(approvals.map((a) => a.referee_id)).toEqual(tier >= 3 ? [id('referee')] : []);
    });

    it('asks every data provider representative of the datasets for an opinion', async () => {
      await addSecondDataset(world);
      const wpId = await createWorkPackageAt(world, 'classified', { workPackage: 'handover', tier: 1 });
      expect((await opinionsOf(wpId)).map(([userId]) => userId)).toEqual([id('investigator'), id('dpr'), id('dpr2')].sort());
    });
  });

  describe('createPackageAt', () => {
    it('makes a draft with its files and a complete context, on a classified work package', async () => {
      const pkg = await createPackageAt(world, 'draft', {
        files: [
          { path: 'results/table.csv', content: 'group,count\nA,25\nB,40\n' },
          { path: 'support/code.R', content: 'summary(x)\n', role: 'supporting' },
        ],
      });
      expect(pkg.package).toMatchObject({ id: world.wp.report, status: 'draft', context: { destinationKind: 'research_team' }, workPackage: { tier: 1 } });
      expect(Object.keys(pkg.package.context?.outputs ?? {})).toEqual([pkg.fileIds['results/table.csv']]);
      const files = await world.db.selectFrom('package_files').select(['path', 'role']).where('package_id', '=', pkg.id).orderBy('path').execute();
      expect(files).toEqual([
        { path: 'results/table.csv', role: 'output' },
        { path: 'support/code.R', role: 'supporting' },
      ]);
      expect(await actions(pkg.id)).not.toContain('package.submitted');
    });

    it('leaves the work package unclassified when asked (tier null)', async () => {
      const pkg = await createPackageAt(world, 'in_review', { tier: null });
      expect(pkg.package.workPackage).toMatchObject({ tier: null });
      expect((await getApproval(personIn(world, 'investigator').ctx, pkg.id)).missing[0]?.id).toBe('tier_agreed');
    });

    it('reaches in_review through submission and the checks stage: every current version has its check result', async () => {
      const pkg = await createPackageAt(world, 'in_review');
      const versions = await world.db.selectFrom('file_versions').select('id').where('package_id', '=', pkg.id).execute();
      const results = await world.db.selectFrom('check_results').select('file_version_id').execute();
      expect(results.map((r) => r.file_version_id).sort()).toEqual(versions.map((v) => v.id).sort());
      expect(await actions(pkg.id)).toEqual(expect.arrayContaining(['package.submitted', 'package.checks_finished']));
    });

    it.each([
      ['returned', 'package.returned'],
      ['retained', 'package.retained'],
      ['rejected', 'package.rejected'],
    ] as const)('reaches %s by the DPR’s move from review', async (state, event) => {
      const pkg = await createPackageAt(world, state);
      expect(pkg.package.status).toBe(state);
      const moves = await world.db.selectFrom('audit_events').select(['action', 'actor_id']).where('object_id', '=', pkg.id).where('action', '=', event).execute();
      expect(moves).toEqual([{ action: event, actor_id: id('dpr') }]);
    });

    it('reaches withdrawn from a draft, never submitted', async () => {
      const pkg = await createPackageAt(world, 'withdrawn');
      expect(pkg.package.status).toBe('withdrawn');
      expect(await actions(pkg.id)).toContain('package.withdrawn');
      expect(await actions(pkg.id)).not.toContain('package.submitted');
    });

    it('approves a tier-1 report: the DPR reviewed and approved every output, the investigator and the DPR signed the approved digest', async () => {
      const pkg = await createPackageAt(world, 'approved', { files: [{ path: 'results/table.csv', content: 'group,count\nA,25\nB,40\n' }] });
      expect(pkg.package.status).toBe('approved');
      const reviews = await world.db.selectFrom('file_reviews').select(['reviewer_id', 'decision', 'file_id']).execute();
      expect(reviews).toEqual([{ reviewer_id: id('dpr'), decision: 'approve', file_id: pkg.fileIds['results/table.csv'] }]);
      expect(await world.db.selectFrom('review_submissions').select('reviewer_id').execute()).toEqual([{ reviewer_id: id('dpr') }]);
      const approved = await world.db.selectFrom('audit_events').select(['actor_id', 'summary']).where('object_id', '=', pkg.id).where('action', '=', 'package.approved').execute();
      expect(approved).toHaveLength(1);
      expect(approved[0]?.actor_id).toBeNull();
      const { digest } = JSON.parse(approved[0]?.summary ?? '{}') as { digest: string };
      const signOffs = await world.db.selectFrom('sign_offs').select(['user_id', 'role', 'digest', 'voided_at']).where('package_id', '=', pkg.id).execute();
      expect(signOffs.map((s) => [s.user_id, s.role, s.digest, s.voided_at]).sort()).toEqual(
        [
          [id('investigator'), 'investigator', digest, null],
          [id('dpr'), 'data_provider_representative', digest, null],
        ].sort(),
      );
    });

    it.each([2, 3])('approves a tier-%i handover: storage decision agreed by everyone, both reviewers, and the referee’s sign-off', async (tier) => {
      const pkg = await createPackageAt(world, 'approved', { workPackage: 'handover', tier, files: [{ path: 'data/derived.csv', content: 'region,n\nNorth,120\nSouth,95\n' }] });
      expect(pkg.package).toMatchObject({ status: 'approved', context: { destinationKind: 'data_provider' }, workPackage: { kind: 'egress_handover', tier } });
      const decisions = await world.db.selectFrom('storage_decisions').select('id').where('package_id', '=', pkg.id).execute();
      expect(decisions).toHaveLength(1);
      const agreements = await world.db
        .selectFrom('storage_decision_agreements')
        .select('user_id')
        .where('decision_id', '=', decisions[0]?.id as string)
        .execute();
      expect(agreements.map((a) => a.user_id).sort()).toEqual([id('investigator'), id('dpr')].sort());
      expect((await world.db.selectFrom('review_submissions').select('reviewer_id').execute()).map((r) => r.reviewer_id).sort()).toEqual([id('dpr'), id('referee')].sort());
      const roles = await world.db.selectFrom('sign_offs').select('role').where('package_id', '=', pkg.id).where('voided_at', 'is', null).execute();
      expect(roles.map((r) => r.role).sort()).toEqual(['data_provider_representative', 'investigator', 'referee']);
    });

    it('says which guard it cannot satisfy instead of faking an approval', async () => {
      await expect(createPackageAt(world, 'approved', { tier: 2, destination: 'data_provider' })).rejects.toThrow(/cannot approve: report_tier_inside/);
      expect((await world.db.selectFrom('sign_offs').select('id').execute()).length).toBe(0);
    });
  });
});
