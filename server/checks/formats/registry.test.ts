import { describe, expect, it } from 'vitest';
import { detectMediaType } from './detect-type';
import { BINARY_BY_EXTENSION, FORMATS, TEXT_BY_EXTENSION, mediaTypesOf } from './registry';

describe('the format registry', () => {
  it('declares each extension in one format only', () => {
    const extensions = FORMATS.flatMap((f) => f.extensions);
    expect(new Set(extensions).size).toBe(extensions.length);
  });

  it('names each format once, so handlers can ask for it by name', () => {
    expect(new Set(FORMATS.map((f) => f.name)).size).toBe(FORMATS.length);
    expect(() => mediaTypesOf('no-such-format')).toThrow('no format named no-such-format');
  });

  it('gives type detection the text types and the filetype family the binary ones', async () => {
    expect(TEXT_BY_EXTENSION['.tsv']).toBe('text/tab-separated-values');
    expect(await detectMediaType('counts.tab', Buffer.from('a\tb\n1\t2\n'))).toBe('text/tab-separated-values');
    expect(BINARY_BY_EXTENSION['.heic']).toEqual(['image/heic', 'image/heif']);
    expect(BINARY_BY_EXTENSION['.dotx']).toBeUndefined();
    expect(mediaTypesOf('docx').has('application/vnd.openxmlformats-officedocument.wordprocessingml.template')).toBe(true);
  });
});
