/**
 * Sign-offs and approval through the commands, on SQLite and PostgreSQL: who may sign in which
 * role (each refusal changing nothing), the destination checked at submission, sign-offs voided
 * visibly by any change to the content, the seed rules, and the system's approval exactly once
 * under 20 concurrent sign-offs.
 *
 * Every step goes through the real commands: the reviewers decide on each output and submit
 * their review (review.commands.ts) before they sign, so approval rests on the real facts.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackageContext } from '../../common/contracts/packages.contract';
import type { DestinationKind } from '../../common/vocab/destinations';
import { isDomainError } from '../domain/errors';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { type TestServices, createTestServices } from '../testing/services';
import { type PackageOptions, createPackageAt, withServices } from '../testing/package-factories';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { getApproval } from './approval.queries';
import { decideFile, submitReview } from './review.commands';
import { getReviewSummary } from './review.queries';
import { approveReferee, submitOpinion } from './classification.commands';
import type { CommandContext } from './context';
import { ingestFile, removeTemporarily } from './package-files.commands';
import { changePackageStatus, getPackage, updatePackageContext } from './packages.commands';
import { addDataset, addParticipant, removeParticipant } from './projects.commands';
import { listPackageSignOffs, signOff, withdrawSignOff } from './sign-offs.commands';
import { publishTierPolicy } from './tier-policy.commands';

describe.each(TEST_DIALECTS)('sign-offs and approval on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;

  beforeEach(async () => {
    world = await life.open();
    services = await createTestServices(life.database());
  });
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  const person = (key: string) => personIn(world, key);
  const ctxOf = (key: string): CommandContext => person(key).ctx;
  const auditOf = async (action: string, id = world.wp.report) =>
    (await world.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('object_id', '=', id).orderBy('seq').execute()).map((r) => ({
      actor: r.actor_label,
      summary: JSON.parse(r.summary) as Record<string, unknown>,
    }));
  const classify = async (tier: number, keys: string[], wp = world.wp.report) => {
    for (const key of keys) await submitOpinion(ctxOf(key), wp, { path: pathFor(tier) });
  };
  const context = (destinationKind: DestinationKind): PackageContext => ({
    purpose: 'The final report',
    recipient: 'The research team',
    destinationKind,
    population: 'Adults in the study area, 2015–2020',
    suppressionThreshold: 10,
    rounding: 'to the nearest 5',
    outputs: {},
  });
  const addFile = (key: string, path: string, content: string, pkgId = world.wp.report) => ingestFile(ctxOf(key), services, pkgId, { path, source: 'upload' }, Readable.from([Buffer.from(content)]));
  const setDestination = async (destinationKind: DestinationKind, pkgId = world.wp.report) => {
    const { version } = await getPackage(ctxOf('researcher'), pkgId);
    await updatePackageContext(ctxOf('researcher'), pkgId, { context: context(destinationKind), version });
  };
  const move = async (key: string, action: string, comment?: string, pkgId = world.wp.report) => {
    const { version } = await getPackage(ctxOf(key), pkgId);
    await changePackageStatus(ctxOf(key), services, pkgId, { action, version, ...(comment ? { comment } : {}) });
    await services.settle();
  };
  /** A report with one output, to `destination`, submitted and checked: in review. */
  const reportInReview = async (destination: DestinationKind = 'research_team', pkgId = world.wp.report) => {
    await addFile('researcher', 'report.md', '# Final report\n', pkgId);
    await setDestination(destination, pkgId);
    await move('researcher', 'submit', undefined, pkgId);
    expect((await getPackage(ctxOf('researcher'), pkgId)).status).toBe('in_review');
  };
  /** A report with one output (tier 1 unless told), submitted and checked, through the state-driving factory. */
  const tierOneReportInReview = (options: PackageOptions = {}) =>
    createPackageAt(withServices(world, services), 'in_review', { files: [{ path: 'report.md', content: '# Final report\n' }], ...options });
  const digestOf = async (pkgId = world.wp.report) => (await listPackageSignOffs(ctxOf('investigator'), pkgId)).digest;
  const sign = async (key: string, role: string, pkgId = world.wp.report) => signOff(ctxOf(key), pkgId, { role, digest: await digestOf(pkgId) });
  /** The reviewer approves every output that needs a decision and submits their review of the turn. */
  const reviewAndSubmit = async (key: string, pkgId = world.wp.report) => {
    const summary = await getReviewSummary(ctxOf(key), pkgId);
    for (const f of summary.files.filter((x) => x.needsDecision)) await decideFile(ctxOf(key), pkgId, f.fileId, { fileVersionId: f.fileVersionId, decision: 'approve' });
    await submitReview(ctxOf(key), pkgId, {});
  };
  const refusalOf = async (work: () => Promise<unknown>): Promise<string> => {
    try {
      await work();
    } catch (error) {
      if (isDomainError(error)) return error.code;
      throw error;
    }
    return 'accepted';
  };

  describe('who signs', () => {
    it('refuses every sign-off that is not allowed, each leaving every count unchanged', async () => {
      await tierOneReportInReview();
      const digest = await digestOf();
      await sign('investigator', 'investigator');
      const refusals: [string, string, unknown, string][] = [
        ['outsider', 'investigator', digest, 'package.not_found'],
        ['researcher', 'investigator', digest, 'sign_off.not_allowed'],
        ['researcher', 'data_provider_representative', digest, 'sign_off.not_allowed'],
        ['pm', 'data_provider_representative', digest, 'sign_off.not_allowed'],
        ['investigator', 'data_provider_representative', digest, 'sign_off.not_allowed'],
        ['dpr', 'investigator', digest, 'sign_off.not_allowed'],
        // Tier 1 asks for no referee.
        ['referee', 'referee', digest, 'sign_off.role_not_required'],
        // The DPR has not submitted a review of this turn yet.
        ['dpr', 'data_provider_representative', digest, 'sign_off.review_not_submitted'],
        ['investigator', 'investigator', digest, 'sign_off.duplicate'],
        ['investigator', 'investigator', '0'.repeat(64), 'sign_off.stale_digest'],
        ['investigator', 'investigator', 'not a digest', 'validation.invalid_input'],
        ['investigator', 'approver', digest, 'validation.invalid_input'],
      ];
      const before = await snapshotCounts(world.db);
      for (const [key, role, d, code] of refusals) {
        expect([key, role, await refusalOf(() => signOff(ctxOf(key), world.wp.report, { role, digest: d }))]).toEqual([key, role, code]);
        expect(await snapshotCounts(world.db)).toEqual(before);
      }
      // Once the DPR has reviewed, a stale digest is still refused: the package changed since it was loaded.
      await reviewAndSubmit('dpr');
      const afterReview = await snapshotCounts(world.db);
      const stale = await refusalOf(() => signOff(ctxOf('dpr'), world.wp.report, { role: 'data_provider_representative', digest: 'f'.repeat(64) }));
      expect(stale).toBe('sign_off.stale_digest');
      expect(await snapshotCounts(world.db)).toEqual(afterReview);
    });

    it('refuses the submitter and a former author who is now the DPR of a dataset (package.self_review)', async () => {
      // "former" adds a file as a researcher, then becomes the representative of a second dataset.
      await world.addPerson('former', { projectRole: 'researcher' });
      await addFile('former', 'notes.md', '# Notes\n');
      const participant = await world.db.selectFrom('participants').select('id').where('user_id', '=', person('former').id).where('removed_at', 'is', null).executeTakeFirstOrThrow();
      await removeParticipant(world.system, world.projectId, participant.id);
      await addParticipant(world.system, world.projectId, { email: person('former').email, role: 'data_provider_representative' });
      await addDataset(world.system, world.projectId, { name: 'Dataset B', providerName: 'Provider B', representativeUserId: person('former').id });
      await tierOneReportInReview();
      const before = await snapshotCounts(world.db);
      expect(await refusalOf(() => sign('former', 'data_provider_representative'))).toBe('package.self_review');
      // The researcher submitted it; they hold no sign-off role.
      expect(await refusalOf(() => sign('researcher', 'data_provider_representative'))).toBe('sign_off.not_allowed');
      expect(await snapshotCounts(world.db)).toEqual(before);
      // Every DPR of the datasets signs, so the approval panel names the former author as still to sign.
      const approval = await getApproval(ctxOf('dpr'), world.wp.report);
      expect(approval.signOffs.missing).toContainEqual({ role: 'data_provider_representative', userIds: [person('dpr').id, person('former').id] });
    });

    it('refuses sign-offs before the tier is agreed and while the package is a draft', async () => {
      expect(await refusalOf(() => sign('investigator', 'investigator'))).toBe('sign_off.not_in_review');
      await tierOneReportInReview({ tier: null });
      const before = await snapshotCounts(world.db);
      expect(await refusalOf(() => sign('investigator', 'investigator'))).toBe('approval.tier_not_agreed');
      expect(await snapshotCounts(world.db)).toEqual(before);
      expect((await getApproval(ctxOf('investigator'), world.wp.report)).missing[0]).toMatchObject({ id: 'tier_agreed', code: 'approval.tier_not_agreed' });
    });
  });

  describe('signing, listing and withdrawing', () => {
    it('records a bound sign-off, shows what approval still needs, and lets the signer withdraw it', async () => {
      await tierOneReportInReview();
      const list = await sign('investigator', 'investigator');
      expect(list.status).toBe('in_review');
      expect(list.signOffs).toMatchObject([{ userId: person('investigator').id, role: 'investigator', digest: list.digest, live: true, bound: true, voidCause: null, turn: 1 }]);
      const approval = await getApproval(ctxOf('dpr'), world.wp.report);
      expect(approval.digest).toBe(list.digest);
      expect(approval.signOffs).toEqual({
        required: ['investigator', 'data_provider_representative'],
        present: [{ id: list.signOffs[0]?.id, userId: person('investigator').id, role: 'investigator' }],
        missing: [{ role: 'data_provider_representative', userIds: [person('dpr').id] }],
      });
      // Nothing has been reviewed (the review seam is a placeholder here): the file and the review are missing too.
      expect(approval.missing.map((m) => m.id)).toEqual(['files_approved', 'independent_reviews', 'sign_offs_present', 'sign_off_outside_team']);
      expect(approval.seedRule).toBeUndefined();
      expect(await auditOf('package.signed_off')).toEqual([
        { actor: expect.stringContaining('investigator'), summary: { signOffId: list.signOffs[0]?.id, role: 'investigator', digest: list.digest, reviewTurn: 1 } },
      ]);

      const id = list.signOffs[0]?.id as string;
      const before = await snapshotCounts(world.db);
      expect(await refusalOf(() => withdrawSignOff(ctxOf('dpr'), world.wp.report, id, {}))).toBe('sign_off.not_found');
      expect(await snapshotCounts(world.db)).toEqual(before);
      const withdrawn = await withdrawSignOff(ctxOf('investigator'), world.wp.report, id, {});
      expect(withdrawn.signOffs).toMatchObject([{ id, live: false, bound: false, voidCause: 'withdrawn' }]);
      expect(await refusalOf(() => withdrawSignOff(ctxOf('investigator'), world.wp.report, id, {}))).toBe('sign_off.voided');
      expect((await auditOf('package.sign_off_withdrawn')).map((e) => e.summary)).toEqual([{ signOffId: id, role: 'investigator', digest: list.digest }]);
      // A withdrawn sign-off can be given again.
      expect((await sign('investigator', 'investigator')).signOffs.filter((s) => s.live)).toHaveLength(1);
    });

    it('approves in the transaction of the last sign-off, as the system, with the digest and the sign-offs', async () => {
      await tierOneReportInReview();
      await reviewAndSubmit('dpr');
      expect((await sign('investigator', 'investigator')).status).toBe('in_review');
      const last = await sign('dpr', 'data_provider_representative');
      expect(last.status).toBe('approved');
      const [approved, ...more] = await auditOf('package.approved');
      expect(more).toEqual([]);
      expect(approved).toMatchObject({ actor: 'system', summary: { from: 'in_review', to: 'approved', digest: last.digest } });
      expect((approved?.summary.signOffs as { role: string }[]).map((s) => s.role).sort()).toEqual(['data_provider_representative', 'investigator']);
      // Approved: sign-offs are neither given nor withdrawn any more.
      expect(await refusalOf(() => sign('investigator', 'investigator'))).toBe('sign_off.not_in_review');
      const dprSignOff = last.signOffs.find((s) => s.userId === person('dpr').id);
      expect(await refusalOf(() => withdrawSignOff(ctxOf('dpr'), world.wp.report, dprSignOff?.id as string, {}))).toBe('sign_off.not_in_review');
    });
  });

  describe('approval exactly once under concurrency', () => {
    it('approves once when the investigator and 19 DPRs sign at the same time', async () => {
      const dprs = ['dpr'];
      for (let i = 2; i <= 19; i++) {
        const key = `dpr${i}`;
        await world.addPerson(key, { projectRole: 'data_provider_representative' });
        await addDataset(world.system, world.projectId, { name: `Dataset ${i}`, providerName: `Provider ${i}`, representativeUserId: person(key).id });
        dprs.push(key);
      }
      await classify(1, ['investigator', ...dprs]);
      await reportInReview();
      for (const key of dprs) await reviewAndSubmit(key);
      const digest = await digestOf();
      const signers: [string, string][] = [['investigator', 'investigator'], ...dprs.map((k): [string, string] => [k, 'data_provider_representative'])];
      expect(signers).toHaveLength(20);
      const results = await Promise.allSettled(signers.map(([key, role]) => signOff(ctxOf(key), world.wp.report, { role, digest })));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await auditOf('package.approved')).toHaveLength(1);
      expect(await auditOf('package.signed_off')).toHaveLength(20);
      expect((await getPackage(ctxOf('investigator'), world.wp.report)).status).toBe('approved');
    }, 120_000);

    it('approves once when the two signers send 20 sign-offs at the same time, refusing the other 18', async () => {
      await tierOneReportInReview();
      await reviewAndSubmit('dpr');
      const digest = await digestOf();
      const calls = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ['investigator', 'investigator'] : ['dpr', 'data_provider_representative']) as [string, string]);
      const results = await Promise.allSettled(calls.map(([key, role]) => signOff(ctxOf(key), world.wp.report, { role, digest })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      const codes = results.flatMap((r) => (r.status === 'rejected' && isDomainError(r.reason) ? [r.reason.code] : []));
      expect(codes).toHaveLength(18);
      expect(new Set(codes).size).toBeLessThanOrEqual(2);
      for (const code of codes) expect(['sign_off.duplicate', 'sign_off.not_in_review']).toContain(code);
      expect(await auditOf('package.approved')).toHaveLength(1);
      expect(await world.db.selectFrom('sign_offs').select('id').execute()).toHaveLength(2);
    }, 120_000);
  });

  describe('voiding when the content changes', () => {
    /** In review with both sign-offs (not approved: nothing is reviewed here), then returned by the DPR. */
    const signedThenReturned = async () => {
      await tierOneReportInReview();
      await reviewAndSubmit('dpr');
      await sign('investigator', 'investigator');
      const signed = await sign('dpr', 'data_provider_representative');
      expect(signed.signOffs.filter((s) => s.bound)).toHaveLength(2);
      await move('dpr', 'return', 'Please round the counts');
      // Returning changes no content: the sign-offs are still live until something changes.
      expect((await listPackageSignOffs(ctxOf('dpr'), world.wp.report)).signOffs.filter((s) => s.bound)).toHaveLength(2);
      return signed.digest;
    };
    const expectVoided = async (cause: string, digest: string) => {
      const list = await listPackageSignOffs(ctxOf('dpr'), world.wp.report);
      expect(list.digest).not.toBe(digest);
      expect(list.signOffs.map((s) => [s.live, s.voidCause])).toEqual([
        [false, cause],
        [false, cause],
      ]);
      expect((await auditOf('package.sign_offs_voided')).map((e) => e.summary)).toEqual([expect.objectContaining({ count: 2, cause })]);
    };

    it('voids the sign-offs when a new file version arrives', async () => {
      const digest = await signedThenReturned();
      await addFile('researcher', 'report.md', '# Final report, rounded\n');
      await expectVoided('file_version_added', digest);
    });

    it('voids the sign-offs when the context is edited', async () => {
      const digest = await signedThenReturned();
      await setDestination('data_provider');
      await expectVoided('context_edited', digest);
    });

    it('voids the sign-offs when an item goes on the register of an otherwise unchanged package', async () => {
      const digest = await signedThenReturned();
      const file = await world.db.selectFrom('package_files').select(['id', 'version']).where('path', '=', 'report.md').executeTakeFirstOrThrow();
      await removeTemporarily(ctxOf('researcher'), world.wp.report, file.id, { reason: 'Small counts; to be redacted', version: file.version });
      await expectVoided('item_removed', digest);
    });

    it('voids the sign-offs of the last turn at resubmission, even with the content unchanged', async () => {
      const digest = await signedThenReturned();
      await move('researcher', 'resubmit');
      const list = await listPackageSignOffs(ctxOf('dpr'), world.wp.report);
      expect(list.digest).toBe(digest);
      expect(list.signOffs.map((s) => s.voidCause)).toEqual(['resubmitted', 'resubmitted']);
    });
  });

  describe('the destination and the seed rules', () => {
    it('refuses to submit to a destination the agreed tier does not allow, changing nothing', async () => {
      await classify(1, ['investigator', 'dpr']);
      await addFile('researcher', 'report.md', '# Final report\n');
      await setDestination('public_release');
      const before = await snapshotCounts(world.db);
      const { version } = await getPackage(ctxOf('researcher'), world.wp.report);
      expect(await refusalOf(() => changePackageStatus(ctxOf('researcher'), services, world.wp.report, { action: 'submit', version }))).toBe('package.destination_not_allowed');
      expect(await snapshotCounts(world.db)).toEqual(before);
    });

    it('refuses a tier-2 handover to the research team at submission even when the tier policy allows it', async () => {
      const permissive = (await import('../domain/tier-policy')).DEFAULT_TIER_POLICY.tiers.map((t) => (t.tier === 2 ? { ...t, destinations: ['research_team', 'data_provider'] } : t));
      await publishTierPolicy(ctxOf('sysadmin'), { tiers: permissive });
      await classify(2, ['investigator', 'dpr', 'referee'], world.wp.handover);
      await addFile('researcher', 'data.md', '# Derived data\n', world.wp.handover);
      await setDestination('research_team', world.wp.handover);
      const { version } = await getPackage(ctxOf('researcher'), world.wp.handover);
      const before = await snapshotCounts(world.db);
      expect(await refusalOf(() => changePackageStatus(ctxOf('researcher'), services, world.wp.handover, { action: 'submit', version }))).toBe('package.destination_not_allowed');
      expect(await snapshotCounts(world.db)).toEqual(before);
      // The data provider is allowed.
      await setDestination('data_provider', world.wp.handover);
      await move('researcher', 'submit', undefined, world.wp.handover);
      expect((await getPackage(ctxOf('researcher'), world.wp.handover)).status).toBe('in_review');
    });

    it('never approves a report finalisation at tier 2: signing is refused and the panel offers retain', async () => {
      await tierOneReportInReview({ tier: 2, destination: 'data_provider' });
      const before = await snapshotCounts(world.db);
      expect(await refusalOf(() => sign('investigator', 'investigator'))).toBe('approval.report_tier_inside');
      expect(await snapshotCounts(world.db)).toEqual(before);
      const approval = await getApproval(ctxOf('dpr'), world.wp.report);
      expect(approval.seedRule).toEqual({ code: 'approval.report_tier_inside', words: 'complete and present it inside a secure environment', offers: ['retain'] });
      expect(approval.missing[0]?.code).toBe('approval.report_tier_inside');
      // The reviewers retain it.
      await move('dpr', 'retain', 'Complete and present the report inside the environment');
      expect((await getPackage(ctxOf('dpr'), world.wp.report)).status).toBe('retained');
    });

    it('never approves at tier 4: signing is refused and the panel offers retain', async () => {
      await submitOpinion(ctxOf('investigator'), world.wp.handover, { path: pathFor(4) });
      await submitOpinion(ctxOf('dpr'), world.wp.handover, { path: pathFor(4) });
      await approveReferee(ctxOf('dpr'), world.wp.handover, { refereeUserId: person('referee').id });
      await submitOpinion(ctxOf('referee'), world.wp.handover, { path: pathFor(4) });
      await reportInReview('data_provider', world.wp.handover);
      expect(await refusalOf(() => sign('investigator', 'investigator', world.wp.handover))).toBe('approval.tier_not_egressable');
      const approval = await getApproval(ctxOf('dpr'), world.wp.handover);
      expect(approval.seedRule).toMatchObject({ code: 'approval.tier_not_egressable', offers: ['retain'] });
      expect(approval.missing.map((m) => m.id)).toEqual(['tier_egressable', 'files_approved']);
      expect(approval.signOffs.required).toEqual([]);
    });

    it('blocks a tier-2 handover until its storage and redaction decisions exist, whatever else holds', async () => {
      await classify(2, ['investigator', 'dpr', 'referee'], world.wp.handover);
      await reportInReview('data_provider', world.wp.handover);
      // The handover-decisions seam is a placeholder here: no storage decision is recorded.
      const approval = await getApproval(ctxOf('dpr'), world.wp.handover);
      expect(approval.missing.map((m) => m.code)).toContain('approval.storage_decision_missing');
      expect(approval.signOffs.required).toEqual(['investigator', 'data_provider_representative', 'referee']);
    });
  });
});
