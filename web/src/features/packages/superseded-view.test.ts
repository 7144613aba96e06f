import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../lib/format';
import { describeSupersession, supersededByLabel } from './superseded-view';

const times = { checkedAt: '2026-03-02T10:00:00.000Z', supersededAt: '2026-03-05T09:30:00.000Z' };

describe('who set a check result aside', () => {
  it('names the person who asked for the re-check', () => {
    expect(supersededByLabel({ supersededBy: { id: 'u1', name: 'Dana Reviewer' } })).toBe('Dana Reviewer');
  });

  it('says the system when no person asked', () => {
    expect(supersededByLabel({ supersededBy: null })).toBe('the system');
  });

  it('never shows an empty name', () => {
    expect(supersededByLabel({ supersededBy: { id: 'u1', name: '  ' } })).toBe('a user no longer named');
  });
});

describe('the line describing a set-aside result', () => {
  it('gives when it was checked, when it was set aside and by whom', () => {
    const line = describeSupersession({ ...times, supersededBy: { id: 'u1', name: 'Dana Reviewer' } });
    expect(line).toBe(`Checked ${formatDateTime(times.checkedAt)} · set aside ${formatDateTime(times.supersededAt)} by Dana Reviewer`);
    expect(line).not.toContain(times.checkedAt);
  });
});
