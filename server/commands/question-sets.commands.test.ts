/**
 * Importing question sets and new versions of them: versions pinned per question, invalid
 * graphs refused with every problem listed, and only system managers may import.
 * Runs on SQLite and on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { personIn, worldScopes } from '../testing/world-lifecycle';
import type { PathStep, QuestionSetDefinition } from '../../common/contracts/question-sets.contract';
import { TURING_QUESTION_SET } from '../domain/classification/turing.question-set';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { submitOpinion } from './classification.commands';
import { addDataset, addParticipant, createProject } from './projects.commands';
import { getQuestionSet, importQuestionSet } from './question-sets.commands';

const MINI: QuestionSetDefinition = {
  name: 'mini',
  title: 'Mini classification',
  description: 'Two questions.',
  questions: [
    { id: 'personal', version: 1, text: 'Is there personal data?', guidance: 'Including pseudonymised data.', yes: { tier: 3 }, no: { question: 'public' } },
    { id: 'public', version: 1, text: 'Is everything already public?', guidance: '', yes: { tier: 0 }, no: { tier: 1 } },
  ],
};

/** MINI with one question replaced. */
const withQuestion = (id: string, change: Partial<QuestionSetDefinition['questions'][number]>): QuestionSetDefinition => ({
  ...MINI,
  questions: MINI.questions.map((q) => (q.id === id ? { ...q, ...change } : q)),
});

describe.each(TEST_DIALECTS)('question set commands on %s', (dialect) => {
  let world: World;
  worldScopes(dialect, (w) => {
    world = w;
  }).freshWorldPerTest();

  const person = (key: string) => personIn(world, key);
  const importAs = (key: string, set: unknown) => importQuestionSet(person(key).ctx, set);
  const refused = async (action: () => Promise<unknown>, code: string) => {
    const before = await snapshotCounts(world.db);
    const error = await action().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'DomainError', code });
    expect(await snapshotCounts(world.db)).toEqual(before);
    return error as { details?: { problems?: string[] } };
  };

  it('imports a new set as version 1 and records the import', async () => {
    const set = await importAs('sysadmin', MINI);
    expect(set).toMatchObject({ name: 'mini', title: 'Mini classification', version: 1, start: 'personal', createdAt: '2026-11-27T09:00:00.000Z' });
    expect(set.questions.map((q) => [q.id, q.version])).toEqual([
      ['personal', 1],
      ['public', 1],
    ]);
    expect(await getQuestionSet(person('investigator').ctx, 'mini')).toEqual(set);
    const audit = await world.db.selectFrom('audit_events').selectAll().where('action', '=', 'question_set.imported').execute();
    expect(audit).toMatchObject([{ actor_id: person('sysadmin').id, object_type: 'question_set', object_id: set.id }]);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toEqual({ name: 'mini', version: 1, questions: 2 });
  });

  it('imports a changed set whose changed questions carry a higher version as version 2, keeping version 1', async () => {
    const first = await importAs('sysadmin', MINI);
    const second = await importAs('sysadmin', withQuestion('public', { text: 'Is all of it published under an open licence?', version: 2 }));
    expect(second).toMatchObject({ name: 'mini', version: 2 });
    expect(second.id).not.toBe(first.id);
    expect(second.questions.map((q) => [q.id, q.version])).toEqual([
      ['personal', 1],
      ['public', 2],
    ]);
    expect((await getQuestionSet(world.system, 'mini')).version).toBe(2);
    expect(await getQuestionSet(world.system, first.id)).toEqual(first);
  });

  it('imports a set that adds a question as the next version', async () => {
    await importAs('sysadmin', MINI);
    const grown: QuestionSetDefinition = {
      ...MINI,
      questions: [
        { ...(MINI.questions[0] as QuestionSetDefinition['questions'][number]), version: 2, no: { question: 'commercial' } },
        { id: 'commercial', version: 1, text: 'Any commercial secrets?', guidance: '', yes: { tier: 2 }, no: { question: 'public' } },
        MINI.questions[1] as QuestionSetDefinition['questions'][number],
      ],
    };
    expect(await importAs('sysadmin', grown)).toMatchObject({ version: 2, start: 'personal' });
  });

  it.each<[string, Partial<QuestionSetDefinition['questions'][number]>]>([
    ['its text', { text: 'Is every part of it public?' }],
    ['its guidance', { guidance: 'Published with an open licence.' }],
    ['a branch', { no: { tier: 2 } }],
  ])('refuses a question whose %s changed without a version bump with question_set.invalid', async (_what, change) => {
    await importAs('sysadmin', MINI);
    const error = await refused(() => importAs('sysadmin', withQuestion('public', change)), 'question_set.invalid');
    expect(error.details?.problems).toEqual(['question "public" changed but its version is still 1; use 2']);
  });

  it('refuses a version bump on a question that did not change with question_set.invalid', async () => {
    await importAs('sysadmin', MINI);
    const bumped = withQuestion('personal', { version: 2 });
    const error = await refused(() => importAs('sysadmin', bumped), 'question_set.invalid');
    expect(error.details?.problems).toEqual(['question "personal" did not change; keep version 1']);
  });

  it('refuses an identical re-import with question_set.exists', async () => {
    await importAs('sysadmin', MINI);
    await refused(() => importAs('sysadmin', structuredClone(MINI)), 'question_set.exists');
  });

  it('refuses a set with a cycle with question_set.invalid and stores nothing', async () => {
    const cyclic: QuestionSetDefinition = {
      name: 'loop',
      title: 'Loop',
      description: '',
      questions: [
        { id: 'a', version: 1, text: 'A?', guidance: '', yes: { question: 'b' }, no: { tier: 0 } },
        { id: 'b', version: 1, text: 'B?', guidance: '', yes: { question: 'c' }, no: { tier: 1 } },
        { id: 'c', version: 1, text: 'C?', guidance: '', yes: { question: 'b' }, no: { tier: 2 } },
      ],
    };
    const error = await refused(() => importAs('sysadmin', cyclic), 'question_set.invalid');
    expect(error.details?.problems).toEqual(['cycle: b → c → b']);
    const everyNodePointedTo = { ...cyclic, questions: cyclic.questions.map((q) => (q.id === 'c' ? { ...q, yes: { question: 'a' } } : q)) };
    const second = await refused(() => importAs('sysadmin', everyNodePointedTo), 'question_set.invalid');
    expect(second.details?.problems).toEqual(['no start question: every question is pointed to by another (the graph has a cycle)']);
    expect(await world.db.selectFrom('question_sets').select('name').where('name', '=', 'loop').execute()).toEqual([]);
  });

  it('refuses a set that does not match the format with question_set.invalid listing the problems', async () => {
    const error = await refused(() => importAs('sysadmin', { ...MINI, name: 'Mini Set', questions: [] }), 'question_set.invalid');
    expect(error.details?.problems).toHaveLength(2);
  });

  it.each(['programme', 'investigator', 'outsider'])('refuses an import by the %s with auth.forbidden', async (key) => {
    await refused(() => importAs(key, MINI), 'auth.forbidden');
  });

  it('lets the system actor (the CLI) import', async () => {
    expect(await importQuestionSet(world.system, MINI)).toMatchObject({ version: 1 });
  });

  it('gives new projects the newest version while existing projects keep answering the version they started with', async () => {
    const v2 = await importAs('sysadmin', {
      ...TURING_QUESTION_SET,
      questions: TURING_QUESTION_SET.questions.map((q) => (q.id === 'substantial_threat' ? { ...q, text: `${q.text} (revised)`, version: 2 } : q)),
    });
    expect(v2).toMatchObject({ name: 'turing', version: 2 });
    const project = await createProject(person('programme').ctx, { name: 'Newer project', environmentTier: 4 });
    expect(project.question_set_id).toBe(v2.id);
    await addParticipant(world.system, project.id, { email: person('investigator').email, role: 'investigator' });
    // A work package is classified only with a represented dataset.
    await addParticipant(world.system, project.id, { email: person('dpr').email, role: 'data_provider_representative' });
    await addDataset(world.system, project.id, { name: 'Dataset N', providerName: 'Provider N', representativeUserId: person('dpr').id });
    const newReport = await world.db.selectFrom('work_packages').select('id').where('project_id', '=', project.id).where('kind', '=', 'egress_report').executeTakeFirstOrThrow();
    const oldPath = pathFor(4);
    const newPath: PathStep[] = oldPath.map((s) => (s.question === 'substantial_threat' ? { ...s, version: 2 } : s));
    const investigator = person('investigator').ctx;
    await expect(submitOpinion(investigator, newReport.id, { path: oldPath })).rejects.toMatchObject({ code: 'classification.invalid_path' });
    await submitOpinion(investigator, newReport.id, { path: newPath });
    await expect(submitOpinion(investigator, world.wp.report, { path: newPath })).rejects.toMatchObject({ code: 'classification.invalid_path' });
    await submitOpinion(investigator, world.wp.report, { path: oldPath });
    const stored = await world.db.selectFrom('opinions').select(['work_package_id', 'question_set_id', 'tier']).execute();
    expect(stored.map((o) => [o.work_package_id === world.wp.report ? 'old' : 'new', o.question_set_id, Number(o.tier)]).sort()).toEqual([
      ['new', v2.id, 4],
      ['old', 'qs-turing-1', 4],
    ]);
  });
});
