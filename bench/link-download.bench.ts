/**
 * Benchmark: downloading a released bundle through a download link (`GET /api/v1/links/:token`,
 * server/http/routes/links.routes.ts) from a real server, next to `cp` of the same blob file, in
 * the same run, with the server's peak RSS sampled throughout.
 *
 * Set-up (not timed as a download): a SQLite database and a file blob store under a temporary
 * DATA_DIR; the world's report package is approved through the real commands and released by the
 * test factory (server/testing/release-factory.ts) with a bundle blob of --gib GiB of
 * pseudo-random bytes streamed into the store (never held in memory); a system manager issues a
 * link (`issueReleaseLink`). Then `egress serve` starts on that DATA_DIR as a child process.
 *
 * Measured: three downloads with `curl -o` and three `cp` of the blob file, `sync` before each,
 * every run printed and the best of three with MiB/s; the server's VmRSS read every 100 ms
 * from /proc/PID/status during each download (peak printed, with VmHWM at the end); one resumed
 * download (the first half with `curl -r`, the rest with `curl -C -`, i.e. `Range: bytes=N-`)
 * checked by sha256 against the blob, and the first full download likewise. The blob is read
 * from the page cache by both sides when the machine has the memory (neither side fsyncs).
 *
 *   node --import tsx bench/link-download.bench.ts [--gib 2] [--keep]     (or LINK_BENCH_GIB=0.1)
 *
 * Needs about 3.2× the size of free disk (the blob, one download, one copy).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueReleaseLink } from '../server/commands/releases.commands';
import { openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { ADDRESS_LISTS } from '../server/http/address-lists';
import { systemClock } from '../server/ports/clock';
import { createWorld } from '../server/testing/factories';
import { approveReport, releaseStoredBundle } from '../server/testing/release-factory';
import { createTestServices } from '../server/testing/services';
import { bundleIsCurrent } from '../bin/bundle.js';
import { freePort, loadNow, statusKb, waitForStart } from './bench-server';
import { mbPerSecond } from './measure';
import { noise } from './noise';

const RUNS = 3;
const MIB = 1024 * 1024;
const at = process.argv.indexOf('--gib');
const gib = at > 0 ? Number(process.argv[at + 1]) : Number(process.env.LINK_BENCH_GIB ?? 2);
if (!(gib > 0)) throw new Error('--gib must be a positive number of GiB');
const size = Math.round(gib * 1024 ** 3);
const RSS_TARGET_MB = 300;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MIB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Prepares DATA_DIR: an approved, released report package with a `bytes` bundle blob and a link. */
async function prepare(dataDir: string, bytes: number): Promise<{ sha256: string; blobPath: string; token: string }> {
  const handle = openDatabase(`sqlite:${join(dataDir, 'egress.db')}`);
  const migration = await migrateToLatest(handle.db);
  if (migration.error) throw new Error(`migration failed: ${String(migration.error)}`);
  // The services' blob store is DATA_DIR/blobs, the server's default on the embedded database.
  const services = await createTestServices(handle, { root: dataDir });
  try {
    const world = await createWorld(handle.db);
    const pkgId = await approveReport(world, services);
    const started = process.hrtime.bigint();
    const stored = await services.blobs.put(noise(bytes));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`  bundle blob stored: ${(stored.bytes / MIB).toFixed(0)} MiB in ${seconds.toFixed(1)} s (sha256 ${stored.sha256.slice(0, 12)}…)`);
    await releaseStoredBundle(world, pkgId, stored, 'bench-bundle.zip');
    const manager = world.users.sysadmin?.ctx;
    if (!manager) throw new Error('no system manager');
    // The real clock, so the link's lifetime counts from now, not from the world's fixed date.
    const issued = await issueReleaseLink({ ...manager, clock: systemClock }, { addresses: ADDRESS_LISTS }, pkgId, { maxDownloads: 20 });
    return { sha256: stored.sha256, blobPath: join(dataDir, 'blobs', stored.sha256.slice(0, 2), stored.sha256), token: issued.token };
  } finally {
    await services.close();
    await handle.close();
  }
}

/** Reads the process's VmRSS every 100 ms until stopped; answers the peak in MB. */
function sampleRss(pid: number): { stop(): number } {
  let peak = statusKb(pid, 'VmRSS');
  const timer = setInterval(() => {
    peak = Math.max(peak, statusKb(pid, 'VmRSS'));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, statusKb(pid, 'VmRSS')) / 1024;
    },
  };
}

/** Runs a command without blocking the event loop (so the sampler keeps running); answers wall seconds and stdout. */
function run(command: string, args: string[]): Promise<{ seconds: number; stdout: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stdout}`));
    });
  });
}

/** `curl` to a file; checks the status and the byte count it reports. */
async function curl(url: string, out: string, expect: { status: number; bytes: number }, extra: string[] = []): Promise<number> {
  const { seconds, stdout } = await run('curl', ['-sS', '-o', out, '-w', '%{http_code} %{size_download}', ...extra, url]);
  const [status, bytes] = stdout.trim().split(' ').map(Number);
  if (status !== expect.status || bytes !== expect.bytes) throw new Error(`curl: status ${status}, ${bytes} bytes; expected ${expect.status}, ${expect.bytes}`);
  return seconds;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'egress-link-bench-'));
  const fs = statfsSync(root);
  if (fs.bavail * fs.bsize < size * 3.2) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`not enough free disk in ${tmpdir()} for ${gib} GiB (about 3.2× that is needed)`);
  }
  const dataDir = join(root, 'data');
  const out = join(root, 'download.zip');
  const copy = join(root, 'copy.zip');
  let stopServer = async () => {};
  try {
    console.log(`Download-link benchmark in ${root} (node ${process.version}), bundle of ${(size / MIB).toFixed(0)} MiB; load ${loadNow()}`);
    const { sha256, blobPath, token } = await prepare(dataDir, size);

    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'STORAGE_URL', 'UPLOAD_DIR', 'ENVIRONMENT_NETWORKS', 'BUNDLE_SIGNING_KEY', 'AUDIT_CHECKPOINT_KEY', 'LOG_FORMAT', 'LOG_FILE']) delete env[name];
    const server = spawn(process.execPath, [join(process.cwd(), 'bin', 'egress.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    stopServer = async () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      await exited;
    };
    const base = await waitForStart(server);
    server.stdout.resume();
    server.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString('utf8')}`));
    const pid = server.pid as number;
    const url = `${base}/api/v1/links/${token}`;
    const from = bundleIsCurrent() ? 'the CLI bundle' : 'the sources through tsx (the bundle is not current: npm run build:cli)';
    console.log(`  server pid ${pid} at ${base}, running ${from}: RSS ${(statusKb(pid, 'VmRSS') / 1024).toFixed(0)} MB after start`);

    const best = { link: Infinity, cp: Infinity };
    let peakRss = 0;
    for (let i = 1; i <= RUNS; i += 1) {
      spawnSync('sync');
      const load = loadNow();
      const sampler = sampleRss(pid);
      const seconds = await curl(url, out, { status: 200, bytes: size });
      const rss = sampler.stop();
      peakRss = Math.max(peakRss, rss);
      best.link = Math.min(best.link, seconds);
      let checked = '';
      if (i === 1) {
        const same = (await sha256Of(out)) === sha256;
        if (!same) process.exitCode = 1;
        checked = same ? ', sha256 matches the blob' : ', SHA256 DIFFERS FROM THE BLOB';
      }
      console.log(`  link download run ${i}: ${seconds.toFixed(2)} s, ${mbPerSecond(size, seconds).toFixed(0)} MiB/s, server peak RSS ${rss.toFixed(0)} MB${checked}; load ${load}`);
      rmSync(out, { force: true });
    }
    for (let i = 1; i <= RUNS; i += 1) {
      spawnSync('sync');
      const load = loadNow();
      const { seconds } = await run('cp', [blobPath, copy]);
      if (statSync(copy).size !== size) throw new Error('cp: wrong size');
      best.cp = Math.min(best.cp, seconds);
      console.log(`  cp run ${i}: ${seconds.toFixed(2)} s, ${mbPerSecond(size, seconds).toFixed(0)} MiB/s; load ${load}`);
      rmSync(copy, { force: true });
    }

    // A resumed download: the first half, then the rest from the middle (curl -C - sends Range: bytes=N-).
    spawnSync('sync');
    const half = Math.floor(size / 2);
    const sampler = sampleRss(pid);
    const first = await curl(url, out, { status: 206, bytes: half }, ['-r', `0-${half - 1}`]);
    const rest = await curl(url, out, { status: 206, bytes: size - half }, ['-C', '-']);
    const rss = sampler.stop();
    peakRss = Math.max(peakRss, rss);
    const resumedOk = (await sha256Of(out)) === sha256;
    console.log(
      `  resumed download: first half ${first.toFixed(2)} s, the rest from byte ${half} ${rest.toFixed(2)} s (206 each), server peak RSS ${rss.toFixed(0)} MB; sha256 ${resumedOk ? 'matches the blob' : 'DIFFERS FROM THE BLOB'}`,
    );
    rmSync(out, { force: true });

    const hwm = statusKb(pid, 'VmHWM') / 1024;
    console.log(
      `  best of ${RUNS}: link ${best.link.toFixed(2)} s (${mbPerSecond(size, best.link).toFixed(0)} MiB/s), cp ${best.cp.toFixed(2)} s (${mbPerSecond(size, best.cp).toFixed(0)} MiB/s), ratio ${(best.link / best.cp).toFixed(2)}×`,
    );
    console.log(
      `  server peak RSS sampled during downloads ${peakRss.toFixed(0)} MB, VmHWM since start ${hwm.toFixed(0)} MB: target under ${RSS_TARGET_MB} MB ${Math.max(peakRss, hwm) < RSS_TARGET_MB ? 'held' : 'NOT held'}; load ${loadNow()}`,
    );
    if (!resumedOk) process.exitCode = 1;
  } finally {
    await stopServer();
    if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
  }
}

await main();
