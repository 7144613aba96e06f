/** The quick start's demo data: what `npm start` creates on an empty database, once, on every dialect. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit.repository';
import { manualClock } from '../ports/clock';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { systemActor } from './context';
import { seedDemo } from './demo.commands';
import { signIn } from './sessions.commands';
import { SECOND_FACTOR_OPTIONAL } from '../domain/identity/second-factor-policy';
import { DEFAULT_SIGN_IN_LIMITS } from '../domain/identity/sign-in-limits';

/** The demo leaves the second factor optional. */
const POLICY = { secondFactor: SECOND_FACTOR_OPTIONAL, signInLimits: DEFAULT_SIGN_IN_LIMITS };

const LIMITS = { idleMinutes: 30, absoluteHours: 12 };

describe.each(TEST_DIALECTS)('demo data on %s', (dialect) => {
  let database: TestDatabase;
  const ctx = () => ({ db: database.db, clock: manualClock(new Date('2026-11-27T09:00:00Z')), actor: systemActor('demo setup') });
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => database.close());

  it('creates one account per role, each able to sign in with its own password', async () => {
    const accounts = await seedDemo(ctx());
    expect(accounts.map((a) => (a.systemRole === 'standard' ? a.projectRole : a.systemRole))).toEqual([
      'system_manager',
      'programme_manager',
      'investigator',
      'researcher',
      'data_provider_representative',
      'referee',
      'project_manager',
    ]);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(accounts.length);
    for (const account of accounts) {
      expect(account.password.length).toBeGreaterThanOrEqual(12);
      const session = await signIn(ctx(), { email: account.email, password: account.password }, LIMITS, POLICY);
      expect(session.user).toMatchObject({ email: account.email, systemRole: account.systemRole });
    }
    const other = accounts[1]?.password as string;
    await expect(signIn(ctx(), { email: accounts[0]?.email, password: other }, LIMITS, POLICY)).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
  });

  it('creates a project with its participants, a dataset with its representative and the three default work packages', async () => {
    const accounts = await seedDemo(ctx());
    const db = database.db;
    const projects = await db.selectFrom('projects').selectAll().execute();
    expect(projects).toHaveLength(1);
    const projectId = projects[0]?.id as string;
    const participants = await db
      .selectFrom('participants')
      .innerJoin('users', 'users.id', 'participants.user_id')
      .select(['users.email', 'participants.role'])
      .where('participants.project_id', '=', projectId)
      .where('participants.removed_at', 'is', null)
      .execute();
    const expected = accounts.filter((a) => a.projectRole).map((a) => ({ email: a.email, role: a.projectRole }));
    expect(participants.map((p) => ({ email: p.email, role: p.role })).sort((a, b) => a.email.localeCompare(b.email))).toEqual(expected.sort((a, b) => a.email.localeCompare(b.email)));
    const dataset = await db.selectFrom('datasets').innerJoin('users', 'users.id', 'datasets.representative_user_id').select(['datasets.id', 'users.email']).executeTakeFirstOrThrow();
    expect(dataset.email).toBe('dpr@example.org');
    const workPackages = await db.selectFrom('work_packages').select(['id', 'kind', 'status', 'tier']).where('project_id', '=', projectId).execute();
    expect(workPackages.map((w) => w.kind).sort()).toEqual(['egress_handover', 'egress_report', 'ingress']);
    expect(workPackages.every((w) => w.tier === null)).toBe(true);
    const usingDataset = await db.selectFrom('work_package_datasets').select('work_package_id').where('dataset_id', '=', dataset.id).execute();
    expect(usingDataset).toHaveLength(3);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('does nothing on a database that already has users, so a restart never adds a second demo', async () => {
    await seedDemo(ctx());
    const count = async () => ({
      users: (await database.db.selectFrom('users').select('id').execute()).length,
      projects: (await database.db.selectFrom('projects').select('id').execute()).length,
      audit: (await database.db.selectFrom('audit_events').select('seq').execute()).length,
    });
    const before = await count();
    expect(await seedDemo(ctx())).toEqual([]);
    expect(await count()).toEqual(before);
  });
});
