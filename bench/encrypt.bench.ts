/**
 * Benchmark: encrypting one large bundle for a recipient (docs/decisions/0008-recipient-encryption.md),
 * with the age writer as the server runs it (server/delivery/recipient-encryption.ts, node:crypto),
 * the `age` command-line tool, the age-encryption library (pure JavaScript, the first path),
 * openpgp.js 6 (streaming) and `gpg`, on the same file. `--only age` skips the OpenPGP contenders. Each contender runs three
 * times in its own process under GNU time (peak RSS), after `sync`; every run is printed, then the
 * best of three with MiB/s. Each output is checked: age outputs decrypt with `age -d` to the input's
 * sha256, OpenPGP outputs with `gpg --decrypt` (first run only: it costs a full pass).
 *
 *   node --import tsx bench/encrypt.bench.ts [--mib 1024] [--keep]
 *
 * The input is random bytes (a 64 MiB random block repeated, each MiB stamped), so nothing
 * compresses: gpg is run with `--compress-algo none` and openpgp.js compresses nothing by default.
 * Needs about 4× the file size of free disk.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { loadNow } from './bench-server';
import { type Measured, mbPerSecond, measure } from './measure';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const MIB = 1024 * 1024;
const bytes = argument('--mib', 1024) * MIB;
const RUNS = 3;
const root = mkdtempSync(join(tmpdir(), 'egress-encrypt-bench-'));
const gnupgHome = join(root, 'gnupg');

function generate(path: string, size: number): void {
  const block = randomBytes(64 * MIB);
  const fd = openSync(path, 'w');
  for (let offset = 0; offset < size; offset += block.length) {
    const length = Math.min(block.length, size - offset);
    for (let mib = 0; mib < length; mib += MIB) block.writeBigUInt64BE(BigInt(offset + mib), mib);
    writeSync(fd, block, 0, length);
  }
  fsyncSync(fd);
  closeSync(fd);
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sha256OfCommand(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync('sh', ['-c', `"$0" "$@" | sha256sum`, command, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout.split(' ')[0] as string;
}

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): Measured {
  spawnSync('sync');
  const measured = measure(command, args, env);
  if (measured.status !== 0) throw new Error(`${label} failed (exit ${measured.status})`);
  return measured;
}

async function main(): Promise<void> {
  const input = join(root, 'bundle.zip');
  generate(input, bytes);
  const expected = await sha256Of(input);
  spawnSync('age-keygen', ['-o', join(root, 'age-key.txt')]);
  const ageRecipient = (/public key: (age1\S+)/.exec(readFileSync(join(root, 'age-key.txt'), 'utf8'))?.[1] ?? '') as string;
  const pgp = await openpgp.generateKey({ userIDs: [{ name: 'Bench recipient', email: 'recipient@example.org' }], format: 'armored' });
  writeFileSync(join(root, 'pub.asc'), pgp.publicKey);
  writeFileSync(join(root, 'sec.asc'), pgp.privateKey);
  spawnSync('mkdir', ['-m', '700', gnupgHome]);
  const gpgEnv = { GNUPGHOME: gnupgHome };
  spawnSync('gpg', ['--batch', '--import', join(root, 'sec.asc')], { env: { ...process.env, ...gpgEnv } });

  const node = process.execPath;
  const one = join(import.meta.dirname, 'encrypt-one.ts');
  const out = join(root, 'out');
  const contenders: { label: string; command: string; args: string[]; env?: Record<string, string>; decrypt: [string, string[], Record<string, string>?] }[] = [
    { label: 'server path (node:crypto age)', command: node, args: ['--import', 'tsx', one, 'age', input, out, ageRecipient], decrypt: ['age', ['-d', '-i', join(root, 'age-key.txt'), out]] },
    { label: 'age 1.1.1 CLI', command: 'age', args: ['-r', ageRecipient, '-o', out, input], decrypt: ['age', ['-d', '-i', join(root, 'age-key.txt'), out]] },
    { label: 'age-encryption 0.3.1 library', command: node, args: ['--import', 'tsx', one, 'age-js', input, out, ageRecipient], decrypt: ['age', ['-d', '-i', join(root, 'age-key.txt'), out]] },
    { label: 'openpgp.js 6.3.2', command: node, args: ['--import', 'tsx', one, 'openpgp', input, out, join(root, 'pub.asc')], decrypt: ['gpg', ['--batch', '--quiet', '--decrypt', out], gpgEnv] },
    {
      label: 'gpg 2.2.40 CLI',
      command: 'gpg',
      args: ['--batch', '--yes', '--trust-model', 'always', '--compress-algo', 'none', '--recipient-file', join(root, 'pub.asc'), '--output', out, '--encrypt', input],
      env: gpgEnv,
      decrypt: ['gpg', ['--batch', '--quiet', '--decrypt', out], gpgEnv],
    },
  ];

  if (process.argv.includes('--only')) contenders.splice(3);
  console.log(`Encrypting ${bytes / MIB} MiB (sha256 ${expected.slice(0, 12)}…), ${RUNS} runs each, sync before each; load ${loadNow()}`);
  const summary: string[] = [];
  for (const contender of contenders) {
    const runs: Measured[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      rmSync(out, { force: true });
      const measured = run(contender.label, contender.command, contender.args, contender.env);
      runs.push(measured);
      const inProcess = /in-process seconds ([\d.]+)/.exec(measured.stdout)?.[1];
      console.log(
        `  ${contender.label} run ${i + 1}: ${measured.seconds.toFixed(2)} s${inProcess ? ` (${inProcess} s of it encrypting, after start-up)` : ''}, ${mbPerSecond(bytes, measured.seconds).toFixed(0)} MiB/s, peak RSS ${measured.peakMb.toFixed(0)} MB, output ${(statSync(out).size / MIB).toFixed(1)} MiB; load ${loadNow()}`,
      );
      if (i === 0) {
        const [command, args, env] = contender.decrypt;
        const decrypted = sha256OfCommand(command, args, env);
        if (decrypted !== expected) throw new Error(`${contender.label}: decrypted sha256 ${decrypted} is not the input's`);
      }
    }
    const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const inProcess = runs.map((r) => Number(/in-process seconds ([\d.]+)/.exec(r.stdout)?.[1])).filter(Number.isFinite);
    const bestInProcess = inProcess.length > 0 ? Math.min(...inProcess).toFixed(2) : '–';
    summary.push(`| ${contender.label} | ${best.seconds.toFixed(2)} | ${bestInProcess} | ${mbPerSecond(bytes, best.seconds).toFixed(0)} | ${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} |`);
  }
  console.log(
    `\n| contender | best of ${RUNS}, whole process (s) | best of ${RUNS}, encrypting after start-up (s) | MiB/s (whole process) | peak RSS, worst run (MB) |\n|---|---|---|---|---|\n${summary.join('\n')}`,
  );
  console.log('Every output decrypted (first run) to the input sha256.');
}

try {
  await main();
} finally {
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}
