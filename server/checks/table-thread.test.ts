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

/** Hands `text` to the thread in pieces of `size`, `group` pieces per chunk (as the file reader does). */
async function feed(thread: TableThread, text: string, size: number, group = 3): Promise<void> {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  for (let at = 0; at < pieces.length; at += group) await thread.push(pieces.slice(at, at + group));
}

describe('the table thread of a streamed CSV/TSV', () => {
  it('finds what the same tables read on this thread find, wherever the text is cut', async () => {
    for (const [name, delimiter] of [['counts.csv', ','], ['counts.tsv', '\t']] as const) {
      const text = counts(delimiter, 3000).toString('latin1').replaceAll('\n', '\r\n');
      const here = textFileScanner(file(name, text.length), TEST_CHECK_CONTEXT, delimiter, []);
      here.push(text);
      const expected = here.end();
      expect(expected.map((f) => f.rule)).toContain('sdc.small_count');
      for (const size of [7, 4096]) {
        const thread = new TableThread(file(name, text.length), TEST_CHECK_CONTEXT, delimiter);
        try {
          await feed(thread, text, size);
          expect(await thread.end()).toEqual(expected);
        } finally {
          await thread.close();
        }
      }
    }
  });

  it('refuses more chunks once closed (a scan stopped by its budget), instead of waiting for ever', async () => {
    const thread = new TableThread(file('counts.csv', 10), TEST_CHECK_CONTEXT, ',');
    await thread.close();
    await expect(thread.push(['a,b\n'])).rejects.toThrow('closed');
    await expect(thread.end()).rejects.toThrow('closed');
  });

  it('stops waiting and ends the thread when the time budget runs out', async () => {
    const controller = new AbortController();
    const text = counts(',', 50_000).toString('latin1');
    const thread = new TableThread(file('counts.csv', text.length), { ...TEST_CHECK_CONTEXT, signal: controller.signal }, ',');
    try {
      await feed(thread, text, 64 * 1024);
      const findings = thread.end();
      controller.abort();
      await expect(findings).rejects.toThrow('time budget exceeded');
      await expect(thread.push(['a,b\n'])).rejects.toThrow('time budget exceeded');
    } finally {
      await thread.close();
    }
  });
});

