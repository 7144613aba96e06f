/**
 * Benchmark: `tables.suppress` and `tables.round` of a generated CSV of counts (issue 13), next
 * to `egress scan --json` of the same file in the same run. Each command runs three times with
 * `sync` before it; every run is printed, and the best of three is compared (target: under 3×
 * the scan, peak RSS under 300 MB).
 *
 *   node --import tsx bench/redact-table.bench.ts [--mb 1024] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNow } from './bench-server';
import { mbPerSecond, measure, type Measured } from './measure';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 1024;
const dir = mkdtempSync(join(tmpdir(), 'egress-redact-bench-'));
const csv = join(dir, 'counts.csv');

/** Counts by area, age band and sex with a total column; about one count in eight is below 10. */
async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('area,age_band,n_male,n_female,total\n');
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 2000; k++, i++) {
      const male = i % 8 === 0 ? i % 10 : 10 + ((i * 37) % 900);
      const female = 10 + ((i * 53) % 700);
      lines.push(`E0${String(i % 100000).padStart(7, '0')},${(i % 9) * 10}-${(i % 9) * 10 + 9},${male},${female},${male + female}`);
    }
    const chunk = `${lines.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

await generate(csv, targetMb * 1024 * 1024);
const bytes = statSync(csv).size;
const egress = join(process.cwd(), 'bin', 'egress.js');
const runs: { name: string; m: Measured; load: string }[] = [];
/** Runs a command three times, `sync` before each; `egress scan` exits non-zero when it blocks a file, so only a redaction must exit 0. */
const three = (name: string, command: string, args: string[], mustSucceed = true): Measured[] =>
  [1, 2, 3].map(() => {
    spawnSync('sync');
    const load = loadNow();
    const m = measure(command, args);
    if (mustSucceed && m.status !== 0) throw new Error(`${name} failed: ${m.stdout}`);
    runs.push({ name, m, load });
    return m;
  });
const out = join(dir, 'out.csv');
const scan = three('egress scan --json', 'node', [egress, 'scan', '--json', csv], false);
const suppress = three('tables.suppress', 'node', ['--import', 'tsx', 'bench/redact-one.ts', 'suppress', csv, out]);
const suppressed = JSON.parse(suppress[2]!.stdout) as { changeCount: number };
const round = three('tables.round (base 5)', 'node', ['--import', 'tsx', 'bench/redact-one.ts', 'round', csv, out]);
const rounded = JSON.parse(round[2]!.stdout) as { changeCount: number };

const best = (ms: Measured[]) => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));
console.log(`File: ${(bytes / 1024 / 1024).toFixed(0)} MiB generated CSV`);
console.log('| command | run | wall time | throughput | peak RSS | load before |');
console.log('|---|---|---|---|---|---|');
const counter = new Map<string, number>();
for (const { name, m, load } of runs) {
  const k = (counter.get(name) ?? 0) + 1;
  counter.set(name, k);
  console.log(`| ${name} | ${k} | ${m.seconds.toFixed(2)} s | ${mbPerSecond(bytes, m.seconds).toFixed(0)} MB/s | ${m.peakMb.toFixed(0)} MB | ${load} |`);
}
const ratio = (ms: Measured[]) => (best(ms).seconds / best(scan).seconds).toFixed(2);
console.log(
  `\nBest of three: scan ${best(scan).seconds.toFixed(2)} s; suppress ${best(suppress).seconds.toFixed(2)} s (${ratio(suppress)}× the scan, ${suppressed.changeCount} cells withheld); round ${best(round).seconds.toFixed(2)} s (${ratio(round)}×, ${rounded.changeCount} cells rounded)`,
);
console.log(`Peak RSS: suppress ${Math.max(...suppress.map((m) => m.peakMb)).toFixed(0)} MB, round ${Math.max(...round.map((m) => m.peakMb)).toFixed(0)} MB`);
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
