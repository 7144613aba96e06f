import { describe, expect, it } from 'vitest';
import { type ClosureFacts, closureState } from './checklist';
import { globToRegExp, selectionMatcher } from './path-selection';
import { needsHash } from './inventory-plan';

const base: ClosureFacts = { projectId: 'p', outputArea: '/mnt/output', inventoryProblem: null, files: [], released: [], marks: [], workPackages: [], openLinks: [], waivers: [] };
const copy = { packageId: 'pk', packageName: 'Report', versionNumber: 2, releasedAt: '2030-01-01T00:00:00Z', destination: 'Team link' };

describe('file fates', () => {
  it('prefers egress by content over a mark, a mark over unreadable and changed', () => {
    const { files, gaps } = closureState({
      ...base,
      files: [
        { path: 'moved/r.md', bytes: 1, mtimeMs: 1, sha256: 'aaa' },
        { path: 'kept.csv', bytes: 1, mtimeMs: 1, sha256: 'bbb' },
        { path: 'locked.bin', bytes: 1, mtimeMs: 1, sha256: null },
        { path: 'out/t.csv', bytes: 1, mtimeMs: 1, sha256: 'ccc' },
        { path: 'src/t2.csv', bytes: 1, mtimeMs: 1, sha256: 'ddd' },
      ],
      released: [
        { ...copy, sha256: 'aaa', path: 'r.md', sourcePath: null },
        { ...copy, sha256: 'old', path: 'out/t.csv', sourcePath: null },
        { ...copy, sha256: 'old2', path: 'renamed.csv', sourcePath: 'src/t2.csv' },
      ],
      marks: [
        { path: 'kept.csv', fate: 'retained', reason: 'stays', by: null, at: 'x' },
        { path: 'moved/r.md', fate: 'discarded', reason: 'oops', by: null, at: 'x' },
      ],
    });
    expect(files.map((f) => [f.path, f.fate])).toEqual([
      ['moved/r.md', 'egressed'],
      ['kept.csv', 'retained'],
      ['locked.bin', 'unreadable'],
      ['out/t.csv', 'changed'],
      ['src/t2.csv', 'changed'],
    ]);
    expect(files[4]?.egress).toMatchObject({ path: 'renamed.csv', versionNumber: 2 });
    expect(gaps.map((g) => g.code)).toEqual(['closure.file_changed', 'closure.file_changed', 'closure.file_unreadable']);
  });

  it('lets a waiver remove only the gap it names, and never a file gap', () => {
    const facts: ClosureFacts = {
      ...base,
      inventoryProblem: 'never inventoried',
      files: [{ path: 'a', bytes: 1, mtimeMs: 1, sha256: 'x' }],
      openLinks: [
        { id: 'l1', packageName: 'Report', expiresAt: 'later' },
        { id: 'l2', packageName: 'Report', expiresAt: 'later' },
      ],
      waivers: [
        { id: 'w1', code: 'closure.link_open', key: 'l1', reason: 'r', by: null, at: 'x' },
        { id: 'w2', code: 'closure.file_unaccounted', key: 'a', reason: 'r', by: null, at: 'x' },
      ],
    };
    const state = closureState(facts);
    expect(state.gaps.map((g) => `${g.code} ${g.key}`)).toEqual(['closure.inventory_missing p', 'closure.file_unaccounted a', 'closure.link_open l2']);
    expect(state.waiversApplied.map((w) => w.id)).toEqual(['w1']);
  });
});

describe('selecting paths and re-hashing', () => {
  it('matches globs within and across folders', () => {
    expect(globToRegExp('**/*.tmp').test('a.tmp')).toBe(true);
    expect(globToRegExp('**/*.tmp').test('x/y/a.tmp')).toBe(true);
    expect(globToRegExp('x/*.tmp').test('x/y/a.tmp')).toBe(false);
    expect(globToRegExp('data?.csv').test('data1.csv')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(selectionMatcher({ folder: 'results' })('results-old/x')).toBe(false);
    expect(selectionMatcher({ folder: 'results/' })('results/x/y')).toBe(true);
    expect(() => selectionMatcher({ folder: '../etc' })).toThrow(expect.objectContaining({ code: 'closure.selection_invalid' }));
    expect(() => selectionMatcher({})).toThrow(expect.objectContaining({ code: 'closure.selection_invalid' }));
  });

  it('re-hashes a file only when it is new, unhashed, or its size, time or etag changed', () => {
    const seen = { path: 'a', bytes: 3, mtimeMs: 1000, etag: '"e1"' };
    const known = { ...seen, sha256: 'h' };
    expect(needsHash(seen, known)).toBe(false);
    expect(needsHash(seen, undefined)).toBe(true);
    expect(needsHash(seen, { ...known, sha256: null })).toBe(true);
    expect(needsHash({ ...seen, bytes: 4 }, known)).toBe(true);
    expect(needsHash({ ...seen, mtimeMs: 2000 }, known)).toBe(true);
    expect(needsHash({ ...seen, etag: '"e2"' }, known)).toBe(true);
  });
});
