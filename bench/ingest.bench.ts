/**
 * Benchmark: ingesting one large file into the local store of a real server (`egress serve
 * --demo`, SQLite and file blob store under a temp DATA_DIR), through `egress push` and through
 * a tus-js-client upload from this process, next to `sha256sum`, `cp` and `cp` + `sync` of the
 * same file measured in the same run. Reports MiB/s, time relative to sha256sum, the server's
 * peak RSS (VmHWM of the server process, reset before each upload) and its CPU seconds.
 *
 * egress push hashes the file while it sends it (one read); the tus-js-client upload is timed
 * without a declared sha256 (the server computes it while receiving and answers it), then this
 * process hashes the file to check that answer; both times are printed.
 *
 * The file is a 64 MiB random block repeated, with a counter written into every MiB, so no
 * two MiB are alike. Before the tus upload the file's first bytes are changed, so its content
 * (and sha256) differs from the pushed one and the server cannot skip storing it as a duplicate.
 *
 *   node --import tsx bench/ingest.bench.ts [--gib 2] [--chunk-mib 64] [--keep]
 *
 * (--chunk-mib sets the tus-js-client chunk; egress push uses its own default, PUSH_CHUNK_BYTES.)
 *
 * Needs about 4.5× the file size of free disk (the file, two blobs, one staged upload, one copy).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { UPLOAD_RESULT_HEADERS } from '../common/contracts/uploads.contract';
import { type BenchServer, loadNow, median, startBenchServer } from './bench-server';
import { type Measured, mbPerSecond, measure } from './measure';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const gib = argument('--gib', 2);
const chunkMib = argument('--chunk-mib', 64);
const bytes = Math.round(gib * 1024 ** 3);
const MIB = 1024 * 1024;
const BLOCK = 64 * MIB;

const root = mkdtempSync(join(tmpdir(), 'egress-ingest-bench-'));
const free = (() => {
  const fs = statfsSync(root);
  return fs.bavail * fs.bsize;
})();
if (free < bytes * 4.5) {
  rmSync(root, { recursive: true, force: true });
  console.error(`Not enough free disk in ${tmpdir()}: ${(free / 1024 ** 3).toFixed(1)} GiB free, ${((bytes * 4.5) / 1024 ** 3).toFixed(1)} GiB needed`);
  process.exit(2);
}

/** Writes `size` bytes: a random 64 MiB block repeated, each MiB stamped with its own number. */
function generate(path: string, size: number): void {
  const block = randomBytes(BLOCK);
  const fd = openSync(path, 'w');
  try {
    for (let offset = 0; offset < size; offset += BLOCK) {
      const length = Math.min(BLOCK, size - offset);
      for (let mib = 0; mib < length; mib += MIB) block.writeBigUInt64BE(BigInt(offset + mib), mib);
      writeSync(fd, block, 0, length);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Overwrites the first 8 bytes, so the file's content (and sha256) is new. */
function restamp(path: string, stamp: bigint): void {
  const fd = openSync(path, 'r+');
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE(stamp);
  writeSync(fd, head, 0, 8, 0);
  fsyncSync(fd);
  closeSync(fd);
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: MIB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes dirty pages between measurements, so one phase's writeback does not slow the next. */
const flush = () => spawnSync('sync');

interface Row {
  name: string;
  seconds: number;
  clientPeakMb?: number;
  server?: ServerCost;
  load: string;
}

/** Runs `work` and reports the server's peak RSS and CPU seconds over it. */
interface ServerCost {
  peakMb: number;
  cpuSeconds: number;
  systemSeconds: number;
}

async function onServer<T>(server: BenchServer, work: () => Promise<T> | T): Promise<{ result: T; server: ServerCost }> {
  if (!server.resetPeak()) console.error('(could not reset the peak RSS: the figure is the peak since start)');
  const before = server.usage();
  const result = await work();
  const after = server.usage();
  return { result, server: { peakMb: after.peakMb, cpuSeconds: after.cpuSeconds - before.cpuSeconds, systemSeconds: after.systemSeconds - before.systemSeconds } };
}

interface TusResult {
  sha256: string;
  created: string;
  /** Median seconds per PATCH of one chunk, before the last. */
  chunkSeconds: number;
  /** Seconds of the last PATCH: its chunk, then the server storing the staged bytes as a blob and recording it. */
  lastChunkSeconds: number;
}

function tusUpload(server: BenchServer, path: string, packagePath: string): Promise<TusResult> {
  return new Promise((resolve, reject) => {
    const chunkDone: bigint[] = [process.hrtime.bigint()];
    const upload = new tus.Upload(createReadStream(path), {
      endpoint: `${server.url}/api/v1/uploads`,
      headers: { authorization: `Bearer ${server.token}` },
      metadata: { packageId: server.packageId, path: packagePath },
      chunkSize: chunkMib * MIB,
      retryDelays: [],
      onChunkComplete: () => {
        chunkDone.push(process.hrtime.bigint());
      },
      onSuccess: ({ lastResponse }) => {
        const header = (name: string) => String(lastResponse.getHeader(name) ?? '');
        const spans = chunkDone.slice(1).map((t, i) => Number(t - (chunkDone[i] as bigint)) / 1e9);
        const lastChunkSeconds = spans.pop() ?? 0;
        resolve({ sha256: header(UPLOAD_RESULT_HEADERS.sha256), created: header(UPLOAD_RESULT_HEADERS.created), chunkSeconds: median(spans.slice(1)), lastChunkSeconds });
      },
      onError: (error) => reject(error),
    });
    upload.start();
  });
}

const file = join(root, `ingest-${gib}GiB.bin`);
const egress = join(process.cwd(), 'bin', 'egress.js');
const loadAtStart = loadNow();
let server: BenchServer | undefined;
try {
  generate(file, bytes);
  flush();
  server = await startBenchServer(root);
  const idle = server.usage();
  const rows: Row[] = [];
  const peer = (name: string, run: () => Measured) => {
    const load = loadNow();
    const m = run();
    if (m.status !== 0) throw new Error(`${name} failed (${m.status})`);
    rows.push({ name, seconds: m.seconds, clientPeakMb: m.peakMb, load });
    flush();
  };

  peer('sha256sum', () => measure('sha256sum', [file]));
  const copy = join(root, 'copy.bin');
  peer('cp', () => measure('cp', [file, copy]));
  rmSync(copy);
  flush();
  peer('cp + sync (the copy on disk)', () => measure('sh', ['-c', 'cp "$0" "$1" && sync "$1"', file, copy]));
  rmSync(copy);
  flush();

  // a) egress push: asks the server (preflight), then uploads the file over tus, hashing it on the way.
  let load = loadNow();
  const push = await onServer(server, () =>
    measure('sh', ['-c', 'exec node "$0" push "$1" --package "$2" --server "$3" --token-stdin < "$4"', egress, file, server!.packageId, server!.url, server!.tokenFile], {
      EGRESS_CONFIG_DIR: join(root, 'cli-config'),
    }),
  );
  if (push.result.status !== 0 || !push.result.stdout.includes(`uploaded ${file.slice(root.length + 1)}`)) throw new Error(`egress push failed (${push.result.status}): ${push.result.stdout}`);
  rows.push({ name: 'egress push (hashes while sending, tus)', seconds: push.result.seconds, clientPeakMb: push.result.peakMb, server: push.server, load });
  flush();

  // b) tus-js-client from this process, of new content to another path.
  restamp(file, 0xffff_ffff_ffff_ffffn);
  flush();
  load = loadNow();
  let started = process.hrtime.bigint();
  const viaTus = await onServer(server, () => tusUpload(server!, file, `tus/${file.slice(root.length + 1)}`));
  const tusSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.push({ name: `tus-js-client upload (${chunkMib} MiB chunks; sha256 not declared)`, seconds: tusSeconds, server: viaTus.server, load });
  flush();
  load = loadNow();
  started = process.hrtime.bigint();
  const sha256 = await sha256Of(file);
  const hashSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.push({ name: 'sha256 in Node (this process, after the upload: checks the server’s answer)', seconds: hashSeconds, load });
  if (viaTus.result.sha256 !== sha256 || viaTus.result.created !== 'true') throw new Error(`tus upload not recorded as new: ${JSON.stringify(viaTus.result)}`);

  // The package now lists both files with their full size.
  const page = JSON.parse((await server.get(`/api/v1/packages/${server.packageId}/files?limit=10`)).body) as { files: { path: string; current: { bytes: number } }[] };
  const stored = page.files.filter((f) => f.current.bytes === bytes).length;
  if (stored !== 2) throw new Error(`expected both uploads in the package, found ${stored}`);

  const shaSeconds = rows[0]!.seconds;
  console.log(`File: ${gib} GiB (${bytes} bytes) generated; ${chunkMib} MiB tus chunks; nproc ${spawnSync('nproc').stdout.toString().trim()}; load at start ${loadAtStart}`);
  console.log(`Server: egress serve --demo (SQLite, file blob store), pid ${server.pid}; RSS after start-up ${idle.rssMb.toFixed(0)} MB (peak so far ${idle.peakMb.toFixed(0)} MB)`);
  console.log('| command | wall time | throughput | × sha256sum time | client peak RSS | server peak RSS | server CPU (of it system) | load (1, 5, 15 min) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const mb = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${v.toFixed(0)} MB`);
    console.log(
      `| ${r.name} | ${r.seconds.toFixed(2)} s | ${mbPerSecond(bytes, r.seconds).toFixed(0)} MiB/s | ${(r.seconds / shaSeconds).toFixed(2)}× | ${mb(r.clientPeakMb)} | ${mb(r.server?.peakMb)} | ${r.server ? `${r.server.cpuSeconds.toFixed(1)} s (${r.server.systemSeconds.toFixed(1)} s)` : '–'} | ${r.load} |`,
    );
  }
  const tusTotal = hashSeconds + tusSeconds;
  const finishing = viaTus.result.lastChunkSeconds - viaTus.result.chunkSeconds;
  console.log(
    `\ntus upload: a ${chunkMib} MiB PATCH takes ${(viaTus.result.chunkSeconds * 1000).toFixed(0)} ms (median; ${mbPerSecond(chunkMib * MIB, viaTus.result.chunkSeconds).toFixed(0)} MiB/s staged); the last one ${viaTus.result.lastChunkSeconds.toFixed(2)} s, i.e. about ${finishing.toFixed(2)} s for the server to store the staged file as a blob (hash kept while receiving; fsync and hard link) and record the version`,
  );
  console.log(`tus upload plus a separate client-side sha256 pass: ${tusTotal.toFixed(2)} s (${mbPerSecond(bytes, tusTotal).toFixed(0)} MiB/s, ${(tusTotal / shaSeconds).toFixed(2)}× sha256sum)`);
  console.log(
    `Target "within 2× of sha256sum's time": egress push ${push.result.seconds / shaSeconds <= 2 ? 'met' : 'NOT met'} (${(push.result.seconds / shaSeconds).toFixed(2)}×), tus upload ${tusSeconds / shaSeconds <= 2 ? 'met' : 'NOT met'} (${(tusSeconds / shaSeconds).toFixed(2)}×)`,
  );
  const peak = Math.max(push.server.peakMb, viaTus.server.peakMb);
  console.log(`Server peak RSS during the uploads: ${peak.toFixed(0)} MB (target under 300 MB: ${peak < 300 ? 'met' : 'NOT met'}); load at end ${loadNow()}`);
} finally {
  await server?.stop();
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}
