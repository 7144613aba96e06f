/** Runs a command under GNU time and returns wall seconds and peak resident memory (MB). */
import { spawnSync } from 'node:child_process';

export interface Measured {
  seconds: number;
  peakMb: number;
  status: number | null;
  stdout: string;
}

export function measure(command: string, args: string[], env: Record<string, string> = {}): Measured {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = (result.stderr ?? '').trim().split('\n');
  const peakKb = Number(lines[lines.length - 1]);
  return { seconds, peakMb: Number.isFinite(peakKb) ? peakKb / 1024 : Number.NaN, status: result.status, stdout: result.stdout ?? '' };
}

export const mbPerSecond = (bytes: number, seconds: number) => bytes / 1024 / 1024 / seconds;
