/**
 * Reviewing a package through the real commands, on SQLite and PostgreSQL (issue 10 §4, §6):
 * who may decide (never the author team, nor a former researcher who now represents a dataset),
 * stale versions refused with nothing changed, decisions superseded with history kept,
 * submitting a review once every output has a decision, the independent phase (reviewer A does
 * not see B's decisions or private comments until A submits; authors never see private
 * comments), decisions carried into the next turn only for unchanged files, the review progress
 * the approval guards read, comments kept as text and retracted without being deleted, and the
 * agreed outcome of a temporarily removed item.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDataset, addParticipant, removeParticipant } from './projects.commands';
import { TEST_DIALECTS } from '../testing/databases';
import { type World, snapshotCounts } from '../testing/factories';
import { COMPLETE_CONTEXT } from '../testing/package-context';
import { type TestServices, createTestServices } from '../testing/services';
import { addSecondDataset, participantIdOf, personIn, worldLifecycle } from '../testing/world-lifecycle';
import { addComment, listPackageComments, recordRemovalOutcome, retractComment } from './comments.commands';
import type { CommandContext } from './context';
import { ingestFile, reinstateFile, removeTemporarily } from './package-files.commands';
import { loadPackageFor } from './package-access';
import { changePackageStatus, getPackage, getPackageFile, updatePackageContext } from './packages.commands';
import { loadReviewProgress } from './review-progress.queries';
import { decideFile, submitReview } from './review.commands';
import { getReviewSummary } from './review.queries';
import { codeOf } from '../testing/refusals';

const TABLE = 'group,count\nA,25\nB,40\n';

describe.each(TEST_DIALECTS)('reviewing a package on %s', (dialect) => {
  const life = worldLifecycle(dialect);
  let world: World;
  let services: TestServices;
  let pkgId: string;
  /** Output files a and b, the supporting file, and output c (temporarily removed before submission). */
  let files: { a: string; b: string; behind: string; c: string };

  const as = (key: string): CommandContext => personIn(world, key).ctx;
  const idOf = (key: string) => personIn(world, key).id;
  const versionOf = async (id = pkgId) => (await getPackage(as('researcher'), id)).version;
  const currentOf = async (fileId: string) => (await getPackageFile(as('researcher'), pkgId, fileId)).current.id;
  const add = async (author: CommandContext, id: string, path: string, content: string, role?: 'supporting') =>
    (await ingestFile(author, services, id, { path, source: 'upload', ...(role ? { role } : {}) }, Readable.from([Buffer.from(content)]))).file.id;
  /** Each step a second after the previous one (the clock is manual), so that order by time is the order of the test. */
  const tick = () => world.clock.advance(1000);
  const decide = async (key: string, fileId: string, decision: string, extra: Record<string, unknown> = {}) => {
    tick();
    return decideFile(as(key), pkgId, fileId, { fileVersionId: await currentOf(fileId), decision, ...(decision === 'approve' ? {} : { reasonCode: 'small_counts' }), ...extra });
  };
  const post = (key: string, input: Record<string, unknown>) => {
    tick();
    return addComment(as(key), pkgId, input);
  };
  const submitAs = (key: string, input: Record<string, unknown> = {}) => {
    tick();
    return submitReview(as(key), pkgId, input);
  };
  const rows = () => world.db.selectFrom('file_reviews').selectAll().orderBy('decided_at').orderBy('id').execute();
  /** Completes the context for every output and submits (or resubmits) as the researcher, then lets the checks finish. */
  const submit = async (id: string, action: 'submit' | 'resubmit', outputs: string[], author = as('researcher')) => {
    const context = { ...COMPLETE_CONTEXT, outputs: Object.fromEntries(outputs.map((f) => [f, { shows: 'Counts by group', supportingFileIds: [] }])) };
    await updatePackageContext(author, id, { version: await versionOf(id), context });
    await changePackageStatus(author, services, id, { action, version: await versionOf(id) });
    await services.settle();
  };
  const returnPackage = async () => changePackageStatus(as('dpr'), services, pkgId, { action: 'return', version: await versionOf(), comment: 'Round the counts' });

  beforeEach(async () => {
    world = await life.open();
    services = await createTestServices(life.database());
    // A second reviewer: the representative of a second dataset of the work package.
    await addSecondDataset(world);
    pkgId = world.wp.report;
    const researcher = as('researcher');
    files = {
      a: await add(researcher, pkgId, 'results/a.csv', TABLE),
      b: await add(researcher, pkgId, 'results/b.csv', TABLE.replace('25', '35')),
      behind: await add(researcher, pkgId, 'data/behind.csv', TABLE.replace('25', '45'), 'supporting'),
      c: await add(researcher, pkgId, 'results/c.csv', TABLE.replace('25', '55')),
    };
    const c = await getPackageFile(researcher, pkgId, files.c);
    await removeTemporarily(researcher, pkgId, files.c, { version: c.version, reason: 'Tier 2 until redacted' });
    await submit(pkgId, 'submit', [files.a, files.b]);
    expect((await getPackage(researcher, pkgId)).status).toBe('in_review');
  }, 60_000);
  afterEach(async () => {
    await services.close();
    await life.close();
  });

  it('refuses decisions by the author team, a former researcher who now represents a dataset, managers, a referee the tier does not need and outsiders, changing nothing', async () => {
    // The handover package: "former" is a researcher while it is a draft, then represents Dataset C, then it is submitted.
    const former = await world.addPerson('former', { projectRole: 'researcher' });
    tick();
    await removeParticipant(world.system, world.projectId, await participantIdOf(world, 'former'));
    await addParticipant(world.system, world.projectId, { email: former.email, role: 'data_provider_representative' });
    await addDataset(world.system, world.projectId, { name: 'Dataset C', providerName: 'Provider C', representativeUserId: former.id });
    const table = await add(as('researcher'), world.wp.handover, 'results/t.csv', TABLE);
    await submit(world.wp.handover, 'submit', [table]);
    const fileVersionId = (await getPackageFile(as('researcher'), world.wp.handover, table)).current.id;
    // Without the author team, "former" would review it: a DPR of its datasets since before it was submitted.
    expect((await loadPackageFor(world.db, world.wp.handover, as('former').actor)).subject).toMatchObject({ reviewerStanding: 'dpr', isAuthor: true });
    const before = await snapshotCounts(world.db);
    const cases: [string, string][] = [
      ['researcher', 'package.self_review'],
      ['investigator', 'package.self_review'],
      ['former', 'package.self_review'],
      ['pm', 'review.not_a_reviewer'],
      ['programme', 'review.not_a_reviewer'],
      ['referee', 'review.not_a_reviewer'],
      ['outsider', 'package.not_found'],
    ];
    for (const [key, code] of cases) {
      expect(await codeOf(decideFile(as(key), world.wp.handover, table, { fileVersionId, decision: 'approve' })), key).toBe(code);
      expect(await codeOf(submitReview(as(key), world.wp.handover, {})), key).toBe(code);
      expect((await getReviewSummary(as(key), world.wp.handover).catch(() => null))?.abilities.decide ?? false, key).toBe(false);
    }
    expect(await snapshotCounts(world.db)).toEqual(before);
    // The representative of the package's datasets who never was an author decides.
    expect(await decideFile(as('dpr'), world.wp.handover, table, { fileVersionId, decision: 'approve' })).toMatchObject({ decision: { decision: 'approve' } });
  }, 60_000);

  it('refuses a version that is no longer current, a supporting file, a removed file, a missing or needless reason and bad notes, changing nothing', async () => {
    const staleVersion = await currentOf(files.a);
    await returnPackage();
    // The authors put c back and change a; the package comes back for a second turn.
    await reinstateFile(as('researcher'), pkgId, files.c, { version: (await getPackageFile(as('researcher'), pkgId, files.c)).version });
    await add(as('researcher'), pkgId, 'results/a.csv', TABLE.replace('40', '45'));
    const b = await getPackageFile(as('researcher'), pkgId, files.b);
    await removeTemporarily(as('researcher'), pkgId, files.b, { version: b.version, reason: 'Now tier 2' });
    await submit(pkgId, 'resubmit', [files.a, files.c]);
    const before = await snapshotCounts(world.db);
    const decisions = await rows();
    const cases: [() => Promise<unknown>, string][] = [
      [async () => decideFile(as('dpr'), pkgId, files.a, { fileVersionId: staleVersion, decision: 'approve' }), 'review.stale_file_version'],
      [async () => decide('dpr', files.behind, 'approve'), 'review.supporting_file'],
      [async () => decide('dpr', files.b, 'approve'), 'file.removed'],
      [async () => decideFile(as('dpr'), pkgId, files.a, { fileVersionId: await currentOf(files.c), decision: 'approve' }), 'file.not_found'],
      [async () => decideFile(as('dpr'), pkgId, files.a, { fileVersionId: await currentOf(files.a), decision: 'must_not_leave' }), 'review.reason_required'],
      [async () => decide('dpr', files.a, 'approve', { reasonCode: 'other' }), 'validation.invalid_input'],
      [async () => decide('dpr', files.a, 'approve', { decision: 'maybe' }), 'validation.invalid_input'],
      [async () => decide('dpr', files.a, 'request_changes', { comment: 'bell \u0007 here' }), 'comment.invalid_characters'],
      [async () => decide('dpr', files.a, 'request_changes', { comment: 'x'.repeat(10_001) }), 'comment.too_long'],
    ];
    for (const [work, code] of cases) expect(await codeOf(work()), code).toBe(code);
    expect(await snapshotCounts(world.db)).toEqual(before);
    expect(await rows()).toEqual(decisions);
    const stale = await codeOf(decideFile(as('dpr'), pkgId, files.a, { fileVersionId: staleVersion, decision: 'approve' }));
    expect(stale).toBe('review.stale_file_version');
  }, 60_000);

  it('keeps every decision: a later one supersedes the earlier, and the audit records decision and reason, never the note', async () => {
    await decide('dpr', files.a, 'request_changes', { comment: 'Row B is fine, row A is too small' });
    const second = await decide('dpr', files.a, 'approve', { comment: 'On reflection, fine' });
    expect(second).toMatchObject({ superseded: true, turn: 1, decision: { decision: 'approve', reasonCode: null, comment: 'On reflection, fine', carried: false } });
    const [first, latest] = await rows();
    expect(first).toMatchObject({ decision: 'request_changes', reason_code: 'small_counts', comment: 'Row B is fine, row A is too small', reviewer_id: idOf('dpr'), turn: 1 });
    expect(first?.superseded_at).not.toBeNull();
    expect(latest).toMatchObject({ decision: 'approve', superseded_at: null });
    const events = await world.db.selectFrom('audit_events').select(['summary', 'actor_id']).where('action', '=', 'file.review_decided').orderBy('seq').execute();
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]?.summary ?? '{}')).toMatchObject({ fileId: files.a, decision: 'approve', reasonCode: null, previous: { decision: 'request_changes', reasonCode: 'small_counts' } });
    for (const e of events) expect(e.summary).not.toMatch(/too small|reflection/);
  }, 60_000);

  it('submits a review once every output has a decision, once per turn, and then refuses changes', async () => {
    await decide('dpr', files.a, 'approve');
    const before = await snapshotCounts(world.db);
    const incomplete = await submitReview(as('dpr'), pkgId, {}).catch((e: { code: string; details: unknown }) => e);
    expect(incomplete).toMatchObject({ code: 'review.incomplete', details: { remaining: 1, files: 2 } });
    expect(await codeOf(submitReview(as('dpr'), pkgId, { version: (await versionOf()) + 1 }))).toBe('conflict.stale_version');
    expect(await snapshotCounts(world.db)).toEqual(before);
    await decide('dpr', files.b, 'request_changes');
    expect((await getReviewSummary(as('dpr'), pkgId)).abilities).toMatchObject({ decide: true, submitReview: true });
    await submitReview(as('dpr'), pkgId, { version: await versionOf() });
    const event = await world.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.review_submitted').executeTakeFirstOrThrow();
    expect(JSON.parse(event.summary)).toEqual({ turn: 1, files: 2, decisions: { approve: 1, request_changes: 1 } });
    const after = await snapshotCounts(world.db);
    expect(await codeOf(submitReview(as('dpr'), pkgId, {}))).toBe('review.already_submitted');
    expect(await codeOf(decide('dpr', files.a, 'request_changes'))).toBe('review.already_submitted');
    expect(await snapshotCounts(world.db)).toEqual(after);
    const summary = await getReviewSummary(as('dpr'), pkgId);
    expect(summary).toMatchObject({ submittedAt: expect.any(String), abilities: { decide: false, submitReview: false }, counts: { needDecision: 2, decidedByMe: 2, remainingForMe: 0 } });
  }, 60_000);

  it('keeps each reviewer independent until they submit, and never shows private comments or decisions to the authors', async () => {
    await decide('dpr', files.a, 'approve');
    await decide('dpr', files.b, 'approve');
    await post('dpr', { subjectType: 'file', subjectId: files.a, visibility: 'private', body: 'A looks safe to me' });
    await post('dpr', { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: 'Thanks, reviewing now' });

    // dpr2 has not submitted: nothing of dpr's review shows, not even once dpr submits.
    await submitAs('dpr');
    let seen = await getReviewSummary(as('dpr2'), pkgId);
    expect(seen).toMatchObject({ reviewer: true, independent: true, counts: { outcomes: null }, submissions: { count: 1, reviewers: null } });
    expect(seen.files.every((f) => f.outcome === null && f.decisions === null && f.myDecision === null)).toBe(true);
    let comments = await listPackageComments(as('dpr2'), pkgId, {});
    expect(comments.comments.map((c) => c.body)).toEqual(['Thanks, reviewing now']);
    expect(comments.hiddenUntilSubmitted).toBe(1);

    // dpr2 decides differently and comments privately; dpr (submitted) sees the comment, but not dpr2's unsubmitted decisions.
    await decide('dpr2', files.a, 'request_changes', { comment: 'Rows under 10' });
    await decide('dpr2', files.b, 'approve');
    await post('dpr2', { subjectType: 'file', subjectId: files.a, visibility: 'private', body: 'A has small counts' });
    const dprView = await getReviewSummary(as('dpr'), pkgId);
    expect(dprView.files.find((f) => f.fileId === files.a)).toMatchObject({ outcome: 'approved', decisions: [{ reviewerId: idOf('dpr'), decision: 'approve' }] });
    expect((await listPackageComments(as('dpr'), pkgId, {})).comments.map((c) => c.body)).toEqual(['A looks safe to me', 'Thanks, reviewing now', 'A has small counts']);

    await submitAs('dpr2');
    seen = await getReviewSummary(as('dpr2'), pkgId);
    expect(seen).toMatchObject({ independent: false, counts: { outcomes: { approved: 1, conflicted: 1 } }, submissions: { count: 2 } });
    expect(seen.submissions.reviewers?.map((r) => r.name)).toEqual(['dpr', 'dpr2']);
    const a = seen.files.find((f) => f.fileId === files.a);
    expect(a).toMatchObject({ outcome: 'conflicted', myDecision: { decision: 'request_changes', comment: 'Rows under 10' } });
    expect(a?.decisions?.map((d) => [d.reviewerId, d.decision])).toEqual([
      [idOf('dpr'), 'approve'],
      [idOf('dpr2'), 'request_changes'],
    ]);
    comments = await listPackageComments(as('dpr2'), pkgId, {});
    expect(comments.comments).toHaveLength(3);
    expect(comments.hiddenUntilSubmitted).toBe(0);

    // The authors: no decisions nor private comments, and no outcome while in review.
    for (const key of ['researcher', 'investigator', 'pm']) {
      const view = await getReviewSummary(as(key), pkgId);
      expect(view, key).toMatchObject({ reviewer: false, counts: { outcomes: null }, submissions: { count: 2, reviewers: null } });
      expect(
        view.files.every((f) => f.outcome === null && f.decisions === null),
        key,
      ).toBe(true);
      expect(
        (await listPackageComments(as(key), pkgId, {})).comments.map((c) => c.body),
        key,
      ).toEqual(['Thanks, reviewing now']);
    }
    // Once returned, the authors see the outcomes, a disagreement reading as changes requested.
    await returnPackage();
    const returned = await getReviewSummary(as('researcher'), pkgId);
    expect(returned.files.find((f) => f.fileId === files.a)).toMatchObject({ outcome: 'changes_requested', decisions: null });
    expect(returned.submissions.reviewers?.map((r) => r.name)).toEqual(['dpr', 'dpr2']);
    expect((await listPackageComments(as('researcher'), pkgId, { turn: 1, visibility: 'public' })).comments.map((c) => c.body)).toEqual(['Thanks, reviewing now']);
  }, 60_000);

  it('derives the progress the approval guards read from submitted reviews only', async () => {
    const pkg = async () => world.db.selectFrom('packages').selectAll().where('id', '=', pkgId).executeTakeFirstOrThrow();
    const outcomes = async () => Object.fromEntries((await loadReviewProgress(world.db, await pkg())).files.map((f) => [f.fileId, [f.outcome, f.approvals]]));
    await decide('dpr', files.a, 'approve');
    await decide('dpr', files.b, 'must_not_leave');
    // Not submitted yet: nothing counts.
    expect(await outcomes()).toEqual({ [files.a]: ['incomplete', 0], [files.b]: ['incomplete', 0], [files.behind]: ['incomplete', 0], [files.c]: ['incomplete', 0] });
    await submitAs('dpr');
    expect(await outcomes()).toMatchObject({ [files.a]: ['approved', 1], [files.b]: ['must_not_leave', 0], [files.behind]: ['incomplete', 0], [files.c]: ['incomplete', 0] });
    await decide('dpr2', files.a, 'approve');
    await decide('dpr2', files.b, 'request_changes');
    await submitAs('dpr2');
    const progress = await loadReviewProgress(world.db, await pkg());
    expect(progress.turn).toBe(1);
    expect(progress.submittedReviewers).toEqual([idOf('dpr'), idOf('dpr2')]);
    expect(await outcomes()).toMatchObject({ [files.a]: ['approved', 2], [files.b]: ['must_not_leave', 0] });
  }, 60_000);

  it('carries decisions into the next turn only for files whose content did not change', async () => {
    await decide('dpr', files.a, 'approve');
    await decide('dpr', files.b, 'request_changes', { comment: 'Round B' });
    await submitAs('dpr');
    await decide('dpr2', files.a, 'approve');
    await returnPackage();
    // b gets new content; a is uploaded again with the same bytes (nothing changes).
    await add(as('researcher'), pkgId, 'results/b.csv', TABLE.replace('25', '30'));
    await add(as('researcher'), pkgId, 'results/a.csv', TABLE);
    await submit(pkgId, 'resubmit', [files.a, files.b]);
    const turn2 = (await rows()).filter((r) => r.turn === 2);
    expect(turn2.map((r) => [r.reviewer_id, r.file_id, r.decision, r.file_version_id]).sort()).toEqual(
      [
        [idOf('dpr'), files.a, 'approve', await currentOf(files.a)],
        [idOf('dpr2'), files.a, 'approve', await currentOf(files.a)],
      ].sort(),
    );
    expect(turn2.every((r) => r.carried_from !== null)).toBe(true);
    const event = await world.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.review_decisions_carried').executeTakeFirstOrThrow();
    expect(JSON.parse(event.summary)).toEqual({ turn: 2, decisions: 2, files: 1, previousDecisions: 3 });
    const summary = await getReviewSummary(as('dpr'), pkgId);
    expect(summary).toMatchObject({ turn: 2, submittedAt: null, independent: true, counts: { needDecision: 2, decidedByMe: 1, remainingForMe: 1 } });
    expect(summary.files.find((f) => f.fileId === files.a)?.myDecision).toMatchObject({ decision: 'approve', carried: true });
    // Carried decisions still need a submitted review of the new turn; they can be changed until then.
    await decide('dpr', files.a, 'request_changes');
    await decide('dpr', files.b, 'approve');
    await submitAs('dpr');
  }, 60_000);

  it('keeps comments as the text written, refuses bad ones with stable codes and retracts without deleting', async () => {
    const script = '<script>alert("x")</script><img src=x onerror=alert(1)> **bold**';
    const comment = await post('dpr', { subjectType: 'file', subjectId: files.a, visibility: 'public', body: script });
    expect(comment).toMatchObject({ body: script, turn: 1, authorName: 'dpr', mine: true, retractedAt: null });
    expect((await listPackageComments(as('researcher'), pkgId, { subjectType: 'file', subjectId: files.a })).comments.map((c) => c.body)).toEqual([script]);
    const reply = await post('researcher', { subjectType: 'file', subjectId: files.a, visibility: 'public', body: 'We will round it' });
    await post('pm', { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: 'Noted' });

    const before = await snapshotCounts(world.db);
    const refusals: [() => Promise<unknown>, string][] = [
      [async () => addComment(as('researcher'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'private', body: 'psst' }), 'comment.private_not_allowed'],
      [async () => addComment(as('pm'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'private', body: 'psst' }), 'comment.private_not_allowed'],
      [async () => addComment(as('sysadmin'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: 'hi' }), 'comment.not_allowed'],
      [async () => addComment(as('outsider'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: 'hi' }), 'package.not_found'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: '  \n ' }), 'comment.empty'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: 'nul \u0000 here' }), 'comment.invalid_characters'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'package', subjectId: pkgId, visibility: 'public', body: 'x'.repeat(10_001) }), 'comment.too_long'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'package', subjectId: files.a, visibility: 'public', body: 'hi' }), 'comment.subject_not_found'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'file', subjectId: 'no-such-file', visibility: 'public', body: 'hi' }), 'comment.subject_not_found'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'removal', subjectId: files.c, visibility: 'public', body: 'hi' }), 'comment.subject_not_found'],
      [async () => addComment(as('dpr'), pkgId, { subjectType: 'file', subjectId: files.a, visibility: 'secret', body: 'hi' }), 'validation.invalid_input'],
      [async () => retractComment(as('researcher'), pkgId, comment.id), 'comment.not_yours'],
      [async () => retractComment(as('dpr'), pkgId, 'no-such-comment'), 'comment.not_found'],
    ];
    for (const [work, code] of refusals) expect(await codeOf(work()), code).toBe(code);
    expect(await snapshotCounts(world.db)).toEqual(before);

    const retracted = await retractComment(as('dpr'), pkgId, comment.id);
    expect(retracted).toMatchObject({ id: comment.id, body: null, authorName: 'dpr', retractedAt: expect.any(String) });
    expect(await codeOf(retractComment(as('dpr'), pkgId, comment.id))).toBe('comment.retracted');
    const listed = (await listPackageComments(as('researcher'), pkgId, { subjectType: 'file', subjectId: files.a })).comments;
    expect(listed.map((c) => [c.id, c.body, c.retractedAt !== null])).toEqual([
      [comment.id, null, true],
      [reply.id, 'We will round it', false],
    ]);
    // Kept whole in the database; the audit log never holds a body.
    const row = await world.db.selectFrom('package_comments').selectAll().where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ body: script, retracted_by: idOf('dpr') });
    const events = await world.db.selectFrom('audit_events').select(['action', 'summary']).where('action', 'in', ['package.comment_added', 'package.comment_retracted']).execute();
    expect(events.map((e) => e.action).sort()).toEqual(['package.comment_added', 'package.comment_added', 'package.comment_added', 'package.comment_retracted']);
    for (const e of events) expect(e.summary).not.toMatch(/script|round it|Noted/);
  }, 60_000);

  it('records the agreed outcome of a removed item, discussed in its thread by the investigator and the DPRs', async () => {
    const removal = (await getPackage(as('researcher'), pkgId)).removals[0];
    if (!removal) throw new Error('no removal');
    await post('investigator', { subjectType: 'removal', subjectId: removal.id, visibility: 'public', body: 'Could we blur the small cells?' });
    await post('dpr', { subjectType: 'removal', subjectId: removal.id, visibility: 'public', body: 'Yes, then reinstate it' });
    expect((await listPackageComments(as('dpr2'), pkgId, { subjectType: 'removal', subjectId: removal.id })).comments).toHaveLength(2);

    const before = await snapshotCounts(world.db);
    const version = await versionOf();
    const refusals: [() => Promise<unknown>, string][] = [
      [async () => recordRemovalOutcome(as('researcher'), pkgId, removal.id, { outcome: 'keep_inside', version }), 'removal.not_allowed'],
      [async () => recordRemovalOutcome(as('pm'), pkgId, removal.id, { outcome: 'keep_inside', version }), 'removal.not_allowed'],
      [async () => recordRemovalOutcome(as('dpr'), pkgId, removal.id, { outcome: 'publish_anyway', version }), 'validation.invalid_input'],
      [async () => recordRemovalOutcome(as('dpr'), pkgId, 'no-such-removal', { outcome: 'keep_inside', version }), 'removal.not_found'],
      [async () => recordRemovalOutcome(as('dpr'), pkgId, removal.id, { outcome: 'keep_inside', version: version + 1 }), 'conflict.stale_version'],
    ];
    for (const [work, code] of refusals) expect(await codeOf(work()), code).toBe(code);
    expect(await snapshotCounts(world.db)).toEqual(before);

    const recorded = await recordRemovalOutcome(as('investigator'), pkgId, removal.id, { outcome: 'reinstate_after_redaction', version });
    expect(recorded).toMatchObject({ removalId: removal.id, fileId: files.c, outcome: 'reinstate_after_redaction', outcomeBy: idOf('investigator'), version: version + 1 });
    await recordRemovalOutcome(as('dpr'), pkgId, removal.id, { outcome: 'keep_inside', version: version + 1 });
    expect((await getPackage(as('researcher'), pkgId)).removals[0]).toMatchObject({ outcome: 'keep_inside', outcomeBy: 'dpr', outcomeAt: expect.any(String) });
    const events = await world.db.selectFrom('audit_events').select('summary').where('action', '=', 'package.removal_outcome_recorded').orderBy('seq').execute();
    expect(events.map((e) => JSON.parse(e.summary))).toEqual([
      { removalId: removal.id, fileId: files.c, outcome: 'reinstate_after_redaction', previous: null },
      { removalId: removal.id, fileId: files.c, outcome: 'keep_inside', previous: 'reinstate_after_redaction' },
    ]);

    // Once reinstated, the item is off the register: no outcome any more.
    await returnPackage();
    await reinstateFile(as('researcher'), pkgId, files.c, { version: (await getPackageFile(as('researcher'), pkgId, files.c)).version });
    const after = await snapshotCounts(world.db);
    expect(await codeOf(recordRemovalOutcome(as('dpr'), pkgId, removal.id, { outcome: 'keep_inside', version: await versionOf() }))).toBe('removal.reinstated');
    expect(await snapshotCounts(world.db)).toEqual(after);
  }, 60_000);
});
