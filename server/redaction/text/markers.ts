/**
 * The visible marker that replaces a masked value: one per kind of value, so a reader still sees
 * what stood there. Markers are inert: none of them is read as a value by any line detector
 * (markers.test.ts runs them through the checks), so masking never creates a new finding.
 * A date of birth becomes `[DATE REMOVED]`: a marker naming birth would make the checks read the
 * line's other dates as dates of birth.
 *
 * Example: `markerFor('pii.email')` is `[EMAIL REMOVED]`; `markerFor('secrets.jwt')` is `[SECRET REMOVED]`.
 */

const BY_RULE: Record<string, string> = {
  'pii.email': '[EMAIL REMOVED]',
  'pii.phone': '[PHONE REMOVED]',
  'pii.nhs_number': '[NHS NUMBER REMOVED]',
  'pii.payment_card': '[CARD NUMBER REMOVED]',
  'pii.uk_postcode': '[POSTCODE REMOVED]',
  'pii.ni_number': '[NI NUMBER REMOVED]',
  'pii.ip_address': '[IP ADDRESS REMOVED]',
  'pii.date_of_birth': '[DATE REMOVED]',
  'pii.person_name': '[NAME REMOVED]',
};

const BY_FAMILY: Record<string, string> = {
  pii: '[PERSONAL DATA REMOVED]',
  secrets: '[SECRET REMOVED]',
};

/** The marker for a value found by `rule` (`family.name`). */
export function markerFor(rule: string): string {
  return BY_RULE[rule] ?? BY_FAMILY[rule.slice(0, rule.indexOf('.'))] ?? '[REMOVED]';
}

/** Every marker in use, for tests and the docs. */
export const ALL_MARKERS: readonly string[] = [...new Set([...Object.values(BY_RULE), ...Object.values(BY_FAMILY)])];
