/**
 * Benchmark: sealing release bundles (server/bundles/seal-bundle.ts) next to `zip -0` plus
 * `sha256sum` of the same content, in the same run. Two cases: one large file (--gib, default 2)
 * and many small files (--files, default 10,000 of 1–64 KiB). The content is put in a file blob
 * store once (not timed); the sealer then reads it from there, re-hashes every file, signs and
 * writes a stored zip with the bundle's own sha256; the peer runs `sha256sum` over the same blob
 * files, then `zip -0 -q` of them (what a hand-made stored zip plus its checksums costs).
 * Each side runs three times after `sync`; every run is printed and the best is compared.
 * The sealer's peak RSS is measured in a child process (GNU time), the peer's likewise.
 *
 *   node --import tsx bench/seal.bench.ts [--gib 2] [--files 10000] [--keep]
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BundleManifest } from '../common/bundle/format';
import { openBlobStore } from '../server/storage/open-blob-store';
import { ed25519Signer } from '../server/bundles/ed25519-signer';
import { sealBundle } from '../server/bundles/seal-bundle';
import { measure } from './measure';
import { noise } from './noise';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = 3;

/** Runs one seal in this process when called as the child (`--seal MANIFEST BLOBS OUT`). */
async function sealChild(manifestFile: string, blobRoot: string, out: string): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
  const blobs = openBlobStore({ url: `file:${blobRoot}`, quotaBytes: 0 });
  const signer = ed25519Signer(generateKeyPairSync('ed25519').privateKey);
  const started = process.hrtime.bigint();
  const sealed = await sealBundle({ manifest, signer, blobs }, createWriteStream(out));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ ...sealed, seconds })}\n`);
}

function manifestOf(files: { path: string; sha256: string; size: number }[]): BundleManifest {
  const person = { id: 'bench', name: 'Bench' };
  return {
    bundleFormat: 1,
    release: { id: 'bench', releasedAt: '2026-01-01T00:00:00.000Z', releasedBy: person, toolVersion: 'bench' },
    project: { id: 'p', name: 'Bench' },
    workPackage: { id: 'w', name: 'Bench' },
    package: { id: 'w', kind: 'egress_report', title: 'Bench' },
    files: files.map((f) => ({ ...f, category: 'output' as const, version: 1, history: [] })).sort((a, b) => (a.path < b.path ? -1 : 1)),
    classification: { tier: 1, policyVersion: 1, classifiedAt: '2026-01-01T00:00:00.000Z', opinions: [] },
    reviews: [],
    findingResponses: [],
    signOffs: [],
    contentDigest: {
      version: 1,
      value: '',
      inputs: { context: {}, removed: [], tier: { tier: 1, policyVersion: 1 }, destination: { kind: null, registeredDestination: null, deliveryMethod: null, recipientKeyFingerprint: null } },
    },
    findingsSummary: {},
    removed: [],
    destination: { kind: 'research_team', id: null, name: null, method: 'link', recipientKeyFingerprint: null },
  };
}

async function storeContent(root: string, gib: number, count: number): Promise<{ large: BundleManifest; small: BundleManifest }> {
  const blobs = openBlobStore({ url: `file:${root}`, quotaBytes: 0 });
  await blobs.ready();
  const big = await blobs.put(noise(Math.round(gib * 1024 ** 3)));
  const small: { path: string; sha256: string; size: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const content = Buffer.concat([Buffer.from(`file ${i}\n`), randomBytes(1024 + ((i * 7919) % (63 * 1024)))]);
    const stored = await blobs.put(Readable.from([content]));
    small.push({ path: `results/${String(i % 100).padStart(2, '0')}/f${i}.bin`, sha256: stored.sha256, size: stored.bytes });
  }
  await blobs.close?.();
  return { large: manifestOf([{ path: 'results/large.bin', sha256: big.sha256, size: big.bytes }]), small: manifestOf(small) };
}

const blobPathsOf = (root: string, manifest: BundleManifest): string[] => manifest.files.map((f) => join(root, f.sha256.slice(0, 2), f.sha256));

function runCase(label: string, work: string, root: string, manifest: BundleManifest): { seal: number; peer: number } {
  const manifestFile = join(work, `${label}.manifest.json`);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const listFile = join(work, `${label}.list`);
  writeFileSync(listFile, `${blobPathsOf(root, manifest).join('\n')}\n`);
  const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
  console.log(`\n${label}: ${manifest.files.length} file(s), ${(bytes / 1024 ** 3).toFixed(2)} GiB`);
  const best = { seal: Infinity, peer: Infinity };
  for (let run = 1; run <= RUNS; run += 1) {
    const out = join(work, `${label}.zip`);
    spawnSync('sync');
    const seal = measure(process.execPath, ['--import', 'tsx', import.meta.filename, '--seal', manifestFile, root, out]);
    if (seal.status !== 0) throw new Error(`seal failed: ${seal.stdout}`);
    // The seal itself, timed inside the child: the process start (tsx loading the modules) is shown apart.
    const sealSeconds = (JSON.parse(seal.stdout.trim()) as { seconds: number }).seconds;
    rmSync(out, { force: true });
    spawnSync('sync');
    // The peer: checksums of every file, then a stored zip of them (file names from a list, as zip -@ reads them).
    const sums = measure('sh', ['-c', `xargs -a '${listFile}' sha256sum > /dev/null`]);
    const zip = measure('sh', ['-c', `zip -0 -q -@ '${out}' < '${listFile}'`]);
    rmSync(out, { force: true });
    const peer = sums.seconds + zip.seconds;
    console.log(
      `  run ${run}: seal ${sealSeconds.toFixed(2)} s (process ${seal.seconds.toFixed(2)} s with start-up, peak RSS ${seal.peakMb.toFixed(0)} MB) | sha256sum ${sums.seconds.toFixed(2)} s + zip -0 ${zip.seconds.toFixed(2)} s = ${peer.toFixed(2)} s (zip peak RSS ${zip.peakMb.toFixed(0)} MB)`,
    );
    best.seal = Math.min(best.seal, sealSeconds);
    best.peer = Math.min(best.peer, peer);
  }
  console.log(`  best: seal ${best.seal.toFixed(2)} s, zip -0 + sha256sum ${best.peer.toFixed(2)} s, ratio ${(best.seal / best.peer).toFixed(2)}×`);
  return best;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--seal') return sealChild(process.argv[3] as string, process.argv[4] as string, process.argv[5] as string);
  const gib = arg('--gib', 2);
  const count = arg('--files', 10_000);
  const work = mkdtempSync(join(tmpdir(), 'egress-seal-bench-'));
  const root = join(work, 'blobs');
  try {
    console.log(`Sealing benchmark in ${work} (node ${process.version}); storing the content…`);
    const { large, small } = await storeContent(root, gib, count);
    runCase('one large file', work, root, large);
    runCase(`${count} small files`, work, root, small);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
}

await main();
