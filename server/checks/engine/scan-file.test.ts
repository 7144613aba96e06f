import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CHECK_CONTEXT } from './line-detectors.testing';
import { ChunkDecoder } from './scan-buffer';
import { scanFile } from './scan-file';
import { textFileScanner } from './text-scan';

const decodeAll = (chunks: Buffer[]): string => {
  const decoder = new ChunkDecoder();
  return chunks.map((c) => decoder.decode(c).text).join('') + decoder.end();
};

describe('decoding text chunk by chunk', () => {
  it('keeps a character split between chunks whole and drops the byte-order mark', () => {
    const bytes = Buffer.from('\uFEFFnaïve café ✓ 𝄞 end', 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe('naïve café ✓ 𝄞 end');
    }
  });

  it('reads the rest as Latin-1 once a chunk is not valid UTF-8, and says which bytes each text came from', () => {
    const decoder = new ChunkDecoder();
    expect(decoder.decode(Buffer.from('ok\n', 'utf8'))).toEqual({ text: 'ok\n', bytes: Buffer.from('ok\n') });
    expect(decoder.decode(Buffer.from([0x4f, 0xe9, 0x42, 0x0a])).text).toBe('OéB\n');
    expect(decoder.decode(Buffer.from('é', 'utf8')).text).toBe('Ã©');
  });
});

describe('decoding a file whose UTF-8 byte-order mark comes before bytes that are not UTF-8', () => {
  it('drops the mark when it falls back to Latin-1', () => {
    const decoder = new ChunkDecoder();
    expect(decoder.decode(Buffer.from([0xef, 0xbb, 0xbf, 0x69, 0x64, 0xe9, 0x0a])).text).toBe('idé\n');
  });
});

describe('a streamed text file', () => {
  it('reads a CSV header wider than 64 KiB as one header, in memory and streamed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-wide-'));
    const header = ['region', ...Array.from({ length: 15_000 }, (_, i) => `gene_${i}`), 'count'];
    const rows = Array.from({ length: 30 }, (_, r) => [`Region ${r}`, ...Array.from({ length: 15_000 }, () => '0.5'), String(r === 3 ? 2 : 40)]);
    const path = join(dir, 'wide.csv');
    writeFileSync(path, [header, ...rows].map((row) => row.join(',')).join('\n'));
    const inMemory = await scanFile(path, TEST_CHECK_CONTEXT);
    const small = inMemory.findings.find((f) => f.rule === 'sdc.small_count');
    expect(small?.location).toMatchObject({ row: 4, column: 15_002 });
    const streamed = await scanFile(path, { ...TEST_CHECK_CONTEXT, parameters: { ...TEST_CHECK_CONTEXT.parameters, maxFileBytesInMemory: 1024 } });
    expect(streamed.findings).toEqual(inMemory.findings);
  });

  it('gives the same findings as the same file checked in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-stream-'));
    const rows = ['region,age_band,first_name,dob,count,contact'];
    for (let i = 0; i < 40_000; i++) {
      const contact = i % 997 === 0 ? `person${i}@example.org` : i % 1009 === 0 ? 'call 07700 900123' : i % 1013 === 0 ? 'Zoë, SW1A 1AA' : '';
      rows.push(`Région ${i % 7},${(i % 9) * 10}-${(i % 9) * 10 + 9},${i % 5000 === 0 ? 'Ada' : ''},${i % 4999 === 0 ? '10/12/1980' : ''},${(i * 37) % 5000},${contact}`);
    }
    const path = join(dir, 'people.csv');
    writeFileSync(path, `\uFEFF${rows.join('\r\n')}\r\n`);
    const inMemory = await scanFile(path, TEST_CHECK_CONTEXT);
    const streamed = await scanFile(path, { ...TEST_CHECK_CONTEXT, parameters: { ...TEST_CHECK_CONTEXT.parameters, maxFileBytesInMemory: 1024 } });
    expect(inMemory.findings.length).toBeGreaterThan(10);
    expect(streamed.findings).toEqual(inMemory.findings);
    expect(streamed.sha256).toBe(inMemory.sha256);
    // Both paths cut the text into the same pieces; the whole text in one piece is the reference
    // that a bug at a piece boundary would differ from.
    const whole = textFileScanner({ path, name: 'people.csv', bytes: inMemory.bytes, mediaType: 'text/csv' }, TEST_CHECK_CONTEXT, ',');
    whole.push(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    expect(whole.end()).toEqual(inMemory.findings);
  });
});
