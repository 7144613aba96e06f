/**
 * After classification, a newer output file version asks the classifiers to confirm their
 * opinion (issue 10 §2), and an egress classification is given with the package's findings in
 * view: an answer that contradicts them needs an explanation (issue 10 §4). Through the
 * commands, on SQLite and PostgreSQL; every refusal changes nothing.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, pathFor, snapshotCounts } from '../testing/factories';
import { COMPLETE_CONTEXT } from '../testing/package-context';
import { type TestServices, createTestServices } from '../testing/services';
import { personIn, worldLifecycle } from '../testing/world-lifecycle';
import { reopenClassification, submitOpinion } from './classification.commands';
import type { CommandContext } from './context';
import { confirmOpinion } from './opinion-confirmations.commands';
import { loadOpinionsToConfirm } from './opinion-confirmations.queries';
import { ingestFile } from './package-files.commands';
import { changePackageStatus, getPackage, updatePackageContext } from './packages.commands';
import { getWorkPackageDetail } from './work-packages.queries';
import { codeOf } from '../testing/refusals';

const TABLE = 'group,count\nA,25\nB,40\nC,35\n';
const CONTACTS = 'name,contact\nAda,ada.lovelace@example.org\nAlan,alan.turing@example.org\nGrace,grace.hopper@example.org\n';
const MINUTE = 60_000;
/** Tier 0 by "no" to every question (docs/design.md §3.2): no new personal data, no personal input, nothing commercial, no competitive harm. */
const NOTHING_PERSONAL = ['open_generate_new', 'closed_personal', 'include_commercial', 'open_publication'].map((question) => ({ question, version: 1, answer: false }));

describe.each(TEST_DIALECTS)('confirming opinions and the findings in view on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;

  const as = (key: string): CommandContext => personIn(world, key).ctx;
  const idOf = (key: string) => personIn(world, key).id;
  const wpId = () => world.wp.report;
  const detail = (key = 'investigator') => getWorkPackageDetail(as(key), wpId());
  const classify = (key: string, tier: number) => submitOpinion(as(key), wpId(), { path: pathFor(tier) });
  const upload = (path: string, content: string) => ingestFile(as('researcher'), services, wpId(), { path, source: 'upload' }, Readable.from([Buffer.from(content)]));
  const refusedUnchanged = async (work: () => Promise<unknown>, code: string) => {
    const before = await snapshotCounts(world.db);
    expect(await codeOf(work())).toBe(code);
    expect(await snapshotCounts(world.db)).toEqual(before);
  };

  beforeEach(async () => {
    world = await life.open();
    services = await createTestServices(life.database());
  });
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  describe('a new file version after classification', () => {
    // The draft package keeps taking new versions, so the test needs no review turn.
    beforeEach(async () => {
      await upload('results/table1.csv', TABLE);
      world.clock.advance(MINUTE);
      await classify('investigator', 1);
      world.clock.advance(MINUTE);
      await classify('dpr', 1);
      expect((await detail()).workPackage.status).toBe('classified');
    });

    it('needs no confirmation while every opinion is newer than the files', async () => {
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([]);
      expect((await detail()).confirmationsNeeded).toEqual([]);
      await refusedUnchanged(() => confirmOpinion(as('investigator'), wpId(), {}), 'classification.nothing_to_confirm');
    });

    it('asks every classifier to confirm after a new version, clears each confirmation in turn, and asks again after the next version', async () => {
      world.clock.advance(MINUTE);
      await upload('results/table1.csv', 'group,count\nA,30\nB,40\nC,35\n');
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([idOf('investigator'), idOf('dpr')]);
      const needed = await detail('researcher');
      expect(needed.confirmationsNeeded).toEqual([
        { userId: idOf('investigator'), name: 'investigator' },
        { userId: idOf('dpr'), name: 'dpr' },
      ]);
      expect(needed.abilities.confirmOpinion).toBe(false);
      expect((await detail('dpr')).abilities.confirmOpinion).toBe(true);

      world.clock.advance(MINUTE);
      await confirmOpinion(as('investigator'), wpId(), {});
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([idOf('dpr')]);
      const event = await world.db.selectFrom('audit_events').selectAll().where('action', '=', 'classification.opinion_confirmed').executeTakeFirstOrThrow();
      expect(event).toMatchObject({ actor_id: idOf('investigator'), object_id: wpId(), project_id: world.projectId });
      expect(JSON.parse(event.summary)).toEqual({ round: 1 });
      await confirmOpinion(as('dpr'), wpId(), {});
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([]);

      // Nothing earlier is deleted: the next version asks again, and the confirmations stay.
      world.clock.advance(MINUTE);
      await upload('results/figure.txt', 'A figure caption\n');
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([idOf('investigator'), idOf('dpr')]);
      expect(await world.db.selectFrom('opinion_confirmations').select('classifier_id').execute()).toHaveLength(2);
      // The opinions themselves are untouched: the work package stays classified at tier 1.
      expect((await detail()).workPackage).toMatchObject({ status: 'classified', tier: 1 });
    });

    it('refuses a confirmation from someone who is not a classifier, and from a classifier who needs none, changing nothing', async () => {
      world.clock.advance(MINUTE);
      await upload('results/table1.csv', 'group,count\nA,30\nB,40\nC,35\n');
      await refusedUnchanged(() => confirmOpinion(as('researcher'), wpId(), {}), 'classification.not_a_classifier');
      await refusedUnchanged(() => confirmOpinion(as('outsider'), wpId(), {}), 'work_package.not_found');
      await refusedUnchanged(() => confirmOpinion(as('investigator'), wpId(), { note: 'extra' }), 'validation.invalid_input');
      await confirmOpinion(as('investigator'), wpId(), {});
      await refusedUnchanged(() => confirmOpinion(as('investigator'), wpId(), {}), 'classification.nothing_to_confirm');
    });

    it('revising is reopening: after a reopen nobody must confirm, and confirming is refused until classified again', async () => {
      world.clock.advance(MINUTE);
      await upload('results/table1.csv', 'group,count\nA,30\nB,40\nC,35\n');
      await reopenClassification(as('dpr'), wpId(), { reason: 'The table changed; I want to answer again', version: (await detail()).workPackage.version });
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([]);
      await refusedUnchanged(() => confirmOpinion(as('dpr'), wpId(), {}), 'work_package.not_classified');
      world.clock.advance(MINUTE);
      await classify('investigator', 1);
      await classify('dpr', 1);
      expect(await loadOpinionsToConfirm(world.db, wpId())).toEqual([]);
    });
  });

  describe('the findings in view of an egress classification', () => {
    /** Adds a table with e-mail addresses, submits the package and lets the checks find them. */
    beforeEach(async () => {
      const researcher = as('researcher');
      const version = async () => (await getPackage(researcher, wpId())).version;
      const file = (await upload('results/contacts.csv', CONTACTS)).file.id;
      await updatePackageContext(researcher, wpId(), { version: await version(), context: { ...COMPLETE_CONTEXT, outputs: { [file]: { shows: 'Who to contact', supportingFileIds: [] } } } });
      await changePackageStatus(researcher, services, wpId(), { action: 'submit', version: await version() });
      await services.settle();
    });

    it('shows a classifier the number of files per finding family, without any value', async () => {
      const findings = (await detail('dpr')).findingsInView;
      expect(findings?.unchecked).toBe(0);
      expect(findings?.families).toContainEqual({ family: 'pii', files: 1, description: '1 file contains personal identifiers (such as e-mail addresses or identity numbers)' });
      expect(JSON.stringify(findings)).not.toContain('example.org');
      expect(findings?.contradictions.map((c) => c.question).sort()).toEqual(['closed_personal', 'open_generate_new']);
      expect((await getWorkPackageDetail(as('investigator'), world.wp.ingress)).findingsInView).toBeNull();
    });

    it('refuses an answer of "no personal data" without an explanation, listing the contradicted findings, and changes nothing', async () => {
      const before = await snapshotCounts(world.db);
      const error = await submitOpinion(as('investigator'), wpId(), { path: NOTHING_PERSONAL }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'classification.explanation_required' });
      const { contradictions } = (error as { details: { contradictions: { question: string; families: string[]; message: string }[] } }).details;
      expect(contradictions.map((c) => [c.question, c.families])).toEqual([
        ['open_generate_new', ['pii']],
        ['closed_personal', ['pii']],
      ]);
      expect(contradictions[1]?.message).toBe('1 file contains personal identifiers (such as e-mail addresses or identity numbers), yet you answered that no input is personal data');
      expect(await snapshotCounts(world.db)).toEqual(before);
    });

    it('records the explanation with the opinion, audits that one was given, and shows it once the others have classified', async () => {
      const explanation = 'The addresses are the study team’s own work contacts, published on the project website';
      await submitOpinion(as('investigator'), wpId(), { path: NOTHING_PERSONAL, explanation });
      expect((await detail('investigator')).myOpinion?.explanation).toBe(explanation);
      const event = await world.db.selectFrom('audit_events').selectAll().where('action', '=', 'opinion.submitted').executeTakeFirstOrThrow();
      expect(JSON.parse(event.summary)).toMatchObject({ role: 'investigator', round: 1, explained: true });
      expect(event.summary).not.toContain('website');
      // Blind until the DPR has given theirs.
      expect((await detail('dpr')).opinions).toBeNull();
      await submitOpinion(as('dpr'), wpId(), { path: pathFor(3) });
      const seen = (await detail('dpr')).opinions?.find((o) => o.classifierId === idOf('investigator'));
      expect(seen?.explanation).toBe(explanation);
    });

    it('accepts answers the findings do not contradict without an explanation', async () => {
      // Tier 1 by N,Y,Y,Y,Y,Y: "no new personal data" contradicts the e-mail addresses…
      expect(await codeOf(submitOpinion(as('investigator'), wpId(), { path: pathFor(1) }))).toBe('classification.explanation_required');
      // …while tier 3 by "yes, the work creates new personal data" contradicts nothing.
      await submitOpinion(as('investigator'), wpId(), { path: pathFor(3) });
      expect((await detail('investigator')).myOpinion).toMatchObject({ tier: 3, explanation: null });
    });
  });
});
