/**
 * `egress scan`'s engine: walks the given paths, checks every file, and builds the one JSON
 * document of the contract (common/contracts/scan.contract.ts).
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanReport, ScannedEntry } from '../../../common/contracts/scan.contract';
import { DomainError } from '../../domain/errors';
import { PRESETS, type PresetName, type ScanParameters } from '../shared/presets';
import { scanInWorkers } from './scan-pool';
import type { PackageKind } from './types';

export interface ScanOptions {
  preset: PresetName;
  overrides?: Partial<ScanParameters>;
  packageKind: PackageKind;
  workers?: number;
  toolVersion: string;
}

type Walked = { path: string; skipped?: string };

async function walk(path: string, out: Walked[]): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) out.push({ path, skipped: 'symbolic link: not followed' });
  else if (info.isDirectory()) {
    const names = (await readdir(path)).sort();
    for (const name of names) await walk(join(path, name), out);
  } else if (info.isFile()) out.push({ path });
  else out.push({ path, skipped: 'not a regular file' });
}

function skippedEntry(path: string, reason: string): ScannedEntry {
  return { path, sha256: '0'.repeat(64), bytes: 0, mediaType: 'inode/x-unknown', status: 'skipped', reason, verdict: 'pass', findings: [], entries: [] };
}

/** Checks the files under `paths`. Throws `validation.invalid_input` for a path that does not exist. */
export async function scanPaths(paths: string[], options: ScanOptions): Promise<ScanReport> {
  const walked: Walked[] = [];
  for (const p of paths) {
    try {
      await walk(p, walked);
    } catch {
      throw new DomainError('validation.invalid_input', `Cannot read ${p}: no such file or directory`);
    }
  }
  const parameters: ScanParameters = { ...PRESETS[options.preset], ...options.overrides };
  const toScan = walked.filter((w) => !w.skipped).map((w) => w.path);
  const scanned = await scanInWorkers(toScan, { parameters, packageKind: options.packageKind, workers: options.workers });
  const byPath = new Map(toScan.map((p, i) => [p, scanned[i] as ScannedEntry]));
  const files = walked.map((w) => (w.skipped ? skippedEntry(w.path, w.skipped) : (byPath.get(w.path) as ScannedEntry)));
  const summary = { files: files.length, pass: 0, review: 0, block: 0, unreadable: 0 };
  for (const f of files) {
    summary[f.verdict]++;
    if (f.status === 'unreadable') summary.unreadable++;
  }
  return { tool: { name: 'safe-haven-egress', version: options.toolVersion }, preset: options.preset, parameters: { ...parameters, packageKind: options.packageKind }, files, summary };
}
