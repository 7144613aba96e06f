/**
 * Registered destinations and choosing one on a package, through the commands, on SQLite and
 * PostgreSQL: who registers (each refusal changing nothing), the recipient key's fingerprint,
 * retiring, and the package's destination as part of its content digest (changing it after
 * sign-off voids the sign-offs) and of the guards (the registered kind, the recipient key).
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackageContext } from '../../common/contracts/packages.contract';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { codeOf } from '../testing/refusals';
import { type TestServices, createTestServices } from '../testing/services';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { getApproval } from './approval.queries';
import { submitOpinion } from './classification.commands';
import type { CommandContext } from './context';
import { type DeliveryOptionsDeps, listProjectDestinations, registerDestination, retireProjectDestination } from './destinations.commands';
import { choosePackageDestination } from './package-destination.commands';
import { ingestFile } from './package-files.commands';
import { changePackageStatus, getPackage, updatePackageContext } from './packages.commands';
import { decideFile, submitReview } from './review.commands';
import { getReviewSummary } from './review.queries';
import { listPackageSignOffs, signOff } from './sign-offs.commands';

const KEY = 'age1fcehahplgkf6sjfhynx62nprdrg74zdgjaktpypdpa7aaav8cyustypmjs';
const deps: DeliveryOptionsDeps = { available: { pushTargets: ['provider-archive'], folderExport: true } };

describe.each(TEST_DIALECTS)('registered destinations on %s', (dialect) => {
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

  const ctxOf = (key: string): CommandContext => personIn(world, key).ctx;
  const register = (key: string, input: Record<string, unknown>, options = deps) =>
    registerDestination(
      ctxOf(key),
      world.projectId,
      { name: 'Provider archive', kind: 'data_provider', contactEmail: 'archive@provider.example', method: 'container_push', target: 'provider-archive', recipientKey: KEY, ...input },
      options,
    );
  const auditOf = async (action: string) =>
    (await world.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute()).map((r) => ({
      object: r.object_id,
      summary: JSON.parse(r.summary) as Record<string, unknown>,
    }));

  describe('registering', () => {
    it('registers a push destination with its key and fingerprint, audited without the key', async () => {
      const destination = await register('sysadmin', {});
      expect(destination).toMatchObject({ name: 'Provider archive', method: 'container_push', target: 'provider-archive', recipientKey: KEY, retiredAt: null });
      expect(destination.recipientKeyFingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
      const [event] = await auditOf('destination.registered');
      expect(event).toEqual({
        object: destination.id,
        summary: { name: 'Provider archive', kind: 'data_provider', method: 'container_push', target: 'provider-archive', recipientKeyFingerprint: destination.recipientKeyFingerprint },
      });
      expect(JSON.stringify(event)).not.toContain(KEY);
      const list = await listProjectDestinations(ctxOf('researcher'), world.projectId, deps);
      expect(list.destinations.map((d) => d.id)).toEqual([destination.id]);
      expect(list.abilities.manage).toBe(false);
      expect(list.options).toEqual({ pushTargets: ['provider-archive'], folderExport: true });
      expect((await listProjectDestinations(ctxOf('sysadmin'), world.projectId, deps)).abilities.manage).toBe(true);
    });

    it('registers a folder export and a download link', async () => {
      expect(await register('programme', { name: 'Inbox', method: 'folder_export', target: 'provider/inbox', recipientKey: null })).toMatchObject({
        target: 'provider/inbox',
        recipientKeyFingerprint: null,
      });
      expect(await register('sysadmin', { name: 'Team link', kind: 'research_team', method: 'link', target: null, recipientKey: null })).toMatchObject({ method: 'link', target: null });
    });

    it('refuses every registration that is not allowed, each leaving every count unchanged', async () => {
      await register('sysadmin', {});
      const before = await snapshotCounts(world.db);
      const refusals: [string, string, Record<string, unknown>, DeliveryOptionsDeps | undefined, string][] = [
        ['a researcher', 'researcher', { name: 'Other' }, undefined, 'auth.forbidden'],
        ['the project manager', 'pm', { name: 'Other' }, undefined, 'auth.forbidden'],
        ['the investigator', 'investigator', { name: 'Other' }, undefined, 'auth.forbidden'],
        ['a taken name', 'sysadmin', {}, undefined, 'destination.name_taken'],
        ['a mistyped key', 'sysadmin', { name: 'Other', recipientKey: KEY.slice(0, -1) + 'q' }, undefined, 'destination.recipient_key_invalid'],
        ['an OpenPGP key', 'sysadmin', { name: 'Other', recipientKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----' }, undefined, 'destination.recipient_key_invalid'],
        ['an unknown target', 'sysadmin', { name: 'Other', target: 'elsewhere' }, undefined, 'destination.target_unknown'],
        ['a push without target', 'sysadmin', { name: 'Other', target: null }, undefined, 'destination.target_invalid'],
        ['a folder that climbs out', 'sysadmin', { name: 'Other', method: 'folder_export', target: '../../etc' }, undefined, 'destination.target_invalid'],
        ['an absolute folder', 'sysadmin', { name: 'Other', method: 'folder_export', target: '/srv/export' }, undefined, 'destination.target_invalid'],
        [
          'folder export not configured',
          'sysadmin',
          { name: 'Other', method: 'folder_export', target: 'inbox' },
          { available: { pushTargets: [], folderExport: false } },
          'destination.export_not_configured',
        ],
        ['a link with a target', 'sysadmin', { name: 'Other', method: 'link', target: 'x' }, undefined, 'destination.target_invalid'],
        ['an unknown kind', 'sysadmin', { name: 'Other', kind: 'anywhere' }, undefined, 'validation.invalid_input'],
        ['no contact e-mail', 'sysadmin', { name: 'Other', contactEmail: 'nobody' }, undefined, 'validation.invalid_input'],
        ['an unknown field', 'sysadmin', { name: 'Other', secretAccessKey: 'x' }, undefined, 'validation.invalid_input'],
      ];
      for (const [what, key, input, options, code] of refusals) {
        expect([what, await codeOf(register(key, input, options))]).toEqual([what, code]);
        expect(await snapshotCounts(world.db)).toEqual(before);
      }
      expect(await codeOf(listProjectDestinations(ctxOf('outsider'), world.projectId, deps))).toBe('project.not_found');
    });

    it('retires a destination: it frees its name, is listed only when asked, and cannot be retired twice', async () => {
      const first = await register('sysadmin', {});
      const retired = await retireProjectDestination(ctxOf('sysadmin'), world.projectId, first.id);
      expect(retired.retiredAt).not.toBeNull();
      expect(await codeOf(retireProjectDestination(ctxOf('sysadmin'), world.projectId, first.id))).toBe('destination.retired');
      expect(await codeOf(retireProjectDestination(ctxOf('researcher'), world.projectId, first.id))).toBe('auth.forbidden');
      const second = await register('sysadmin', {});
      expect((await listProjectDestinations(ctxOf('sysadmin'), world.projectId, deps)).destinations.map((d) => d.id)).toEqual([second.id]);
      expect((await listProjectDestinations(ctxOf('sysadmin'), world.projectId, deps, true)).destinations.map((d) => d.id)).toEqual([second.id, first.id]);
      expect((await auditOf('destination.retired')).map((e) => e.object)).toEqual([first.id]);
    });
  });

  describe('choosing a destination on a package', () => {
    const context: PackageContext = {
      purpose: 'The final report',
      recipient: 'The research team',
      destinationKind: 'research_team',
      population: 'Adults in the study area, 2015–2020',
      suppressionThreshold: 10,
      rounding: 'to the nearest 5',
      outputs: {},
    };
    const choose = async (key: string, destinationId: string | null, pkgId = world.wp.report) => {
      const { version } = await getPackage(ctxOf(key), pkgId);
      return choosePackageDestination(ctxOf(key), pkgId, { destinationId, version });
    };
    const move = async (key: string, action: string, comment?: string) => {
      const { version } = await getPackage(ctxOf(key), world.wp.report);
      await changePackageStatus(ctxOf(key), services, world.wp.report, { action, version, ...(comment ? { comment } : {}) });
      await services.settle();
    };
    const digestOf = async () => (await listPackageSignOffs(ctxOf('investigator'), world.wp.report)).digest;
    const prepared = async (tier: number) => {
      for (const key of tier >= 2 ? ['investigator', 'dpr', 'referee'] : ['investigator', 'dpr']) await submitOpinion(ctxOf(key), world.wp.report, { path: pathFor(tier) });
      await ingestFile(ctxOf('researcher'), services, world.wp.report, { path: 'report.md', source: 'upload' }, Readable.from([Buffer.from('# Final report\n')]));
      const { version } = await getPackage(ctxOf('researcher'), world.wp.report);
      await updatePackageContext(ctxOf('researcher'), world.wp.report, { context, version });
    };

    it('records the choice, audited, and makes it part of the content digest', async () => {
      await prepared(1);
      const team = await register('sysadmin', { name: 'Team', kind: 'research_team', method: 'link', target: null, recipientKey: null });
      const keyed = await register('sysadmin', { name: 'Team, encrypted', kind: 'research_team', method: 'container_push' });
      const before = await digestOf();
      expect((await choose('researcher', team.id)).destinationId).toBe(team.id);
      const withTeam = await digestOf();
      expect(withTeam).not.toBe(before);
      await choose('researcher', keyed.id);
      expect(await digestOf()).not.toBe(withTeam);
      // Choosing it again changes nothing.
      const counts = await snapshotCounts(world.db);
      await choose('researcher', keyed.id);
      expect(await snapshotCounts(world.db)).toEqual(counts);
      await choose('researcher', null);
      expect(await digestOf()).toBe(before);
      expect((await auditOf('package.destination_chosen')).map((e) => e.summary)).toEqual([
        { from: null, to: team.id },
        { from: team.id, to: keyed.id },
        { from: keyed.id, to: null },
      ]);
    });

    it('voids the sign-offs when the destination changes after they were given', async () => {
      await prepared(1);
      const team = await register('sysadmin', { name: 'Team', kind: 'research_team', method: 'link', target: null, recipientKey: null });
      const provider = await register('sysadmin', { name: 'Provider', kind: 'data_provider' });
      await choose('researcher', team.id);
      await move('researcher', 'submit');
      const summary = await getReviewSummary(ctxOf('dpr'), world.wp.report);
      for (const f of summary.files.filter((x) => x.needsDecision)) await decideFile(ctxOf('dpr'), world.wp.report, f.fileId, { fileVersionId: f.fileVersionId, decision: 'approve' });
      await submitReview(ctxOf('dpr'), world.wp.report, {});
      const digest = await digestOf();
      await signOff(ctxOf('investigator'), world.wp.report, { role: 'investigator', digest });
      await signOff(ctxOf('dpr'), world.wp.report, { role: 'data_provider_representative', digest });
      await move('dpr', 'return', 'Please send it to the provider instead');
      await choose('researcher', provider.id);
      const list = await listPackageSignOffs(ctxOf('dpr'), world.wp.report);
      expect(list.digest).not.toBe(digest);
      expect(list.signOffs.map((s) => [s.live, s.voidCause])).toEqual([
        [false, 'destination_changed'],
        [false, 'destination_changed'],
      ]);
      expect((await auditOf('package.sign_offs_voided')).map((e) => e.summary)).toEqual([{ count: 2, cause: 'destination_changed', from: team.id, to: provider.id }]);
    });

    it('checks the tier against the registered destination’s kind, and asks for a recipient key where encryption is required', async () => {
      await prepared(1);
      const publicLink = await register('sysadmin', { name: 'Public', kind: 'public_release', method: 'link', target: null, recipientKey: null });
      await choose('researcher', publicLink.id);
      // The context says research team; the registered destination is a public release, which tier 1 does not allow.
      expect(await codeOf(move('researcher', 'submit'))).toBe('package.destination_not_allowed');

      const keyless = await register('sysadmin', { name: 'Provider, no key', kind: 'data_provider', recipientKey: null });
      await choose('researcher', keyless.id);
      await move('researcher', 'submit');
      expect((await getApproval(ctxOf('investigator'), world.wp.report)).missing.map((m) => m.id)).not.toContain('recipient_key_present');
    });

    it('needs a recipient key at a tier that requires encryption', async () => {
      await prepared(2);
      const keyless = await register('sysadmin', { name: 'Provider, no key', kind: 'data_provider', recipientKey: null });
      await choose('researcher', keyless.id);
      expect((await getApproval(ctxOf('investigator'), world.wp.report)).missing.map((m) => m.code)).toContain('package.recipient_key_missing');
      const keyed = await register('sysadmin', { name: 'Provider', kind: 'data_provider' });
      await choose('researcher', keyed.id);
      expect((await getApproval(ctxOf('investigator'), world.wp.report)).missing.map((m) => m.code)).not.toContain('package.recipient_key_missing');
    });

    it('refuses a retired destination, another project’s, a stale version and someone outside the author team, changing nothing', async () => {
      await prepared(1);
      const retired = await register('sysadmin', { name: 'Old' });
      await retireProjectDestination(ctxOf('sysadmin'), world.projectId, retired.id);
      const current = await register('sysadmin', { name: 'Current' });
      const before = await snapshotCounts(world.db);
      const { version } = await getPackage(ctxOf('researcher'), world.wp.report);
      expect(await codeOf(choose('researcher', retired.id))).toBe('destination.retired');
      expect(await codeOf(choose('researcher', 'no-such-destination'))).toBe('destination.not_found');
      expect(await codeOf(choosePackageDestination(ctxOf('researcher'), world.wp.report, { destinationId: current.id, version: version + 1 }))).toBe('conflict.stale_version');
      expect(await codeOf(choose('dpr', current.id))).toBe('workflow.not_allowed');
      expect(await codeOf(choosePackageDestination(ctxOf('researcher'), world.wp.report, { destinationId: current.id }))).toBe('validation.invalid_input');
      expect(await snapshotCounts(world.db)).toEqual(before);
    });
  });
});
