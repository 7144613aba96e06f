import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { childPath, isInsideRoot, parentPath, parseContainerArea, parseOutputAreaSetting, parseRequestedPath, relativeToRoot } from './output-area-path';
import { type OutputAreaCopy, compareWithCopy, fileStatus } from './output-area-status';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('the output area setting', () => {
  it('keeps an absolute folder path, normalised, and clears with null or blank', () => {
    expect(parseOutputAreaSetting('/mnt/output/')).toBe('/mnt/output');
    expect(parseOutputAreaSetting(' /mnt//output ')).toBe('/mnt/output');
    expect(parseOutputAreaSetting(null)).toBeNull();
    expect(parseOutputAreaSetting('  ')).toBeNull();
  });

  it('keeps an s3:// or azure:// container prefix, normalised, and splits it into its parts', () => {
    expect(parseOutputAreaSetting(' s3://bucket//outputs/run 1/ ')).toBe('s3://bucket/outputs/run%201');
    expect(parseOutputAreaSetting('s3://bucket?region=eu-west-2&endpoint=http://127.0.0.1:9000')).toBe('s3://bucket?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-2');
    expect(parseOutputAreaSetting('azure://container/prefix/')).toBe('azure://container/prefix');
    expect(parseContainerArea('s3://bucket/outputs/run%201?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-2')).toEqual({
      scheme: 's3',
      container: 'bucket',
      prefix: 'outputs/run 1',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-2',
    });
    expect(parseContainerArea('azure://container')).toEqual({ scheme: 'azure', container: 'container', prefix: '' });
  });

  it('refuses other schemes, and container prefixes with dot segments, user info or unknown parameters', () => {
    expect(codeOf(() => parseOutputAreaSetting('gs://bucket/outputs'))).toBe('output_area.unsupported');
    expect(codeOf(() => parseOutputAreaSetting('file:///mnt/output'))).toBe('output_area.unsupported');
    for (const bad of ['s3://bucket/a/../b', 's3://bucket/%2e%2e/b', 's3://key:secret@bucket/p', 'azure://c1/p?sig=secret', 's3://b?region=x', 's3://bucket?endpoint=ftp://x', 's3:///p']) {
      expect(
        codeOf(() => parseOutputAreaSetting(bad)),
        bad,
      ).toBe('validation.invalid_input');
    }
  });

  it('refuses relative paths, dot segments, control characters and the file-system root', () => {
    for (const bad of ['mnt/output', './output', '/mnt/../etc', '/mnt/out\nput', '/', '///']) {
      expect(codeOf(() => parseOutputAreaSetting(bad))).toBe('validation.invalid_input');
    }
  });
});

describe('a requested path inside the output area', () => {
  it('is normalised, with the area itself as the empty path', () => {
    expect(parseRequestedPath(undefined)).toBe('');
    expect(parseRequestedPath('/')).toBe('');
    expect(parseRequestedPath('/results/tables/')).toBe('results/tables');
    expect(parseRequestedPath('results/t 1.csv')).toBe('results/t 1.csv');
  });

  it('is refused as outside the area when it contains . or .. anywhere', () => {
    for (const bad of ['..', '../etc/passwd', 'results/../../etc', 'results/./t.csv', 'a/..']) {
      expect(codeOf(() => parseRequestedPath(bad))).toBe('output_area.outside');
    }
  });

  it('is refused when it has an empty folder name or a control character', () => {
    expect(codeOf(() => parseRequestedPath('a//b'))).toBe('validation.invalid_input');
    expect(codeOf(() => parseRequestedPath('a\u0000b'))).toBe('validation.invalid_input');
  });

  it('builds child and parent paths relative to the area', () => {
    expect(childPath('', 'a')).toBe('a');
    expect(childPath('a/b', 'c')).toBe('a/b/c');
    expect(parentPath('')).toBeNull();
    expect(parentPath('a')).toBe('');
    expect(parentPath('a/b/c')).toBe('a/b');
  });
});

describe('inside the real root', () => {
  it('accepts the root and paths below it, and nothing that merely shares a prefix', () => {
    expect(isInsideRoot('/mnt/output', '/mnt/output')).toBe(true);
    expect(isInsideRoot('/mnt/output', '/mnt/output/a/b')).toBe(true);
    expect(isInsideRoot('/mnt/output/', '/mnt/output/a')).toBe(true);
    expect(isInsideRoot('/mnt/output', '/mnt/output-other/a')).toBe(false);
    expect(isInsideRoot('/mnt/output', '/mnt')).toBe(false);
    expect(isInsideRoot('/mnt/output', '/etc/passwd')).toBe(false);
    expect(relativeToRoot('/mnt/output', '/mnt/output/a/b')).toBe('a/b');
    expect(relativeToRoot('/mnt/output', '/mnt/output')).toBe('');
    expect(relativeToRoot('/mnt/output', '/mnt/outputs')).toBeNull();
  });
});

describe('the status of an output-area file', () => {
  const copy = (over: Partial<OutputAreaCopy>): OutputAreaCopy => ({
    packageId: 'p1',
    packageStatus: 'draft',
    fileId: 'f1',
    version: 1,
    sha256: 'a'.repeat(64),
    bytes: 10,
    mtimeMs: 1000,
    ...over,
  });

  it('compares size first, then the modification time, and is unsure when only the time differs', () => {
    expect(compareWithCopy({ bytes: 11, mtimeMs: 1000 }, copy({}))).toBe('different');
    expect(compareWithCopy({ bytes: 10, mtimeMs: 999.7 }, copy({}))).toBe('same');
    expect(compareWithCopy({ bytes: 10, mtimeMs: 2000 }, copy({}))).toBe('unsure');
    expect(compareWithCopy({ bytes: 10, mtimeMs: 1000 }, copy({ mtimeMs: null }))).toBe('unsure');
  });

  it('is new, in_package, changed, in_other_package or released as the table says', () => {
    const yes = () => true;
    const no = () => false;
    expect(fileStatus('p1', [], yes)).toBe('new');
    expect(fileStatus(null, [], yes)).toBe('new');
    expect(fileStatus('p1', [copy({})], yes)).toBe('in_package');
    expect(fileStatus('p1', [copy({})], no)).toBe('changed');
    expect(fileStatus('p2', [copy({})], no)).toBe('in_other_package');
    expect(fileStatus(null, [copy({})], no)).toBe('in_other_package');
    expect(fileStatus('p2', [copy({}), copy({ packageId: 'p3', packageStatus: 'released' })], no)).toBe('released');
    expect(fileStatus('p1', [copy({ packageStatus: 'released' })], yes)).toBe('released');
    // Changed since this package copied it: the package's own copy decides, even if another package released it.
    expect(fileStatus('p1', [copy({}), copy({ packageId: 'p3', packageStatus: 'released' })], no)).toBe('changed');
  });
});
