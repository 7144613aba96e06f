/** Markers are inert: the checks never read one as a value, so masking creates no finding of its own. */
import { describe, expect, it } from 'vitest';
import { runLineDetectors } from '../../checks/engine/line-detectors.testing';
import { LINE_DETECTORS } from '../../checks/registry';
import { ALL_MARKERS, markerFor } from './markers';

describe('masking markers', () => {
  it('name the kind of value they replace', () => {
    expect(markerFor('pii.email')).toBe('[EMAIL REMOVED]');
    expect(markerFor('pii.phone')).toBe('[PHONE REMOVED]');
    expect(markerFor('secrets.github_token')).toBe('[SECRET REMOVED]');
    expect(markerFor('pii.some_future_rule')).toBe('[PERSONAL DATA REMOVED]');
  });

  it.each(ALL_MARKERS)('%s is never read as a value, in any of the places values sit', (marker) => {
    const contexts = [
      marker,
      `password = "${marker}"`,
      `api_token: ${marker}`,
      `"secret": "${marker}",`,
      `Name: ${marker}`,
      `Mrs ${marker}`,
      `born ${marker}`,
      `Date of birth: ${marker}`,
      `postgres://user:${marker}@host/db`,
      `Authorization: Bearer ${marker}`,
    ];
    expect(runLineDetectors(LINE_DETECTORS, contexts, 'notes.txt')).toEqual([]);
    // Under a header whose columns are names and dates of birth.
    const table = ['first_name,surname,dob,email,phone', [marker, marker, marker, marker, marker].join(',')];
    expect(runLineDetectors(LINE_DETECTORS, table, 'people.csv')).toEqual([]);
  });
});
