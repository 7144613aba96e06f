/**
 * Tiny redaction operations for the tests of the redaction backbone (the Redactor, the commands,
 * the routes, the CLI), so those tests do not depend on the real operations of the family
 * folders. Each behaves like a real operation would in one respect:
 *
 * - `text.fake_mask` masks every occurrence of a word with a marker (a change per occurrence, no value in the change list);
 * - `images.fake_strip` drops the bytes after the PNG's IEND chunk (a binary change: no text diff);
 * - `text.fake_unparseable` writes half a file, then refuses with `redaction.unparseable`;
 * - `text.fake_slow` waits until it is aborted (a time limit test);
 * - `text.fake_crash` throws a plain error (a bug, not a refusal).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { type RedactionChange, type RedactionOperation, RedactionError } from './types';

const isText = (file: { mediaType: string }) => file.mediaType.startsWith('text/') || file.mediaType === 'application/json';

const fakeMask: RedactionOperation<{ word: string; marker: string }> = {
  id: 'text.fake_mask',
  family: 'text',
  title: 'Mask a word (test)',
  description: 'Replaces every occurrence of a word with a marker.',
  parameters: z.object({ word: z.string().min(1).describe('The word to mask'), marker: z.string().min(1).default('[REMOVED]') }).strict(),
  supports: isText,
  async apply(source, params, outPath) {
    const text = await readFile(source.path, 'utf8');
    const changes: RedactionChange[] = [];
    text.split('\n').forEach((line, i) => {
      for (let at = line.indexOf(params.word); at >= 0; at = line.indexOf(params.word, at + params.word.length))
        changes.push({ location: { line: i + 1, column: at + 1 }, change: `masked as ${params.marker}` });
    });
    if (changes.length === 0) throw new RedactionError('redaction.nothing_to_change', `“${params.word}” does not occur in the file`);
    await writeFile(outPath, text.split(params.word).join(params.marker));
    return { changeCount: changes.length, changes };
  },
};

const IEND = Buffer.from('IEND');
const fakeStrip: RedactionOperation<Record<string, never>> = {
  id: 'images.fake_strip',
  family: 'images',
  title: 'Strip trailing bytes (test)',
  description: 'Drops whatever follows a PNG’s IEND chunk.',
  parameters: z.object({}).strict(),
  supports: (file) => file.mediaType === 'image/png',
  async apply(source, _params, outPath) {
    const bytes = await readFile(source.path);
    const end = bytes.indexOf(IEND);
    if (end < 0) throw new RedactionError('redaction.unparseable', 'No IEND chunk');
    const kept = bytes.subarray(0, end + IEND.length + 4);
    if (kept.length === bytes.length) throw new RedactionError('redaction.nothing_to_change', 'Nothing follows the IEND chunk');
    await writeFile(outPath, kept);
    return { changeCount: 1, changes: [{ change: 'removed trailing data' }] };
  },
};

const fakeUnparseable: RedactionOperation<Record<string, never>> = {
  id: 'text.fake_unparseable',
  family: 'text',
  title: 'Refuse after half a file (test)',
  description: 'Writes half the file, then refuses as if it could not parse the rest.',
  parameters: z.object({}).strict(),
  supports: isText,
  async apply(source, _params, outPath) {
    const bytes = await readFile(source.path);
    await writeFile(outPath, bytes.subarray(0, bytes.length >> 1));
    throw new RedactionError('redaction.unparseable', 'The file could not be parsed past its middle');
  },
};

const fakeSlow: RedactionOperation<Record<string, never>> = {
  id: 'text.fake_slow',
  family: 'text',
  title: 'Wait for the time limit (test)',
  description: 'Writes a little, then waits until it is aborted.',
  parameters: z.object({}).strict(),
  supports: isText,
  async apply(_source, _params, outPath) {
    await writeFile(outPath, 'partial');
    // Ignores the signal on purpose: the Redactor must stop waiting for it anyway.
    await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
    return { changeCount: 1, changes: [] };
  },
};

const fakeCrash: RedactionOperation<Record<string, never>> = {
  id: 'text.fake_crash',
  family: 'text',
  title: 'Crash (test)',
  description: 'Throws an error that is not a refusal.',
  parameters: z.object({}).strict(),
  supports: isText,
  async apply() {
    throw new TypeError('Cannot read properties of undefined');
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each operation has its own parameter type
export const FAKE_OPERATIONS: RedactionOperation<any>[] = [fakeMask, fakeStrip, fakeUnparseable, fakeSlow, fakeCrash];

/** A PNG signature, one IEND chunk and `trailer` after it: what `images.fake_strip` cuts. */
export function pngWithTrailer(trailer: string): Buffer {
  const ihdr = Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex');
  const iend = Buffer.from('0000000049454e44ae426082', 'hex');
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ihdr, iend, Buffer.from(trailer)]);
}
