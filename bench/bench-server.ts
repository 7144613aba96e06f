/**
 * A real Egress server for the ingest benchmarks: `node bin/egress.js serve --demo` as a child
 * process on a free port with its own DATA_DIR, signed in as the demo researcher, with the demo
 * project's report package and a personal API token (packages:read + packages:write).
 *
 * Also reads the server process's memory and CPU from /proc (Linux): VmRSS, VmHWM (peak RSS,
 * which `resetPeak()` sets back to the current RSS through /proc/PID/clear_refs) and the CPU
 * seconds it has used, so a benchmark can attribute each to one phase.
 *
 *   const server = await startBenchServer('/tmp/x');
 *   … server.packageId, server.token, server.get('/api/v1/packages/…') …
 *   await server.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';

export interface ServerUsage {
  peakMb: number;
  rssMb: number;
  cpuSeconds: number;
  systemSeconds: number;
}

export interface BenchServer {
  url: string;
  pid: number;
  dataDir: string;
  /** The demo project's egress_report work package, i.e. its package id. */
  packageId: string;
  /** A personal API token of the researcher (packages:read, packages:write). */
  token: string;
  /** A file holding the token, for `egress push --token-stdin < file` (mode 0600). */
  tokenFile: string;
  /** GET with the researcher's session cookie, as the web UI does it; answers status and body. */
  get(path: string): Promise<{ status: number; body: string }>;
  /** Peak and current resident set size (MB) and CPU seconds (user + system, and system alone) of the server process. */
  usage(): ServerUsage;
  /** Sets the peak back to the current RSS (Linux clear_refs); false when not permitted. */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export function waitForStart(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${seen}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /is running at (\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it started:\n${seen}`));
    });
  });
}

/** Fields of /proc/PID/status in kB. */
export function statusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

/** User and system CPU seconds of a process (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Starts the server in `root`/data and prepares the researcher's token and package. */
export async function startBenchServer(root: string): Promise<BenchServer> {
  const dataDir = join(root, 'data');
  const port = await freePort();
  // The embedded default: SQLite, blobs and staged uploads all under DATA_DIR.
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'STORAGE_URL', 'UPLOAD_DIR', 'STORAGE_QUOTA_BYTES', 'MAX_FILE_BYTES', 'MAX_PACKAGE_BYTES', 'MAX_PACKAGE_FILES']) delete env[name];
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the server's node only.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(process.cwd(), 'bin', 'egress.js'), 'serve', '--demo'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await waitForStart(child);
    const pid = child.pid as number;
    // Keep draining the output so the server never blocks on a full pipe.
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString('utf8')}`));

    const accounts = readFileSync(join(dataDir, 'demo-accounts.txt'), 'utf8');
    const password = /^researcher@example\.org\t(\S+)/m.exec(accounts)?.[1];
    if (!password) throw new Error('no researcher in demo-accounts.txt');
    const signIn = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'researcher@example.org', password }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = await json<{ csrfToken: string }>(signIn, 'sign-in');
    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { cookie } });
      return { status: response.status, body: await response.text() };
    };
    const { projects } = await json<{ projects: { id: string }[] }>(await fetch(`${url}/api/v1/projects`, { headers: { cookie } }), 'projects');
    const projectId = projects[0]?.id;
    if (!projectId) throw new Error('the demo project is missing');
    const detail = await json<{ workPackages: { id: string; kind: string }[] }>(await fetch(`${url}/api/v1/projects/${projectId}`, { headers: { cookie } }), 'project');
    const packageId = detail.workPackages.find((w) => w.kind === 'egress_report')?.id;
    if (!packageId) throw new Error('the demo project has no egress_report work package');
    const created = await json<{ secret: string }>(
      await fetch(`${url}/api/v1/tokens`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'benchmark', projectId, scopes: ['packages:read', 'packages:write'], expiresInDays: 1 }),
      }),
      'create token',
    );
    const tokenFile = join(root, 'token');
    writeFileSync(tokenFile, `${created.secret}\n`, { mode: 0o600 });

    return {
      url,
      pid,
      dataDir,
      packageId,
      token: created.secret,
      tokenFile,
      get,
      usage: () => {
        const cpu = cpuSecondsOf(pid);
        return { peakMb: statusKb(pid, 'VmHWM') / 1024, rssMb: statusKb(pid, 'VmRSS') / 1024, cpuSeconds: cpu.user + cpu.system, systemSeconds: cpu.system };
      },
      resetPeak: () => {
        try {
          writeFileSync(`/proc/${pid}/clear_refs`, '5');
          return true;
        } catch {
          return false;
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
export const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
