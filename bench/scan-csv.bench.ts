/**
 * Benchmark: `egress scan` of a generated CSV (counts, text and some identifiers) next to
 * `LC_ALL=C grep -c -E` with the email, phone and postcode patterns and `sha256sum` of the same
 * file, in the same run, each with its wall time, its CPU time and the load average before it.
 * Also the start-up time of scanning one 1 KB file.
 *
 *   node --import tsx bench/scan-csv.bench.ts [--mb 1024] [--keep]
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNow } from './bench-server';
import { mbPerSecond, measure } from './measure';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 1024;
const dir = mkdtempSync(join(tmpdir(), 'egress-bench-'));
const csv = join(dir, 'mixed.csv');

async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('region,age_band,sex,count,note,contact\n');
  const regions = ['North East', 'North West', 'Yorkshire', 'East Midlands', 'West Midlands', 'London', 'South East', 'South West'];
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 2000; k++, i++) {
      const note = i % 97 === 0 ? 'call 07700 900' + String(i % 1000).padStart(3, '0') : i % 89 === 0 ? `see LS1 ${i % 9}AB office` : 'routine follow-up recorded';
      const contact = i % 113 === 0 ? `person${i}@example.org` : '';
      lines.push(`${regions[i % regions.length]},${(i % 9) * 10}-${(i % 9) * 10 + 9},${i % 2 ? 'F' : 'M'},${(i * 37) % 5000},${note},${contact}`);
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
const pattern = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}|(\\+44|0)7[0-9]{3} ?[0-9]{6}|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}';

/**
 * CPU seconds (user + system) of the waited-for child processes so far, from /proc/self/stat
 * (cutime, cstime in clock ticks of 1/100 s): on a loaded machine a command's CPU time says
 * more about its own cost than its wall time does.
 */
const childCpuSeconds = (): number => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
};
const loads: string[] = [];
const cpu: number[] = [];
const measured = <T>(run: () => T): T => {
  // The load average just before each measurement: the machine is shared.
  loads.push(loadNow());
  const before = childCpuSeconds();
  const result = run();
  cpu.push(childCpuSeconds() - before);
  return result;
};
const scan = measured(() => measure('node', [egress, 'scan', '--json', csv]));
const grep = measured(() => measure('grep', ['-c', '-E', pattern, csv], { LC_ALL: 'C' }));
const sha = measured(() => measure('sha256sum', [csv]));

const small = join(dir, 'small.txt');
writeFileSync(small, 'A short note with nothing sensitive in it.\n'.repeat(23));
const startup = measure('node', [egress, 'scan', small]);

const row = (name: string, m: { seconds: number; peakMb: number }, k: number) =>
  `| ${name} | ${m.seconds.toFixed(2)} s | ${mbPerSecond(bytes, m.seconds).toFixed(0)} MB/s | ${cpu[k]!.toFixed(2)} s | ${mbPerSecond(bytes, cpu[k]!).toFixed(0)} MB/s | ${m.peakMb.toFixed(0)} MB | ${loads[k]} |`;
console.log(`File: ${(bytes / 1024 / 1024).toFixed(0)} MiB generated CSV; ${process.env.HOSTNAME ?? ''}`);
console.log('| command | wall time | throughput | CPU time | per CPU second | peak RSS | load before |');
console.log('|---|---|---|---|---|---|---|');
console.log(row('egress scan --json (all families)', scan, 0));
console.log(row("LC_ALL=C grep -c -E 'email|phone|postcode'", grep, 1));
console.log(row('sha256sum', sha, 2));
const scanned = JSON.parse(scan.stdout).files[0];
console.log(
  `\negress scan / grep time: ${(scan.seconds / grep.seconds).toFixed(2)}×; the file was ${scanned.status}${scanned.reason ? ` (${scanned.reason})` : ''} with ${scanned.findings.length} findings; exit status ${scan.status}`,
);
console.log(`Start-up: egress scan of one 1 KB text file: ${startup.seconds.toFixed(2)} s wall, ${startup.peakMb.toFixed(0)} MB peak`);
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
