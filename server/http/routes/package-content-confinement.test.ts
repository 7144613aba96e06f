/**
 * Content confinement (issue 10 §1, docs/design.md §5.2) as one table: who reads a file version's bytes
 * from inside or outside the environment's networks, in each package state, for an output, a
 * supporting file, a temporarily removed item and an earlier version, on every dialect. The
 * expected answers come from the READERS table below, written from the issue, never from the
 * policy code. Each read is also checked against what the responses promised (`canReadContent`,
 * `readOutputs`/`readSupporting`) and against the audit log (exactly one `file.content_read` with
 * the address per read, none per refusal). Released and revoked packages cannot be reached before
 * the release work exists, so for them the pure rule is checked against its own table. Also:
 * X-Forwarded-For believed only from a listed proxy, and a referee the tier does not need.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package, PackageFile, PackageFileDetail } from '../../../common/contracts/packages.contract';
import { createApiToken } from '../../commands/api-tokens.commands';
import { submitOpinion } from '../../commands/classification.commands';
import { setWorkPackageDatasets } from '../../commands/projects.commands';
import { verifyAuditChain } from '../../db/audit.repository';
import { decideContentRead } from '../../policies/package-content.policy';
import type { PackageSubject } from '../../policies/package.policy';
import { TEST_DIALECTS } from '../../testing/databases';
import { pathFor } from '../../testing/factories';
import { addSecondDataset, personIn } from '../../testing/world-lifecycle';
import { type Response, type TestApp, expectError, startTestApp } from '../app.testing';
import { COMPLETE_CONTEXT, packageClient } from './packages.testing';

const INSIDE = '10.0.5.5';
const OUTSIDE = '198.51.100.7';
const PLACES = { inside: INSIDE, outside: OUTSIDE } as const;
type Place = keyof typeof PLACES;

const STATES = ['draft', 'in_review', 'returned', 'withdrawn', 'rejected'] as const;
type State = (typeof STATES)[number];
const KINDS = ['output', 'supporting', 'removed', 'earlier'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Everyone asked: the author team (investigator, the researcher who uploaded, the researcher's
 * read-only token), managers, the two reviewers (the WP's DPR, and the referee a DPR's tier-2
 * opinion calls for), someone outside the project, a DPR whose dataset is not in the WP, and a
 * referee who joined after submission.
 */
const WHO = ['investigator', 'researcher', 'token', 'pm', 'programme', 'sysadmin', 'dpr', 'referee', 'outsider', 'dpr2', 'late'] as const;
type Who = (typeof WHO)[number];
const TEAM_AND_MANAGERS: Who[] = ['investigator', 'researcher', 'token', 'pm', 'programme', 'sysadmin'];

/** The table of issue 10 §1: who reads (not removed items) from outside, and who reads anything from inside. */
const READERS: Record<State, { outside: Who[]; inside: Who[] }> = {
  draft: { outside: [], inside: [...TEAM_AND_MANAGERS, 'dpr', 'referee', 'late'] }, // nobody has submitted: the late referee is a reviewer too
  in_review: { outside: ['dpr', 'referee'], inside: [...TEAM_AND_MANAGERS, 'dpr', 'referee'] },
  returned: { outside: ['dpr', 'referee'], inside: [...TEAM_AND_MANAGERS, 'dpr', 'referee'] },
  withdrawn: { outside: [], inside: [...TEAM_AND_MANAGERS, 'dpr', 'referee'] },
  rejected: { outside: [], inside: [...TEAM_AND_MANAGERS, 'dpr', 'referee'] },
};

type Expected = { status: 200 } | { status: 403 | 404; code: string };
function expected(state: State, who: Who, place: Place, kind: Kind): Expected {
  if (who === 'outsider') return { status: 404, code: 'package.not_found' };
  if (!READERS[state].inside.includes(who)) return { status: 403, code: 'content.not_a_reader' };
  if (place === 'inside') return { status: 200 };
  if (kind !== 'removed' && READERS[state].outside.includes(who)) return { status: 200 };
  return { status: 403, code: 'content.outside_environment' };
}

const CONTENT: Record<Kind, string> = {
  earlier: 'region,patients\nNorth,120\n',
  output: 'region,patients\nNorth,125\n',
  supporting: 'region,raw\nNorth,123\n',
  removed: 'names we may not show\n',
};

describe.each(TEST_DIALECTS)('content confinement on %s', (dialect) => {
  describe.each(STATES)('a package that is %s', (state) => {
    let t: TestApp;
    let token = '';
    const ids = {} as Record<'table' | 'supporting' | 'removed', string>;

    beforeAll(async () => {
      t = await startTestApp(dialect, { environmentNetworks: ['10.0.0.0/8'] });
      const { world } = t;
      // Dataset B (dpr2's) is taken out of the report WP; the WP's DPR says tier 2, so the tier needs the referee.
      await addSecondDataset(world);
      const wp = await world.db.selectFrom('work_packages').select('version').where('id', '=', world.wp.report).executeTakeFirstOrThrow();
      await setWorkPackageDatasets(personIn(world, 'investigator').ctx, world.wp.report, { datasetIds: [world.datasetId], version: Number(wp.version) });
      await submitOpinion(personIn(world, 'dpr').ctx, world.wp.report, { path: pathFor(2) });

      const api = packageClient(t, world.wp.report);
      ids.table = (await api.add('researcher', 'results/table1.csv', CONTENT.earlier)).id;
      expect((await api.upload('researcher', 'results/table1.csv', CONTENT.output)).statusCode).toBe(201);
      const supporting = await api.upload('researcher', 'context/raw.csv', CONTENT.supporting, {}, '&role=supporting');
      expect(supporting.statusCode, supporting.body).toBe(201);
      ids.supporting = supporting.json().file.id;
      const removed = await api.add('researcher', 'results/names.txt', CONTENT.removed);
      ids.removed = removed.id;
      const removal = await t.as('researcher').post(`${api.url}/files/${removed.id}/removal`, { reason: 'Would raise the tier', version: removed.version });
      expect(removal.statusCode, removal.body).toBe(200);
      const context = { ...COMPLETE_CONTEXT, outputs: { [ids.table]: { shows: 'Counts by region', supportingFileIds: [ids.supporting] } } };
      expect((await api.setContext('researcher', context, (await api.get('researcher')).version)).statusCode).toBe(200);

      const move = async (key: string, action: string, comment?: string) => {
        const res = await api.transition(key, action, (await api.get('researcher')).version, comment);
        expect(res.statusCode, res.body).toBe(200);
        await t.services.settle();
      };
      if (state !== 'draft') await move('researcher', 'submit');
      if (state === 'returned' || state === 'withdrawn') await move('dpr', 'return', 'Round the counts to 5');
      if (state === 'withdrawn') await move('researcher', 'withdraw');
      if (state === 'rejected') await move('dpr', 'reject', 'Not for release');
      expect((await api.get('researcher')).status).toBe(state);

      world.clock.advance(60_000);
      await world.addPerson('late', { projectRole: 'referee' });
      token = (await createApiToken(personIn(world, 'researcher').ctx, { name: 'read-only', projectId: world.projectId, scopes: ['packages:read'] })).secret;
    });
    afterAll(async () => {
      try {
        expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
      } finally {
        await t.close();
      }
    });

    const base = () => `/api/v1/packages/${t.world.wp.report}`;
    const get = (who: Who, place: Place, url: string): Promise<Response> =>
      who === 'token' ? t.anonymous.get(url, { headers: { authorization: `Bearer ${token}` }, remoteAddress: PLACES[place] }) : t.as(who).get(url, { remoteAddress: PLACES[place] });
    const contentUrl = (kind: Kind) => (kind === 'earlier' ? `${base()}/files/${ids.table}/content?version=1` : `${base()}/files/${kind === 'output' ? ids.table : ids[kind]}/content`);
    const reads = async () => t.database.db.selectFrom('audit_events').select(['actor_label', 'summary']).where('action', '=', 'file.content_read').orderBy('seq').execute();

    describe.each(WHO)('asked by %s', (who) => {
      it.each(['inside', 'outside'] as const)('answers each kind of file from %s as the table says, audits each read once, and promised the same', async (place) => {
        for (const kind of KINDS) {
          const want = expected(state, who, place, kind);
          const before = await reads();
          const res = await get(who, place, contentUrl(kind));
          const after = await reads();
          if (want.status === 200) {
            expect({ kind, status: res.statusCode }).toEqual({ kind, status: 200 });
            expect(res.body).toBe(CONTENT[kind]);
            expect(after).toHaveLength(before.length + 1);
            const summary = JSON.parse(after.at(-1)?.summary ?? '{}') as Record<string, unknown>;
            expect(summary).toMatchObject({ address: PLACES[place], inside: place === 'inside', versionNumber: kind === 'earlier' ? 1 : kind === 'output' ? 2 : 1 });
            expect(summary.path).toBe(kind === 'supporting' ? 'context/raw.csv' : kind === 'removed' ? 'results/names.txt' : 'results/table1.csv');
            expect(Object.keys(summary)).not.toContain('content');
          } else {
            expect({ kind, status: res.statusCode, code: res.json().error?.code }).toEqual({ kind, status: want.status, code: want.code });
            expect(after).toHaveLength(before.length);
          }
        }
        if (who === 'outsider') return;
        // Findings (rule, location, message; never values) stay visible wherever the caller is.
        const findings = await get(who, place, `${base()}/files/${ids.table}/check`);
        if (state === 'draft') expectError(findings, 404, 'check.not_found');
        else expect(findings.statusCode, findings.body).toBe(200);
        // What the responses promised must be what the download did.
        const can = (kind: Kind) => expected(state, who, place, kind).status === 200;
        const files = (await get(who, place, `${base()}/files`)).json().files as PackageFile[];
        const byId = new Map(files.map((f) => [f.id, f]));
        expect({ output: byId.get(ids.table)?.canReadContent, supporting: byId.get(ids.supporting)?.canReadContent, removed: byId.get(ids.removed)?.canReadContent }).toEqual({
          output: can('output'),
          supporting: can('supporting'),
          removed: can('removed'),
        });
        expect(byId.get(ids.table)?.contentRefusal === null).toBe(can('output'));
        const detail = (await get(who, place, `${base()}/files/${ids.table}`)).json() as PackageFileDetail;
        expect(detail.versions.map((v) => [v.number, v.canReadContent])).toEqual([
          [2, can('output')],
          [1, can('earlier')],
        ]);
        const abilities = ((await get(who, place, base())).json() as Package).abilities;
        expect({ readOutputs: abilities.readOutputs, readSupporting: abilities.readSupporting }).toEqual({ readOutputs: can('output'), readSupporting: can('supporting') });
      });
    });
  });

  describe('addresses', () => {
    let t: TestApp;
    let fileId = '';
    beforeAll(async () => {
      t = await startTestApp(dialect, { environmentNetworks: ['192.168.10.0/24', '10.0.0.0/8'], trustProxy: ['172.16.0.1'] });
      fileId = (await packageClient(t, t.world.wp.report).add('researcher', 'results/t.csv', 'a,b\n1,2\n')).id;
    });
    afterAll(async () => t.close());
    const read = (remoteAddress: string, forwarded?: string) =>
      t.as('researcher').get(`/api/v1/packages/${t.world.wp.report}/files/${fileId}/content`, { remoteAddress, ...(forwarded ? { headers: { 'x-forwarded-for': forwarded } } : {}) });
    const lastAddress = async () => {
      const row = await t.database.db.selectFrom('audit_events').select('summary').where('action', '=', 'file.content_read').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      return (JSON.parse(row.summary) as { address: string }).address;
    };

    it('believes X-Forwarded-For from a listed proxy, and records the forwarded address', async () => {
      expect((await read('172.16.0.1', '192.168.10.5')).statusCode).toBe(200);
      expect(await lastAddress()).toBe('192.168.10.5');
      expectError(await read('172.16.0.1', OUTSIDE), 403, 'content.outside_environment');
    });

    it('ignores X-Forwarded-For from a socket that is not a listed proxy', async () => {
      expectError(await read(OUTSIDE, '192.168.10.5'), 403, 'content.outside_environment');
      // The proxy's own address is not inside.
      expectError(await read('172.16.0.1'), 403, 'content.outside_environment');
    });

    it('reads an IPv4-mapped IPv6 socket address as the IPv4 address it carries', async () => {
      expect((await read('::ffff:10.1.2.3')).statusCode).toBe(200);
      expect(await lastAddress()).toBe('10.1.2.3');
    });
  });

  describe('a referee the tier does not need', () => {
    let t: TestApp;
    afterAll(async () => t.close());
    it('reads nothing of a package in review, from anywhere, while the DPR reads it from outside', async () => {
      t = await startTestApp(dialect, { environmentNetworks: ['10.0.0.0/8'] });
      const api = packageClient(t, t.world.wp.report);
      const fileId = (await api.add('researcher', 'results/t.csv', 'a,b\n1,2\n')).id;
      const pkg = await api.get('researcher');
      await api.setContext('researcher', { ...COMPLETE_CONTEXT, outputs: { [fileId]: { shows: 'Counts', supportingFileIds: [] } } }, pkg.version);
      expect((await api.transition('researcher', 'submit', (await api.get('researcher')).version)).statusCode).toBe(200);
      await t.services.settle();
      const url = `${api.url}/files/${fileId}/content`;
      expectError(await t.as('referee').get(url, { remoteAddress: INSIDE }), 403, 'content.not_a_reader');
      expectError(await t.as('referee').get(url, { remoteAddress: OUTSIDE }), 403, 'content.not_a_reader');
      expect((await t.as('dpr').get(url, { remoteAddress: OUTSIDE })).statusCode).toBe(200);
    });
  });
});

/** After release (not reachable yet through the workflow): the pure rule against its own table. */
describe('released and revoked packages (the rule alone)', () => {
  const subject = (who: 'researcher' | 'dpr' | 'pm' | 'sysadmin' | 'outsider', status: 'released' | 'revoked'): PackageSubject => ({
    actor: { userId: who, systemRole: who === 'sysadmin' ? 'system_manager' : 'standard' },
    role: who === 'researcher' ? 'researcher' : who === 'dpr' ? 'data_provider_representative' : who === 'pm' ? 'project_manager' : null,
    projectStatus: 'active',
    status,
    isDprOfWorkPackage: who === 'dpr',
    reviewerStanding: who === 'dpr' ? 'dpr' : null,
    isSubmitter: false,
    isAuthor: who === 'researcher',
  });
  const files = {
    'current output': { role: 'output', removed: false, current: true },
    'earlier output version': { role: 'output', removed: false, current: false },
    'supporting file': { role: 'supporting', removed: false, current: true },
    'removed output': { role: 'output', removed: true, current: true },
  } as const;
  // Released: only what was released (current, not removed outputs), for anyone who sees the project, from anywhere; revoked: nothing.
  const RELEASED_READABLE = ['current output'];

  for (const status of ['released', 'revoked'] as const) {
    for (const who of ['researcher', 'dpr', 'pm', 'sysadmin', 'outsider'] as const) {
      for (const inside of [true, false]) {
        it(`answers ${who} ${inside ? 'inside' : 'outside'} for a ${status} package as the table says`, () => {
          for (const [name, file] of Object.entries(files)) {
            const decision = decideContentRead({ subject: subject(who, status), inside, file });
            const want = who === 'outsider' ? 'package.not_found' : status === 'revoked' ? 'content.revoked' : RELEASED_READABLE.includes(name) ? 'allowed' : 'content.not_released';
            expect({ name, got: decision.ok ? 'allowed' : decision.code }).toEqual({ name, got: want });
          }
        });
      }
    }
  }
});
