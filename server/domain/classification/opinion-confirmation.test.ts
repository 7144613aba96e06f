import { describe, expect, it } from 'vitest';
import { classifiersToConfirm } from './opinion-confirmation';

const opinions = [
  { classifierId: 'inv', submittedAt: '2026-01-01T09:00:00.000Z' },
  { classifierId: 'dpr', submittedAt: '2026-01-01T09:05:00.000Z' },
];

describe('who must confirm their opinion after a new file version', () => {
  const classifiedAt = '2026-01-01T09:05:00.000Z';

  it('asks those whose opinion predates a version added after the classification, in the order of the opinions', () => {
    expect(classifiersToConfirm({ classifiedAt, opinions, confirmations: [], latestVersionAt: '2026-01-01T10:00:00.000Z' })).toEqual(['inv', 'dpr']);
  });

  it('asks nobody about versions that were there when the work package was classified', () => {
    // The investigator's opinion (09:00) predates this version (09:03), but the classification (09:05) was made with it in the package.
    expect(classifiersToConfirm({ classifiedAt, opinions, confirmations: [], latestVersionAt: '2026-01-01T09:03:00.000Z' })).toEqual([]);
    expect(classifiersToConfirm({ classifiedAt, opinions, confirmations: [], latestVersionAt: classifiedAt })).toEqual([]);
  });

  it('clears a classifier who confirmed after the newest version, but not one who confirmed before it', () => {
    const confirmations = [
      { classifierId: 'inv', confirmedAt: '2026-01-01T10:30:00.000Z' },
      { classifierId: 'dpr', confirmedAt: '2026-01-01T09:30:00.000Z' },
    ];
    expect(classifiersToConfirm({ classifiedAt, opinions, confirmations, latestVersionAt: '2026-01-01T10:00:00.000Z' })).toEqual(['dpr']);
  });

  it('asks nobody while the work package is not classified or the package has no output', () => {
    expect(classifiersToConfirm({ classifiedAt: null, opinions, confirmations: [], latestVersionAt: '2026-01-01T10:00:00.000Z' })).toEqual([]);
    expect(classifiersToConfirm({ classifiedAt, opinions, confirmations: [], latestVersionAt: null })).toEqual([]);
  });
});
