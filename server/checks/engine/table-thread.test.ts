import { describe, expect, it } from 'vitest';
import { TEST_CHECK_CONTEXT } from './line-detectors.testing';
import { ChunkDecoder, pushPieces } from './scan-buffer';
import { TableThread } from './table-thread';
import { textFileScanner } from './text-scan';
import type { FileInfo } from './types';

const file = (name: string, bytes: number): FileInfo => ({ path: name, name, bytes, mediaType: name.endsWith('.tsv') ? 'text/tab-separated-values' : 'text/csv' });

function counts(delimiter: string, rows: number): Buffer {
  const lines = [['region', 'sex', 'count'].join(delimiter)];
  for (let i = 0; i < rows; i++) lines.push([`Region ${i % 40}`, i % 2 ? 'F' : 'M', String((i * 7) % 50)].join(delimiter));
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Hands `bytes` to the thread in chunks of `size`, each read into a buffer the thread lends (as the file reader does). */
async function feed(thread: TableThread, bytes: Buffer, size: number): Promise<void> {
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = thread.buffer(size);
    const length = bytes.copy(chunk, 0, at, at + size);
    await thread.push(chunk.subarray(0, length));
  }
}

/** The findings of the same tables read on this thread, from the same bytes. */
function readHere(name: string, bytes: Buffer, delimiter: string) {
  const here = textFileScanner(file(name, bytes.length), TEST_CHECK_CONTEXT, delimiter, []);
  const decoder = new ChunkDecoder();
  pushPieces(bytes, decoder, here);
  here.push(decoder.end());
  return here.end();
}

describe('the table thread of a streamed CSV/TSV', () => {
  it('finds what the same tables read on this thread find, wherever the bytes are cut', async () => {
    const utf8 = Buffer.from(counts(',', 3000).toString('utf8').replaceAll('Region 1', 'Région 1'));
    const latin1 = Buffer.from(counts(',', 3000).toString('latin1').replaceAll('Region 1', 'R\u00e9gion 1'), 'latin1');
    const cases = [
      ['counts.csv', ',', Buffer.from(counts(',', 3000).toString('latin1').replaceAll('\n', '\r\n'))],
      ['counts.tsv', '\t', counts('\t', 3000)],
      ['utf8.csv', ',', utf8],
      ['latin1.csv', ',', latin1],
    ] as const;
    for (const [name, delimiter, bytes] of cases) {
      const expected = readHere(name, bytes, delimiter);
      expect(expected.map((f) => f.rule)).toContain('sdc.small_count');
      // 7 bytes cut rows and the two bytes of an é; 4096 and 200,000 cut rows inside and across pieces.
      for (const size of [7, 4096, 200_000]) {
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

  it('hands the buffers it has read back to be read into again', async () => {
    const thread = new TableThread(file('counts.csv', 10), TEST_CHECK_CONTEXT, ',');
    try {
      const pushed = new Set<string>();
      let lentBack = 0;
      const bytes = counts(',', 20_000);
      for (let at = 0; at < bytes.length; at += 4096) {
        const chunk = thread.buffer(4096);
        // A buffer handed back still holds the chunk last read into it.
        if (pushed.has(chunk.toString('latin1'))) lentBack++;
        const length = bytes.copy(chunk, 0, at, at + 4096);
        pushed.add(chunk.toString('latin1', 0, length));
        await thread.push(chunk.subarray(0, length));
        // The chunk handed over is the thread's now: this side can no longer read it.
        expect(chunk.length).toBe(0);
        // Give the thread's replies a turn, as a file read does.
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await thread.end()).not.toEqual([]);
      expect(lentBack).toBeGreaterThan(pushed.size / 2);
    } finally {
      await thread.close();
    }
  });

  it('copies bytes it did not lend instead of transferring them (a pooled Buffer stays usable)', async () => {
    const thread = new TableThread(file('counts.csv', 10), TEST_CHECK_CONTEXT, ',');
    try {
      const pooled = Buffer.from('region,n\nNorth,3\n');
      const neighbour = Buffer.from('still here');
      await thread.push(pooled);
      expect(pooled.toString()).toBe('region,n\nNorth,3\n');
      expect(neighbour.toString()).toBe('still here');
      expect((await thread.end()).map((f) => f.rule)).toContain('sdc.small_count');
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
