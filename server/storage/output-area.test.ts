/**
 * The output-area folder reader on a real temporary folder: what it lists, what it opens,
 * and how it notices a file that changes while it is being copied.
 */
import { appendFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { cursorOf, isAfterCursor } from '../domain/packages/output-area-order';
import type { WalkItem } from '../ports/output-areas';
import { OutputArea } from './output-area';

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

async function read(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('the output-area folder reader', () => {
  let root: string;
  let elsewhere: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'egress-area-'));
    elsewhere = await mkdtemp(join(tmpdir(), 'egress-elsewhere-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('opens a file with its size and time from the opened descriptor, and reads its bytes', async () => {
    await writeFile(join(root, 'a.txt'), 'hello');
    const when = new Date('2024-05-01T12:00:00.123Z');
    await utimes(join(root, 'a.txt'), when, when);
    const area = await OutputArea.open(root);
    const file = await area.openFile('a.txt');
    try {
      expect({ bytes: file.bytes, mtimeMs: file.mtimeMs }).toEqual({ bytes: 5, mtimeMs: when.getTime() });
      expect(await read(file.stream())).toBe('hello');
      await file.assertUnchanged();
    } finally {
      await file.close();
    }
  });

  it('notices a file that grew, or was rewritten in place, after it was opened', async () => {
    await writeFile(join(root, 'grows.txt'), 'first');
    await writeFile(join(root, 'rewritten.txt'), 'first');
    const area = await OutputArea.open(root);
    const grows = await area.openFile('grows.txt');
    const rewritten = await area.openFile('rewritten.txt');
    try {
      await appendFile(join(root, 'grows.txt'), ' and more');
      expect(await codeOf(grows.assertUnchanged())).toBe('file.size_mismatch');
      const later = new Date(Date.now() + 60_000);
      await utimes(join(root, 'rewritten.txt'), later, later);
      expect(await codeOf(rewritten.assertUnchanged())).toBe('output_area.changed_during_copy');
    } finally {
      await grows.close();
      await rewritten.close();
    }
  });

  it('refuses to open links that leave the area, folders and missing files', async () => {
    await writeFile(join(elsewhere, 'secret.txt'), 'secret');
    await symlink(join(elsewhere, 'secret.txt'), join(root, 'secret.txt'));
    await symlink('/etc/passwd', join(root, 'passwd'));
    await mkdir(join(root, 'folder'));
    const area = await OutputArea.open(root);
    expect(await codeOf(area.openFile('secret.txt'))).toBe('output_area.outside');
    expect(await codeOf(area.openFile('passwd'))).toBe('output_area.outside');
    expect(await codeOf(area.openFile('../' + elsewhere.split('/').at(-1) + '/secret.txt'))).toBe('output_area.outside');
    expect(await codeOf(area.openFile('folder'))).toBe('output_area.unreadable');
    expect(await codeOf(area.openFile('missing.txt'))).toBe('output_area.not_found');
  });

  it('refuses to open an area that is not an existing folder', async () => {
    expect(await codeOf(OutputArea.open(join(root, 'missing')))).toBe('output_area.not_found');
    await writeFile(join(root, 'file'), 'x');
    expect(await codeOf(OutputArea.open(join(root, 'file')))).toBe('output_area.not_found');
  });

  it('works through a root that is itself reached by a link', async () => {
    await writeFile(join(root, 'a.txt'), 'a');
    const linked = join(elsewhere, 'output');
    await symlink(root, linked);
    const area = await OutputArea.open(linked);
    expect((await area.list('')).entries.map((e) => e.name)).toEqual(['a.txt']);
    const file = await area.openFile('a.txt');
    await file.close();
  });

  it('pages with cursors that survive a deleted entry', async () => {
    await mkdir(join(root, 'd'));
    for (const name of ['a', 'b', 'c']) await writeFile(join(root, name), name);
    const area = await OutputArea.open(root);
    const { entries } = await area.list('');
    expect(entries.map((e) => e.name)).toEqual(['d', 'a', 'b', 'c']);
    const cursor = cursorOf(entries[2] as (typeof entries)[number]);
    await rm(join(root, 'b'));
    const after = (await area.list('')).entries.filter((e) => isAfterCursor(e, cursor));
    expect(after.map((e) => e.name)).toEqual(['c']);
  });

  it('stops walking one file past the maximum', async () => {
    await mkdir(join(root, 'many'));
    for (let i = 0; i < 5; i += 1) await writeFile(join(root, 'many', `f${i}`), 'x');
    const area = await OutputArea.open(root);
    const items: WalkItem[] = [];
    for await (const item of area.walk('many', 2)) items.push(item);
    expect(items.map((i) => i.path)).toEqual(['many/f0', 'many/f1', 'many/f2']);
  });
});
