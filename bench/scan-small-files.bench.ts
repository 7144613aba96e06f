/**
 * Benchmark: `egress scan DIR --json` over many small mixed files, next to
 * `LC_ALL=C grep -r -c -E '<email pattern>' DIR` and `sha256sum` of every file
 * (find … -exec sha256sum {} +) in the same run; and the start-up time of scanning one 1 KB text
 * file (median of 5 runs) next to `node -e 0` (the Node floor) and `grep -c x`.
 *
 * The files (--files N, default 10,000), in 10 × 10 nested folders, one kind in turn:
 * CSV tables of counts (1–20 KiB), plain text with an email address in every fifth file
 * (1–20 KiB), JSON records (1–20 KiB), Markdown with a table (1–10 KiB), and small PNG images
 * made in code (16–64 px square). Each file is distinct.
 *
 * `egress` runs from the bundle in dist/cli when it is current (`npm install` builds it; after an
 * edit, `npm run build:cli`), otherwise from the sources through tsx; the benchmark prints which.
 *
 *   node --import tsx bench/scan-small-files.bench.ts [--files 10000] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { bundleIsCurrent } from '../bin/bundle.js';
import { loadNow, median } from './bench-server';
import { type Measured, mbPerSecond, measure } from './measure';

const at = process.argv.indexOf('--files');
const fileCount = at > 0 ? Number(process.argv[at + 1]) : 10_000;
const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';

/** mulberry32: the same files every run. */
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

const REGIONS = ['North East', 'North West', 'Yorkshire', 'East Midlands', 'West Midlands', 'London', 'South East', 'South West'];
const WORDS = 'the cohort was followed for admissions with respiratory conditions and the rates were compared across areas and years using the linked readings'.split(' ');

/** Repeats `line(i)` until the text reaches `bytes`. */
function fill(first: string, bytes: number, line: (i: number) => string): string {
  const parts = [first];
  let size = first.length;
  for (let i = 0; size < bytes; i++) {
    const next = line(i);
    parts.push(next);
    size += next.length + 1;
  }
  return parts.join('\n');
}

/** A PNG of `side` × `side` RGB pixels (a gradient that depends on `n`). */
function png(side: number, n: number): Buffer {
  const raw = Buffer.alloc((side * 3 + 1) * side);
  for (let y = 0; y < side; y++) {
    const row = y * (side * 3 + 1);
    for (let x = 0; x < side; x++) raw.set([(x * 7 + n) & 255, (y * 5 + n * 3) & 255, (x * y + n) & 255], row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Writes the mixed files; answers their total size and how many of each kind. */
function generate(dir: string, count: number): { bytes: number; kinds: Record<string, number> } {
  const next = random(7);
  const kinds: Record<string, number> = { csv: 0, txt: 0, json: 0, md: 0, png: 0 };
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `part-${Math.floor(i / 1000) % 10}`, `set-${Math.floor(i / 100) % 10}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const size = (max: number) => 1024 + Math.floor(next() * (max - 1) * 1024);
    const kind = (['csv', 'txt', 'json', 'md', 'png'] as const)[i % 5] as string;
    let content: Buffer;
    if (kind === 'csv') {
      content = Buffer.from(
        fill(
          `region,age_band,sex,year,count # table ${i}`,
          size(20),
          (k) => `${REGIONS[k % 8]},${(k % 9) * 10}-${(k % 9) * 10 + 9},${k % 2 ? 'F' : 'M'},${2019 + (k % 6)},${10 + ((k * 37 + i) % 4000)}`,
        ),
      );
    } else if (kind === 'txt') {
      const email = i % 25 === 1 ? ` Contact person${i}@example.org for the extract.` : '';
      content = Buffer.from(fill(`Notes on run ${i}.${email}`, size(20), (k) => `${WORDS.slice(k % 9, (k % 9) + 12).join(' ')} (${k}).`));
    } else if (kind === 'json') {
      const records = fill(`[{"table":${i}}`, size(20) - 1, (k) => `,{"region":"${REGIONS[k % 8]}","year":${2019 + (k % 6)},"count":${10 + ((k * 31 + i) % 4000)}}`);
      content = Buffer.from(`${records.replace(/\n/g, '')}]`);
    } else if (kind === 'md') {
      content = Buffer.from(
        fill(
          `# Output ${i}\n\nSummary of the admissions analysis.\n\n| region | year | count |\n|---|---|---|`,
          size(10),
          (k) => `| ${REGIONS[k % 8]} | ${2019 + (k % 6)} | ${10 + ((k * 13 + i) % 4000)} |`,
        ),
      );
    } else {
      content = png(16 + Math.floor(next() * 49), i);
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    writeFileSync(join(folder, `output-${String(i).padStart(5, '0')}.${kind}`), content);
    bytes += content.length;
  }
  return { bytes, kinds };
}

const flush = () => spawnSync('sync');
/** Whether bin/egress.js runs the bundle right now (bin/bundle.js decides, as for every run). */
const fromBundle = bundleIsCurrent;
const root = mkdtempSync(join(tmpdir(), 'egress-scan-small-bench-'));
const dir = join(root, 'outputs');
const egress = join(process.cwd(), 'bin', 'egress.js');
const loadAtStart = loadNow();
try {
  const { bytes, kinds } = generate(dir, fileCount);
  flush();
  const rows: { name: string; m: Measured; load: string }[] = [];
  const run = (name: string, command: string, args: string[], ok: number[] = [0], env: Record<string, string> = {}) => {
    const load = loadNow();
    const m = measure(command, args, env);
    if (!ok.includes(m.status ?? -1)) throw new Error(`${name} failed (${m.status})`);
    rows.push({ name, m, load });
    return m;
  };
  const bundledAtStart = fromBundle();
  // Warm the page cache once, so that no row pays for the first read from disk.
  spawnSync('sh', ['-c', 'find "$0" -type f -exec cat {} + > /dev/null', dir]);
  const scan = run('egress scan DIR --json (one worker per core)', 'node', [egress, 'scan', dir, '--json'], [0, 1]);
  const scanOne = run('egress scan DIR --json --workers 1', 'node', [egress, 'scan', dir, '--json', '--workers', '1'], [0, 1]);
  const grep = run(`LC_ALL=C grep -r -c -E '<email>'`, 'grep', ['-r', '-c', '-E', EMAIL, dir], [0, 1], { LC_ALL: 'C' });
  run('find … -exec sha256sum {} +', 'sh', ['-c', 'find "$0" -type f -exec sha256sum {} + > /dev/null', dir]);

  const report = JSON.parse(scan.stdout) as { summary: Record<string, number>; files: { status: string }[] };
  const statuses: Record<string, number> = {};
  for (const f of report.files) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
  if (report.summary.files !== fileCount) throw new Error(`egress scan reported ${report.summary.files} files, not ${fileCount}`);
  const sameVerdicts = JSON.stringify((JSON.parse(scanOne.stdout) as { summary: unknown }).summary) === JSON.stringify(report.summary);
  const grepHits = grep.stdout.split('\n').filter((l) => /:[1-9]\d*$/.test(l)).length;

  // Start-up: one 1 KB text file, five runs each.
  const one = join(root, 'one.txt');
  writeFileSync(one, 'A short note with nothing sensitive in it.\n'.repeat(23));
  const fiveRuns = (command: string, args: string[]) => {
    const runs = Array.from({ length: 5 }, () => measure(command, args));
    return { seconds: median(runs.map((r) => r.seconds)), peakMb: median(runs.map((r) => r.peakMb)), all: runs.map((r) => r.seconds.toFixed(2)).join(', ') };
  };
  const startLoad = loadNow();
  const startScan = fiveRuns('node', [egress, 'scan', one]);
  const startNode = fiveRuns('node', ['-e', '0']);
  const startGrep = fiveRuns('grep', ['-c', 'x', one]);

  const bundledAtEnd = fromBundle();
  const nproc = spawnSync('nproc').stdout.toString().trim();
  console.log(
    `Files: ${fileCount} mixed files (${Object.entries(kinds)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}), ${(bytes / 1024 / 1024).toFixed(1)} MiB in all; nproc ${nproc}; load at start ${loadAtStart}`,
  );
  const ranFrom = (bundled: boolean) => (bundled ? 'the bundle (dist/cli)' : 'the sources through tsx');
  console.log(`egress ran from ${ranFrom(bundledAtStart)} at the start, ${ranFrom(bundledAtEnd)} at the end`);
  console.log('| command | wall time | files/s | throughput | peak RSS | load (1, 5, 15 min) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.m.seconds.toFixed(2)} s | ${(fileCount / r.m.seconds).toFixed(0)} | ${mbPerSecond(bytes, r.m.seconds).toFixed(1)} MiB/s | ${r.m.peakMb.toFixed(0)} MB | ${r.load} |`,
    );
  }
  console.log(
    `\negress scan: summary ${JSON.stringify(report.summary)}; statuses ${JSON.stringify(statuses)}; exit status ${scan.status}; --workers 1 gave the same summary: ${sameVerdicts}; grep found the pattern in ${grepHits} files`,
  );
  const rate = fileCount / scan.seconds;
  console.log(`Target ≥ 500 files/s with both cores: ${rate >= 500 ? 'met' : 'NOT met'} (${rate.toFixed(0)} files/s; ${(scan.seconds / grep.seconds).toFixed(1)}× grep's time)`);
  console.log(`\nStart-up, one 1 KB text file, median of 5 (load ${startLoad}):`);
  console.log('| command | median wall time | runs | peak RSS |');
  console.log('|---|---|---|---|');
  console.log(`| egress scan one.txt | ${startScan.seconds.toFixed(2)} s | ${startScan.all} | ${startScan.peakMb.toFixed(0)} MB |`);
  console.log(`| node -e 0 | ${startNode.seconds.toFixed(2)} s | ${startNode.all} | ${startNode.peakMb.toFixed(0)} MB |`);
  console.log(`| grep -c x one.txt | ${startGrep.seconds.toFixed(3)} s | ${startGrep.all} | ${startGrep.peakMb.toFixed(0)} MB |`);
  console.log(`Target under 1 s: ${startScan.seconds < 1 ? 'met' : 'NOT met'}; load at end ${loadNow()}`);
} finally {
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}
