/**
 * The server's logger (README "Configuration": LOG_FORMAT, LOG_FILE, LOG_LEVEL). By default the
 * terminal stays readable: one short line per notable event (start-up messages, warnings and
 * errors), never a line per request. `LOG_FORMAT=json` writes every record, requests included,
 * as JSON lines on standard output (for a container's log collector); `LOG_FILE` also appends
 * every record as JSON lines to a file created mode 0600.
 *
 * Example terminal line: `10:42:07 WARN  could not remove the staged bytes of expired uploads: EACCES …`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/config';

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One readable line of a pino record, or null for request logs (a record about a request that is not a warning). */
export function terminalLine(record: Record<string, unknown>): string | null {
  const level = typeof record.level === 'number' ? record.level : 30;
  if (level < 40 && ('req' in record || 'res' in record || 'reqId' in record)) return null;
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString().slice(11, 19);
  const err = record.err as { message?: unknown } | undefined;
  const detail = typeof err?.message === 'string' ? `: ${err.message}` : typeof record.error === 'string' ? `: ${record.error}` : '';
  const message = `${String(record.msg ?? '')}${detail}`.replace(/[\r\n]+/g, ' ');
  return `${time} ${(LEVEL_NAMES[level] ?? String(level)).padEnd(5)} ${message}`;
}

/** A stream that prints `terminalLine` of each JSON record to `out`. */
function terminalStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text.trim() === '') continue;
        try {
          const line = terminalLine(JSON.parse(text) as Record<string, unknown>);
          if (line !== null) out.write(`${line}\n`);
        } catch {
          out.write(`${text}\n`);
        }
      }
      done();
    },
  });
}

/** The logger for the server: terminal lines or JSON on stdout, plus the file when configured; `quiet` keeps stdout to warnings. */
export function serverLogger(config: Pick<Config, 'logLevel' | 'logFormat' | 'logFile'>, options: { quiet?: boolean; redact: string[] }): Logger {
  const level = config.logLevel as pino.Level | 'silent';
  const streams: pino.StreamEntry[] = [];
  if (level !== 'silent') {
    const terminalLevel = options.quiet ? 'warn' : level;
    streams.push(config.logFormat === 'json' ? { level: terminalLevel, stream: process.stdout } : { level: terminalLevel, stream: terminalStream(process.stdout) });
    if (config.logFile !== null) {
      mkdirSync(dirname(config.logFile), { recursive: true, mode: 0o700 });
      streams.push({ level, stream: pino.destination({ dest: config.logFile, append: true, mkdir: true, mode: 0o600, sync: false }) });
    }
  }
  if (streams.length === 0) return pino({ level: 'silent' });
  const lowest = streams.map((s) => pino.levels.values[s.level as string] ?? 30).reduce((a, b) => Math.min(a, b));
  return pino({ level: pino.levels.labels[lowest] ?? 'info', redact: options.redact }, pino.multistream(streams));
}
