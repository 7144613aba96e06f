/**
 * Byte progress for `egress push`: on a terminal, one line that keeps being rewritten in place
 * (`[2/5] results/t1.csv  12.0 MiB of 40.0 MiB (30%)`); anywhere else, nothing, because the
 * command also prints one plain line per file, which is what logs and scripts want.
 *
 * Example: `const progress = createProgress(process.stderr); progress.show('hashing t1.csv');
 * progress.clear(); io.out('uploaded t1.csv (1234 bytes)');`
 */

/** Where the progress line goes: a terminal stream such as process.stderr. */
export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** Replaces the progress line (at most ten times a second, unless `force`). */
  show(text: string, force?: boolean): void;
  /** Removes the progress line, before a plain line is printed. */
  clear(): void;
}

const CLEAR_LINE = '\r\x1b[2K';
const MIN_INTERVAL_MS = 100;

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export function createProgress(sink: ProgressSink | null | undefined): Progress {
  if (!sink?.isTTY) return { show: () => undefined, clear: () => undefined };
  let shown = false;
  let last = 0;
  return {
    show: (text, force = false) => {
      const now = Date.now();
      if (!force && shown && now - last < MIN_INTERVAL_MS) return;
      last = now;
      // Some terminals (and `script`) report 0 columns: assume 80 then.
      const width = Math.max(20, (sink.columns && sink.columns > 0 ? sink.columns : 80) - 1);
      sink.write(`${CLEAR_LINE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    clear: () => {
      if (shown) sink.write(CLEAR_LINE);
      shown = false;
    },
  };
}
