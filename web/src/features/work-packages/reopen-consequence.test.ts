import { describe, expect, it } from 'vitest';
import type { WorkPackageDetail } from '../../../../common/contracts';
import { reopenConsequence } from './reopen-consequence';

const withPackage = (pkg: WorkPackageDetail['workPackage']['package']) => ({ workPackage: { package: pkg } }) as Pick<WorkPackageDetail, 'workPackage'>;

describe('what reopening says it will do', () => {
  it('names the sign-offs it voids and the approved package it sends back', () => {
    expect(reopenConsequence(withPackage({ id: 'p', status: 'approved', liveSignOffs: 2 }))).toBe('Reopening voids 2 sign-offs and sends the approved package back to review.');
    expect(reopenConsequence(withPackage({ id: 'p', status: 'in_review', liveSignOffs: 1 }))).toBe('Reopening voids 1 sign-off.');
    expect(reopenConsequence(withPackage({ id: 'p', status: 'approved', liveSignOffs: 0 }))).toBe('Reopening sends the approved package back to review.');
  });

  it('says nothing when no package or nothing on it changes', () => {
    expect(reopenConsequence(withPackage(null))).toBeNull();
    expect(reopenConsequence(withPackage({ id: 'p', status: 'draft', liveSignOffs: 0 }))).toBeNull();
  });
});
