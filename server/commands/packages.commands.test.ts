/**
 * Egress packages through the commands, on SQLite and PostgreSQL, with the real file blob
 * store and the real job queue: files and versions, names and limits, the removal register,
 * context, the lifecycle with the checks stage, integrity and concurrency.
 */
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackageContext } from '../../common/contracts/packages.contract';
import { verifyAuditChain } from '../db/audit.repository';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../testing/databases';
import { type World, createWorld, snapshotCounts } from '../testing/factories';
import { personIn } from '../testing/world-lifecycle';
import { type TestServices, createTestServices } from '../testing/services';
import type { CommandContext } from './context';
import { changeFileAttributes, deleteFile, ingestFile, reinstateFile, removeTemporarily } from './package-files.commands';
import { changePackageStatus, getFileCheckResult, getPackage, getPackageFile, listPackageFiles, openFileContent, updatePackageContext } from './packages.commands';

const TABLE = 'group,count\nA,25\nB,40\nC,3\n';
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe.each(TEST_DIALECTS)('egress packages on %s', (dialect) => {
  let database: TestDatabase;
  let world: World;
  let services: TestServices;
  let researcher: CommandContext;
  let dpr: CommandContext;
  let pkgId: string;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await createWorld(database.db);
    services = await createTestServices(database, { limits: { maxFileBytes: 1024 * 1024, maxPackageFiles: 50 } });
    researcher = personIn(world, 'researcher').ctx;
    dpr = personIn(world, 'dpr').ctx;
    pkgId = world.wp.report;
  });
  afterEach(async () => {
    await services.close();
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    await database.close();
  });

  const add = (ctx: CommandContext, path: string, content: string | Buffer, extra: { expectedSha256?: string; expectedBytes?: number } = {}) =>
    ingestFile(ctx, services, pkgId, { path, source: 'upload', ...extra }, Readable.from([Buffer.from(content)]));

  const completeContext = async (outputs: PackageContext['outputs'] = {}): Promise<void> => {
    const pkg = await getPackage(researcher, pkgId);
    const context: PackageContext = {
      purpose: 'Figures and tables for the final report',
      recipient: 'The research team',
      destinationKind: 'research_team',
      population: 'Adults registered with a GP in the study area, 2015–2020',
      suppressionThreshold: 10,
      rounding: 'to the nearest 5',
      outputs,
    };
    await updatePackageContext(researcher, pkgId, { context, version: pkg.version });
  };

  describe('files and versions', () => {
    it('records a file with its hash, size, type by content and a suggested category', async () => {
      const { file, version, created } = await add(researcher, 'results/table1.csv', TABLE);
      expect(created).toBe(true);
      expect(file).toMatchObject({ path: 'results/table1.csv', role: 'output', category: 'table', current_version: 1 });
      expect(version).toMatchObject({ number: 1, sha256: sha(TABLE), media_type: 'text/csv', source: 'upload' });
      expect(Number(version.bytes)).toBe(TABLE.length);
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c90000000049454e44ae426082', 'hex');
      const figure = await add(researcher, 'figure.txt', png);
      expect(figure.version.media_type).toBe('image/png');
      expect(figure.file.category).toBe('figure');
    });

    it('keeps every version: new content is version 2, the same content again changes nothing', async () => {
      const first = await add(researcher, 'report.md', '# Draft\n');
      const second = await add(researcher, 'report.md', '# Final\n');
      expect(second).toMatchObject({ created: true, file: { id: first.file.id, current_version: 2 } });
      const again = await add(researcher, 'report.md', '# Final\n');
      expect(again.created).toBe(false);
      const detail = await getPackageFile(researcher, pkgId, first.file.id);
      expect(detail.versions.map((v) => [v.number, v.sha256])).toEqual([
        [2, sha('# Final\n')],
        [1, sha('# Draft\n')],
      ]);
      const { stream } = await openFileContent(researcher, services.blobs, pkgId, first.file.id, 1);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('# Draft\n');
    });

    it('pages through files in path order, each exactly once', async () => {
      for (let i = 0; i < 23; i++) await add(researcher, `f/${String(i).padStart(2, '0')}.txt`, `file ${i}\n`);
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await listPackageFiles(researcher, pkgId, { limit: 10, ...(after ? { after } : {}) });
        expect(page.total).toBe(23);
        seen.push(...page.files.map((f) => f.path));
        after = page.next ?? undefined;
      } while (after);
      expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `f/${String(i).padStart(2, '0')}.txt`));
    });

    const refusals: [string, () => Promise<unknown>, string][] = [
      ['a traversal path', () => add(researcher, '../../etc/passwd', 'x'), 'file.name_invalid'],
      ['an absolute path', () => add(researcher, '/etc/passwd', 'x'), 'file.name_invalid'],
      ['a reserved device name', () => add(researcher, 'out/CON', 'x'), 'file.name_invalid'],
      ['a newline in the name', () => add(researcher, 'a\nb.txt', 'x'), 'file.name_invalid'],
      ['a direction-changing character', () => add(researcher, 'report\u202etxt.exe', 'x'), 'file.name_invalid'],
      ['an empty file', () => add(researcher, 'empty.txt', ''), 'file.empty'],
      ['a file over the size limit', () => add(researcher, 'big.bin', Buffer.alloc(1024 * 1024 + 1, 1)), 'file.too_large'],
      ['a declared size that does not match the bytes', () => add(researcher, 'short.txt', 'abc', { expectedBytes: 10 }), 'file.size_mismatch'],
      ['a declared hash that does not match the bytes', () => add(researcher, 'h.txt', 'abc', { expectedSha256: sha('abd') }), 'file.hash_mismatch'],
      ['an executable program', () => add(researcher, 'tool', Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(64)])), 'file.type_not_allowed'],
      ['a data provider representative adding a file', () => add(dpr, 'x.txt', 'x'), 'workflow.not_allowed'],
      ['someone outside the project', () => add(personIn(world, 'outsider').ctx, 'x.txt', 'x'), 'package.not_found'],
    ];
    for (const [what, attempt, code] of refusals) {
      it(`refuses ${what} with ${code} and changes nothing`, async () => {
        await add(researcher, 'existing.txt', 'kept\n');
        const before = await snapshotCounts(database.db);
        await expect(attempt()).rejects.toMatchObject({ code });
        expect(await snapshotCounts(database.db)).toEqual(before);
      });
    }

    it('refuses a name that differs only in letter case from a file in the package', async () => {
      await add(researcher, 'Results/Table.csv', TABLE);
      await expect(add(researcher, 'results/table.CSV', TABLE)).rejects.toMatchObject({ code: 'file.name_clash' });
    });

    it('refuses a file past the package file limit', async () => {
      for (let i = 0; i < 50; i++) await add(researcher, `n${i}.txt`, `${i}\n`);
      await expect(add(researcher, 'one-more.txt', 'x\n')).rejects.toMatchObject({ code: 'package.too_many_files' });
      // Replacing a file already in the package is still possible.
      await expect(add(researcher, 'n1.txt', 'changed\n')).resolves.toMatchObject({ created: true });
    });

    it('refuses a file when the store is full, leaving no file and no partial blob', async () => {
      await services.close();
      services = await createTestServices(database, { quotaBytes: 100 });
      const before = await snapshotCounts(database.db);
      await expect(add(researcher, 'big.txt', 'y'.repeat(200))).rejects.toMatchObject({ code: 'storage.quota_exceeded' });
      expect(await snapshotCounts(database.db)).toEqual(before);
      expect(await services.blobs.stat(sha('y'.repeat(200)))).toBeUndefined();
    });

    it('changes role and category, and refuses a stale change without losing the first', async () => {
      const { file } = await add(researcher, 'data.csv', TABLE);
      const investigator = personIn(world, 'investigator').ctx;
      const results = await Promise.allSettled([
        changeFileAttributes(researcher, pkgId, file.id, { role: 'supporting', version: file.version }),
        changeFileAttributes(investigator, pkgId, file.id, { category: 'dataset', version: file.version }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'conflict.stale_version' });
      const now = await getPackageFile(researcher, pkgId, file.id);
      expect(now.version).toBe(file.version + 1);
      expect([now.role, now.category]).not.toEqual(['output', 'table']);
    });

    it('takes a file out of the package while keeping its history', async () => {
      const { file } = await add(researcher, 'draft.txt', 'x\n');
      await deleteFile(researcher, pkgId, file.id, { version: file.version });
      expect((await listPackageFiles(researcher, pkgId, {})).total).toBe(0);
      const back = await add(researcher, 'draft.txt', 'y\n');
      expect(back.file).toMatchObject({ id: file.id, current_version: 2 });
    });
  });

  describe('the temporarily-removed register', () => {
    it('removes an item with a reason, keeps it inside, and reinstates a redacted version', async () => {
      const { file } = await add(researcher, 'table2.csv', TABLE);
      const removed = await removeTemporarily(researcher, pkgId, file.id, { reason: 'Cell C is below 10; redaction to be agreed with the DPR', version: file.version });
      let pkg = await getPackage(researcher, pkgId);
      expect(pkg.totals).toMatchObject({ files: 1, outputs: 0, removed: 1 });
      expect(pkg.removals).toEqual([
        expect.objectContaining({ fileId: file.id, path: 'table2.csv', versionNumber: 1, reason: expect.stringContaining('below 10'), removedBy: 'researcher', reinstatedAt: null }),
      ]);
      await expect(removeTemporarily(researcher, pkgId, file.id, { reason: 'again', version: removed.version })).rejects.toMatchObject({ code: 'file.removed' });
      const redacted = await add(researcher, 'table2.csv', 'group,count\nA,25\nB,40\nC,[REDACTED]\n');
      await reinstateFile(researcher, pkgId, file.id, { version: redacted.file.version });
      pkg = await getPackage(researcher, pkgId);
      expect(pkg.totals).toMatchObject({ outputs: 1, removed: 0 });
      expect(pkg.removals[0]).toMatchObject({ reinstatedBy: 'researcher', reinstatedVersion: 2 });
      await expect(reinstateFile(researcher, pkgId, file.id, { version: redacted.file.version + 1 })).rejects.toMatchObject({ code: 'file.not_removed' });
    });

    it('requires a reason', async () => {
      const { file } = await add(researcher, 'x.csv', TABLE);
      await expect(removeTemporarily(researcher, pkgId, file.id, { reason: '  ', version: file.version })).rejects.toMatchObject({ code: 'validation.invalid_input' });
    });
  });

  describe('context', () => {
    it('lists what is missing and accepts a complete context, refusing a stale save', async () => {
      const { file } = await add(researcher, 'table1.csv', TABLE);
      let pkg = await getPackage(researcher, pkgId);
      expect(pkg.missingContext).toEqual(expect.arrayContaining(['the purpose of the egress', expect.stringContaining('table1.csv')]));
      await completeContext({ [file.id]: { shows: 'Counts of patients by group', supportingFileIds: [] } });
      pkg = await getPackage(researcher, pkgId);
      expect(pkg.missingContext).toEqual([]);
      await expect(updatePackageContext(researcher, pkgId, { context: pkg.context, version: pkg.version - 1 })).rejects.toMatchObject({ code: 'conflict.stale_version' });
      await expect(
        updatePackageContext(researcher, pkgId, { context: { ...pkg.context, outputs: { 'no-such-file': { shows: 'x', supportingFileIds: [] } } }, version: pkg.version }),
      ).rejects.toMatchObject({ code: 'file.not_found' });
    });
  });

  describe('lifecycle', () => {
    const submit = async (ctx: CommandContext, action = 'submit') => {
      const pkg = await getPackage(ctx, pkgId);
      return changePackageStatus(ctx, services, pkgId, { action, version: pkg.version });
    };

    it('refuses to submit without an output file, then without complete context', async () => {
      await expect(submit(researcher)).rejects.toMatchObject({ code: 'package.no_output_files' });
      await add(researcher, 'notes.txt', 'Method notes\n');
      await expect(submit(researcher)).rejects.toMatchObject({ code: 'package.context_incomplete' });
      expect((await getPackage(researcher, pkgId)).status).toBe('draft');
    });

    it('runs the checks stage after submission, stores a result per file version, and rechecks only new versions', async () => {
      const table = await add(researcher, 'table1.csv', TABLE);
      await add(researcher, 'notes.txt', 'Contact me at someone@example.org\n');
      await completeContext({ [table.file.id]: { shows: 'Counts by group', supportingFileIds: [] } });
      const submitted = await submit(researcher);
      expect(submitted).toMatchObject({ status: 'checking', reviewTurn: 1 });
      await expect(add(researcher, 'late.txt', 'x\n')).rejects.toMatchObject({ code: 'package.not_editable' });
      await services.settle();
      let pkg = await getPackage(researcher, pkgId);
      expect(pkg.status).toBe('in_review');
      expect(pkg.checks).toMatchObject({ block: 1, review: 1, pending: 0 });
      const tableCheck = await getFileCheckResult(researcher, pkgId, table.file.id);
      expect(tableCheck).toMatchObject({ preset: 'acro', toolVersion: 'test', result: { path: 'table1.csv', verdict: 'block' } });
      expect(tableCheck?.result.findings.some((f) => f.family === 'sdc')).toBe(true);
      const firstCheckedAt = tableCheck?.checkedAt;

      // The researcher who submitted cannot return it; the DPR can.
      await expect(changePackageStatus(researcher, services, pkgId, { action: 'return', comment: 'x', version: pkg.version })).rejects.toMatchObject({ code: 'workflow.not_allowed' });
      await expect(changePackageStatus(dpr, services, pkgId, { action: 'return', version: pkg.version })).rejects.toMatchObject({ code: 'validation.invalid_input' });
      pkg = await changePackageStatus(dpr, services, pkgId, { action: 'return', comment: 'Suppress the count of 3 in table1.csv', version: pkg.version });
      expect(pkg).toMatchObject({ status: 'returned', statusComment: 'Suppress the count of 3 in table1.csv' });

      await add(researcher, 'notes.txt', 'No contact details here\n');
      pkg = await submit(researcher, 'resubmit');
      expect(pkg).toMatchObject({ status: 'checking', reviewTurn: 2 });
      await services.settle();
      pkg = await getPackage(researcher, pkgId);
      expect(pkg).toMatchObject({ status: 'in_review', checks: { block: 1, pass: 1, pending: 0 } });
      expect((await getFileCheckResult(researcher, pkgId, table.file.id))?.checkedAt).toBe(firstCheckedAt);
      const events = await database.db.selectFrom('audit_events').select('action').where('object_id', '=', pkgId).orderBy('seq').execute();
      expect(events.map((e) => e.action).filter((a) => a.startsWith('package.') && !a.includes('file') && !a.includes('context'))).toEqual([
        'package.submitted',
        'package.checks_finished',
        'package.returned',
        'package.resubmitted',
        'package.checks_finished',
      ]);
    });

    it('fails the package when a stored blob no longer matches its hash, audits it, and lets the author team retry', async () => {
      const table = await add(researcher, 'table1.csv', TABLE);
      await completeContext({ [table.file.id]: { shows: 'Counts by group', supportingFileIds: [] } });
      const stored = join(services.root, 'blobs', sha(TABLE).slice(0, 2), sha(TABLE));
      await writeFile(stored, TABLE.replace('25', '26'));
      await submit(researcher);
      await services.settle();
      let pkg = await getPackage(researcher, pkgId);
      expect(pkg).toMatchObject({ status: 'failed', failure: { stage: 'checking', reason: expect.stringContaining('no longer matches its hash') } });
      const integrity = await database.db.selectFrom('audit_events').selectAll().where('action', '=', 'storage.integrity_failure').execute();
      expect(integrity).toHaveLength(1);
      expect(pkg.abilities).toMatchObject({ retry: true });
      await writeFile(stored, TABLE);
      pkg = await changePackageStatus(researcher, services, pkgId, { action: 'retry', version: pkg.version });
      expect(pkg.status).toBe('checking');
      await services.settle();
      expect((await getPackage(researcher, pkgId)).status).toBe('in_review');
    });

    it('fails the package with the last error once the checks job has run out of attempts', async () => {
      const table = await add(researcher, 'table1.csv', TABLE);
      await completeContext({ [table.file.id]: { shows: 'Counts by group', supportingFileIds: [] } });
      // The blob disappears from the store: reading it fails every time (not an integrity error, so the job is retried).
      await rm(join(services.root, 'blobs', sha(TABLE).slice(0, 2), sha(TABLE)));
      await submit(researcher);
      await services.settle();
      const pkg = await getPackage(researcher, pkgId);
      expect(pkg).toMatchObject({ status: 'failed', failure: { stage: 'checking', reason: expect.stringMatching(/^Automated checks failed: .*blob/) } });
      const failed = await database.db.selectFrom('jobs').selectAll().where('queue', '=', 'package.checks').execute();
      expect(failed.map((j) => [j.state, j.attempts])).toEqual([['failed', 3]]);
    });

    it('lets exactly one of two simultaneous submissions through', async () => {
      const table = await add(researcher, 'table1.csv', TABLE);
      await completeContext({ [table.file.id]: { shows: 'Counts by group', supportingFileIds: [] } });
      const { version } = await getPackage(researcher, pkgId);
      const investigator = personIn(world, 'investigator').ctx;
      const results = await Promise.allSettled([
        changePackageStatus(researcher, services, pkgId, { action: 'submit', version }),
        changePackageStatus(investigator, services, pkgId, { action: 'submit', version }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toMatch(/conflict.stale_version|workflow.invalid_transition/);
      await services.settle();
    });

    it('withdraws a draft for good', async () => {
      const pkg = await changePackageStatus(researcher, services, pkgId, { action: 'withdraw', version: 1 });
      expect(pkg.status).toBe('withdrawn');
      await expect(add(researcher, 'x.txt', 'x')).rejects.toMatchObject({ code: 'package.not_editable' });
    });
  });
});
