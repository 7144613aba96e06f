/**
 * Benchmark: ingesting many small files into one package of a real server (`egress serve
 * --demo`, SQLite and file blob store under a temp DATA_DIR) with one `egress push DIR`, next to
 * `cp -r` and `sha256sum` of every file (find … -exec sha256sum {} +) measured in the same run;
 * then how fast the package page's data loads: GET /api/v1/packages/:id and the first page of
 * files (GET …/files?limit=100, as the web UI asks), and a page from the middle of the list,
 * each the median of 20 requests with the researcher's session cookie.
 *
 * The files: --files N (default 10,000) CSV-like text files of 1–100 KiB (uniform), each with its
 * own first line so no two are alike, in 10 × 10 nested folders.
 *
 *   node --import tsx bench/small-files.bench.ts [--files 10000] [--keep]
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type BenchServer, loadNow, median, startBenchServer } from './bench-server';
import { type Measured, mbPerSecond, measure } from './measure';

const at = process.argv.indexOf('--files');
const fileCount = at > 0 ? Number(process.argv[at + 1]) : 10_000;
const REQUESTS = 20;

/** A small deterministic generator (mulberry32), so every run makes the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the files; answers their total size. */
function generate(dir: string, count: number): number {
  const next = random(42);
  const lines: string[] = ['region,age_band,sex,count,rate'];
  const regions = ['North East', 'North West', 'Yorkshire', 'East Midlands', 'West Midlands', 'London', 'South East', 'South West'];
  for (let i = 0; lines.join('\n').length < 220 * 1024; i++) {
    lines.push(`${regions[i % regions.length]},${(i % 9) * 10}-${(i % 9) * 10 + 9},${i % 2 ? 'F' : 'M'},${(i * 37) % 5000},${((i * 7919) % 1000) / 10}`);
  }
  const body = Buffer.from(lines.join('\n'));
  let total = 0;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `group-${String(Math.floor(i / 1000) % 10)}`, `batch-${String(Math.floor(i / 100) % 10)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const size = 1024 + Math.floor(next() * 99 * 1024);
    const head = Buffer.from(`# table ${i}\n`);
    const start = Math.floor(next() * (body.length - size));
    const content = Buffer.concat([head, body.subarray(start, start + size - head.length)]);
    writeFileSync(join(folder, `table-${String(i).padStart(5, '0')}.csv`), content);
    total += content.length;
  }
  return total;
}

const flush = () => spawnSync('sync');

/** Median wall time (ms) of `times` sequential GETs, after one warm-up; checks each answers 200. */
async function timeGets(server: BenchServer, path: string, times: number): Promise<{ medianMs: number; maxMs: number; body: string }> {
  let body = (await server.get(path)).body;
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    const answer = await server.get(path);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 200)}`);
    body = answer.body;
  }
  return { medianMs: median(ms), maxMs: Math.max(...ms), body };
}

/**
 * `egress push DIR` under GNU time (wall time, peak RSS), noting when each "uploaded" line
 * arrives, so the rate at the start and at the end of the push can be compared.
 */
async function pushTimed(server: BenchServer, folder: string): Promise<{ measured: Measured; uploadedAt: number[] }> {
  const script = 'exec node "$0" push "$1" --package "$2" --server "$3" --token-stdin < "$4"';
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M', 'sh', '-c', script, egress, folder, server.packageId, server.url, server.tokenFile], {
    env: { ...process.env, EGRESS_CONFIG_DIR: join(root, 'cli-config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const uploadedAt: number[] = [];
  const out: string[] = [];
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line.startsWith('uploaded ')) uploadedAt.push(Number(process.hrtime.bigint() - started) / 1e9);
    out.push(line);
  });
  const [status] = (await once(child, 'close')) as [number | null];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakKb = Number(err.trim().split('\n').pop());
  return { measured: { seconds, peakMb: peakKb / 1024, status, stdout: out.join('\n') }, uploadedAt };
}

/** Files per second between the n-th and m-th uploaded file. */
const rateBetween = (at: number[], from: number, to: number) => (to - from) / ((at[to - 1] as number) - (at[from - 1] as number));

const root = mkdtempSync(join(tmpdir(), 'egress-small-files-bench-'));
const dir = join(root, 'outputs');
const egress = join(process.cwd(), 'bin', 'egress.js');
const loadAtStart = loadNow();
let server: BenchServer | undefined;
try {
  const bytes = generate(dir, fileCount);
  flush();
  server = await startBenchServer(root);
  const rows: { name: string; m: Measured; server?: { peakMb: number; cpuSeconds: number; systemSeconds: number }; load: string }[] = [];
  const run = (name: string, command: string, args: string[]) => {
    const load = loadNow();
    const m = measure(command, args);
    if (m.status !== 0) throw new Error(`${name} failed (${m.status})`);
    rows.push({ name, m, load });
    flush();
  };
  run('cp -r', 'cp', ['-r', dir, join(root, 'copy')]);
  rmSync(join(root, 'copy'), { recursive: true });
  flush();
  run('find … -exec sha256sum {} +', 'sh', ['-c', 'find "$0" -type f -exec sha256sum {} + > /dev/null', dir]);

  server.resetPeak();
  const before = server.usage();
  const load = loadNow();
  const { measured: push, uploadedAt } = await pushTimed(server, dir);
  const after = server.usage();
  const summary = push.stdout.trim().split('\n').pop() ?? '';
  if (push.status !== 0 || !summary.includes(`${fileCount} uploaded`)) throw new Error(`egress push failed (${push.status}): ${summary}`);
  rows.push({ name: 'egress push DIR', m: push, server: { peakMb: after.peakMb, cpuSeconds: after.cpuSeconds - before.cpuSeconds, systemSeconds: after.systemSeconds - before.systemSeconds }, load });

  // The package page: the package, then its first page of files; and a page from the middle.
  const pkgPath = `/api/v1/packages/${server.packageId}`;
  const pkg = await timeGets(server, pkgPath, REQUESTS);
  const totals = (JSON.parse(pkg.body) as { totals?: { files?: number } }).totals;
  const firstPage = await timeGets(server, `${pkgPath}/files?limit=100`, REQUESTS);
  const listed = JSON.parse(firstPage.body) as { files: unknown[]; total?: number };
  if (listed.files.length !== Math.min(100, fileCount)) throw new Error(`the first page holds ${listed.files.length} files`);
  let after500: string | null = null;
  for (let seen = 0; seen < fileCount / 2; seen += 500) {
    const page = JSON.parse((await server.get(`${pkgPath}/files?limit=500${after500 ? `&after=${encodeURIComponent(after500)}` : ''}`)).body) as { next: string | null };
    after500 = page.next;
  }
  const middle = await timeGets(server, `${pkgPath}/files?limit=100&after=${encodeURIComponent(after500 ?? '')}`, REQUESTS);

  console.log(`Files: ${fileCount} generated CSV files, 1–100 KiB, ${(bytes / 1024 / 1024).toFixed(0)} MiB in all; nproc ${spawnSync('nproc').stdout.toString().trim()}; load at start ${loadAtStart}`);
  console.log('| command | wall time | files/s | throughput | peak RSS (command) | server peak RSS | server CPU (of it system) | load (1, 5, 15 min) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.m.seconds.toFixed(2)} s | ${(fileCount / r.m.seconds).toFixed(0)} | ${mbPerSecond(bytes, r.m.seconds).toFixed(1)} MiB/s | ${r.m.peakMb.toFixed(0)} MB | ${r.server ? `${r.server.peakMb.toFixed(0)} MB` : '–'} | ${r.server ? `${r.server.cpuSeconds.toFixed(1)} s (${r.server.systemSeconds.toFixed(1)} s)` : '–'} | ${r.load} |`,
    );
  }
  if (uploadedAt.length >= 2000) {
    const n = uploadedAt.length;
    console.log(
      `\negress push rate: files 1–1000 ${rateBetween(uploadedAt, 1, 1000).toFixed(1)} files/s; files ${n - 999}–${n} ${rateBetween(uploadedAt, n - 999, n).toFixed(1)} files/s (first file after ${uploadedAt[0]?.toFixed(2)} s: start-up and walk)`,
    );
  }
  console.log(`\nPackage totals after the push: ${JSON.stringify(totals)}; list total ${listed.total ?? '?'}; push summary: ${summary}`);
  console.log(`| request (median of ${REQUESTS}, session cookie) | median | slowest |`);
  console.log('|---|---|---|');
  console.log(`| GET /api/v1/packages/:id | ${pkg.medianMs.toFixed(1)} ms | ${pkg.maxMs.toFixed(1)} ms |`);
  console.log(`| GET /api/v1/packages/:id/files?limit=100 (first page) | ${firstPage.medianMs.toFixed(1)} ms | ${firstPage.maxMs.toFixed(1)} ms |`);
  console.log(`| GET …/files?limit=100&after=<file ${fileCount / 2}> (middle page) | ${middle.medianMs.toFixed(1)} ms | ${middle.maxMs.toFixed(1)} ms |`);
  const pageMs = pkg.medianMs + firstPage.medianMs;
  console.log(`\nPackage + first page of files: ${pageMs.toFixed(1)} ms (target under 300 ms: ${pageMs < 300 ? 'met' : 'NOT met'}); load at end ${loadNow()}`);
} finally {
  await server?.stop();
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}
