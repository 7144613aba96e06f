/**
 * Benchmark: the review of a package of 10,000 output files (issue 10, Benchmarks): the review
 * summary (GET /api/v1/packages/:id/review, server time through `app.inject`, response schema
 * and serialisation included) before and after a reviewer decided on every file, one decision
 * (POST …/files/:fileId/review), the approval panel (GET …/approval: every guard's facts and the
 * content digest), the content digest alone (loadContentDigest: the manifest hash the sign-offs
 * are bound to) and the package page's data (GET …/:id), medians of repeated runs, on SQLite (a
 * database file in a temporary folder, WAL, as `npm start` runs) and on PostgreSQL when
 * TEST_DATABASE_URL is set. Each figure is printed with every run's time, so a slow run shows.
 *
 * The package's rows are written straight into the database (a benchmark, not a test): the
 * commands would take minutes to ingest and check 10,000 files.
 *
 *   node --import tsx bench/review.bench.ts [--files 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContentDigest } from '../server/commands/content-digest.queries';
import { newId } from '../server/db/ids';
import { TEST_DIALECTS } from '../server/testing/databases';
import { startTestApp } from '../server/http/app.testing';

const FILES = Number(process.argv[process.argv.indexOf('--files') + 1]) || 10_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

/** Median and every run, e.g. `12.3 ms (runs 12.1 12.3 14.0)`. */
const report = (xs: number[]) => `${median(xs).toFixed(1)} ms (runs ${xs.map((x) => x.toFixed(1)).join(' ')})`;
async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await work();
    times.push(ms(started));
  }
  return times;
}

for (const dialect of TEST_DIALECTS) {
  const folder = mkdtempSync(join(tmpdir(), 'egress-review-bench-'));
  const t = await startTestApp(dialect, dialect === 'sqlite' ? { sqliteFile: join(folder, 'egress.db') } : {});
  const db = t.database.db;
  const pkgId = t.world.wp.report;
  const researcher = t.world.users.researcher?.id as string;
  const at = new Date(t.world.clock.now().getTime() + 1000).toISOString();
  const files = Array.from({ length: FILES }, (_, i) => ({ id: newId(), versionId: newId(), path: `results/t${String(i).padStart(5, '0')}.csv` }));
  for (let i = 0; i < files.length; i += 500) {
    const chunk = files.slice(i, i + 500);
    await db
      .insertInto('package_files')
      .values(
        chunk.map((f) => ({
          id: f.id,
          package_id: pkgId,
          path: f.path,
          path_key: f.path,
          role: 'output',
          category: 'table',
          current_version: 1,
          bytes: 100,
          removed: 0,
          deleted_at: null,
          version: 1,
          created_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('file_versions')
      .values(
        chunk.map((f) => ({
          id: f.versionId,
          file_id: f.id,
          package_id: pkgId,
          number: 1,
          sha256: newId().replaceAll('-', '').padEnd(64, '0'),
          bytes: 100,
          media_type: 'text/csv',
          source: 'upload',
          source_path: null,
          source_mtime_ms: null,
          note: null,
          created_by: researcher,
          created_at: at,
          origin_address: null,
        })),
      )
      .execute();
  }
  await db.updateTable('packages').set({ status: 'in_review', review_turn: 1, submitted_by: researcher, submitted_at: at, file_count: FILES }).where('id', '=', pkgId).execute();
  await db.insertInto('package_authors').values({ package_id: pkgId, user_id: researcher, reason: 'submitted', first_at: at }).execute();
  await t.signInAll('dpr', 'researcher');

  const summary = async (key: string) => {
    const times: number[] = [];
    for (let run = 0; run < 7; run += 1) {
      const started = process.hrtime.bigint();
      const res = await t.as(key).get(`/api/v1/packages/${pkgId}/review`);
      times.push(ms(started));
      if (res.statusCode !== 200) throw new Error(res.body);
    }
    return median(times);
  };
  const before = await summary('dpr');
  const decisions: number[] = [];
  for (let i = 0; i < 41; i += 1) {
    const f = files[(i * 241) % files.length] as (typeof files)[number];
    const started = process.hrtime.bigint();
    const res = await t.as('dpr').post(`/api/v1/packages/${pkgId}/files/${f.id}/review`, { fileVersionId: f.versionId, decision: 'request_changes', reasonCode: 'small_counts' });
    decisions.push(ms(started));
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  // Every other file decided by the reviewer, straight into the table; then one more decision and the submission.
  const dpr = t.world.users.dpr?.id as string;
  const decided = new Set((await db.selectFrom('file_reviews').select('file_id').where('package_id', '=', pkgId).execute()).map((r) => r.file_id));
  const rest = files.filter((f) => !decided.has(f.id));
  for (let i = 0; i < rest.length; i += 500) {
    await db
      .insertInto('file_reviews')
      .values(
        rest.slice(i, i + 500).map((f) => ({
          id: newId(),
          package_id: pkgId,
          file_id: f.id,
          file_version_id: f.versionId,
          turn: 1,
          reviewer_id: dpr,
          decision: 'approve',
          reason_code: null,
          comment: '',
          decided_at: at,
          carried_from: null,
          superseded_at: null,
        })),
      )
      .execute();
  }
  let started = process.hrtime.bigint();
  const changed = await t.as('dpr').post(`/api/v1/packages/${pkgId}/files/${files[7]?.id}/review`, { fileVersionId: files[7]?.versionId, decision: 'must_not_leave', reasonCode: 'identifiers' });
  const oneMore = ms(started);
  if (changed.statusCode !== 200) throw new Error(changed.body);
  started = process.hrtime.bigint();
  const submitted = await t.as('dpr').post(`/api/v1/packages/${pkgId}/review-submissions`, {});
  const submitMs = ms(started);
  if (submitted.statusCode !== 201) throw new Error(submitted.body);
  const afterReviewer = await summary('dpr');
  const afterAuthor = await summary('researcher');
  const ok = (res: { statusCode: number; body: string }) => {
    if (res.statusCode !== 200) throw new Error(res.body);
  };
  const approvalPanel = await timed(7, async () => ok(await t.as('dpr').get(`/api/v1/packages/${pkgId}/approval`)));
  const pkgRow = await db.selectFrom('packages').selectAll().where('id', '=', pkgId).executeTakeFirstOrThrow();
  const digest = await timed(7, () => loadContentDigest(db, pkgRow));
  // The floor beside the digest: the bare query of the same rows (paths and hashes of current versions), nothing hashed.
  const bareQuery = await timed(7, () =>
    db
      .selectFrom('package_files')
      .innerJoin('file_versions', 'file_versions.file_id', 'package_files.id')
      .select(['package_files.path', 'file_versions.sha256'])
      .where('package_files.package_id', '=', pkgId)
      .execute(),
  );
  const packagePage = await timed(7, async () => ok(await t.as('researcher').get(`/api/v1/packages/${pkgId}`)));
  process.stdout.write(
    `${dialect}: approval panel ${report(approvalPanel)} · content digest ${report(digest)} (peer: the bare query of its rows ${report(bareQuery)}) · package page ${report(packagePage)}\n`,
  );
  process.stdout.write(
    `${dialect}: ${FILES} files · review summary ${before.toFixed(0)} ms (nothing decided) · ${afterReviewer.toFixed(0)} ms (reviewer, every file decided and submitted) · ${afterAuthor.toFixed(0)} ms (author) · decision median ${median(decisions).toFixed(1)} ms (max ${Math.max(...decisions).toFixed(1)}) · a changed decision beside ${FILES} decided files ${oneMore.toFixed(1)} ms · submission (with its summary) ${submitMs.toFixed(0)} ms\n`,
  );
  await t.close();
  rmSync(folder, { recursive: true, force: true });
}
