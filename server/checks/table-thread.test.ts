import { describe, expect, it } from 'vitest';
import { TEST_CHECK_CONTEXT } from './line-detectors.testing';
import { TableThread } from './table-thread';
import { textFileScanner } from './text-scan';
import type { FileInfo } from './types';

const file = (name: string, bytes: number): FileInfo => ({ path: name, name, bytes, mediaType: name.endsWith('.tsv') ? 'text/tab-separated-values' : 'text/csv' });

function counts(delimiter: string, rows: number): Buffer {
  const lines = [['region', 'sex', 'count'].join(delimiter)];
  for (let i = 0; i < rows; i++) lines.push([`Region ${i % 40}`, i % 2 ? 'F' : 'M', String((i * 7) % 50)].join(delimiter));
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Hands `bytes` to the thread in chunks of `size`, each in memory of its own (as the file reader does). */
async function feed(thread: TableThread, bytes: Buffer, size: number): Promise<void> {
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = thread.buffer(Math.min(size, bytes.length - at));
    bytes.copy(chunk, 0, at, at + chunk.length);
    await thread.push(chunk);
  }
}

describe('the table thread of a streamed CSV/TSV', () => {
  it('finds what the same tables read on this thread find, whatever the chunk size', async () => {
    for (const [name, delimiter] of [['counts.csv', ','], ['counts.tsv', '\t']] as const) {
      const bytes = counts(delimiter, 3000);
      const here = textFileScanner(file(name, bytes.length), TEST_CHECK_CONTEXT, delimiter, []);
      here.push(bytes.toString('latin1'));
      const expected = here.end();
      expect(expected.map((f) => f.rule)).toContain('sdc.small_count');
      for (const size of [7, 4096]) {
        const thread = new TableThread(file(name, bytes.length), TEST_CHECK_CONTEXT, delimiter);
        try {
          await feed(thread, bytes, size);
          expect(await thread.end()).toEqual(expected);
        } finally {
          await thread.close();
        }
      }
    }
  });

  it('gives chunks back to be read into again, so memory does not grow with the file', async () => {
    const bytes = counts(',', 20_000);
    const thread = new TableThread(file('counts.csv', bytes.length), TEST_CHECK_CONTEXT, ',');
    try {
      const first = thread.buffer(1024);
      bytes.copy(first, 0, 0, 1024);
      await thread.push(first);
      expect(first.byteLength).toBe(0); // moved to the other thread, not copied
      await feed(thread, bytes.subarray(1024), 1024);
      await thread.end();
      // Once the thread has read them, the chunks come back as the memory for the next reads.
      const spare = thread.spareChunks;
      expect(spare).toBeGreaterThan(0);
      expect(thread.buffer(1024).byteLength).toBe(1024);
      expect(thread.spareChunks).toBe(spare - 1);
    } finally {
      await thread.close();
    }
  });

  it('refuses more chunks once closed (a scan stopped by its budget), instead of waiting for ever', async () => {
    const thread = new TableThread(file('counts.csv', 10), TEST_CHECK_CONTEXT, ',');
    await thread.close();
    await expect(thread.push(Buffer.from('a,b\n'))).rejects.toThrow('closed');
    await expect(thread.end()).rejects.toThrow('closed');
  });

  it('stops waiting and ends the thread when the time budget runs out', async () => {
    const controller = new AbortController();
    const bytes = counts(',', 50_000);
    const thread = new TableThread(file('counts.csv', bytes.length), { ...TEST_CHECK_CONTEXT, signal: controller.signal }, ',');
    try {
      await feed(thread, bytes, 64 * 1024);
      const findings = thread.end();
      controller.abort();
      await expect(findings).rejects.toThrow('time budget exceeded');
      await expect(thread.push(Buffer.from('a,b\n'))).rejects.toThrow('time budget exceeded');
    } finally {
      await thread.close();
    }
  });
});

