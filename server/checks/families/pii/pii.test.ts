/**
 * The `pii` line detectors: what each identifier rule finds (rule, severity, line, column), what
 * it must not mistake for an identifier, and that no finding ever carries the matched value.
 */
import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { findingPlaces, runLineDetectors } from '../../engine/line-detectors.testing';
import type { Finding } from '../../engine/types';
import { piiLineDetectors } from './index';

const scan = (lines: string[], name = 'notes.txt'): Finding[] => runLineDetectors(piiLineDetectors, lines, name);

const where = findingPlaces;

/** The matched value, in any of its spellings, appears nowhere in the serialised findings. */
function expectNoValue(findings: Finding[], ...values: string[]): void {
  const json = JSON.stringify(findings);
  for (const value of values) {
    expect(json).not.toContain(value);
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 6) expect(json).not.toContain(digits);
  }
}

describe('pii detectors: what they find', () => {
  it('reports an email address with its line and column, as a review finding', () => {
    const findings = scan(['first line', 'contact ada@example.org today']);
    expect(findings).toEqual([{ family: 'pii', rule: 'pii.email', severity: 'review', message: 'An email address', location: { line: 2, column: 9 } }]);
    expectNoValue(findings, 'ada@example.org');
  });

  it('reports a wildly capitalised email address once per line even when the line has two', () => {
    const findings = scan(['mike@example.com, or MiKe@ExAmPlE.Com.']);
    expect(where(findings)).toEqual([['pii.email', 1, 1]]);
    expectNoValue(findings, 'mike@example.com', 'MiKe@ExAmPlE.Com');
  });

  it('reports UK phone numbers in the usual national and international formats', () => {
    const lines = ['call 0775 2212 211 now', '+44 20 7946 0958', 'office (0161) 496 0000', '123,John,07412345678,Father', 'US +1 415 555 2671'];
    const findings = scan(lines);
    expect(where(findings)).toEqual([
      ['pii.phone', 1, 6],
      ['pii.phone', 2, 1],
      ['pii.phone', 3, 8],
      ['pii.phone', 4, 10],
      ['pii.phone', 5, 4],
    ]);
    expect(findings.every((f) => f.severity === 'review')).toBe(true);
    expectNoValue(findings, '0775 2212 211', '+44 20 7946 0958', '(0161) 496 0000', '07412345678', '+1 415 555 2671');
  });

  it('reports NHS numbers with a valid check digit, plain, spaced or dashed', () => {
    const findings = scan(['9434765919', 'NHS no: 943 476 5919', 'id 943-476-5919 seen', '"value": "9000000009",']);
    expect(where(findings)).toEqual([
      ['pii.nhs_number', 1, 1],
      ['pii.nhs_number', 2, 9],
      ['pii.nhs_number', 3, 4],
      ['pii.nhs_number', 4, 11],
    ]);
    expect(findings[0]!.message).toBe('An NHS number with a valid check digit');
    expectNoValue(findings, '9434765919', '9000000009');
  });

  it('reports two numbers side by side as separate identifiers', () => {
    const findings = scan(['9990000018 07412345679']);
    expect(where(findings)).toEqual([
      ['pii.nhs_number', 1, 1],
      ['pii.phone', 1, 12],
    ]);
  });

  it('finds a phone number inside a very long row of a fixed-width numeric table', () => {
    const row = `${'  12  345  6789'.repeat(30)}  0775 2212 211  ${'  98  7654'.repeat(10)}`;
    expect(where(scan([row]))).toEqual([['pii.phone', 1, 453]]);
  });

  it('reports payment card numbers that have a known issuer prefix and pass Luhn', () => {
    const findings = scan(['card 4111 1111 1111 1111', 'amex 378282246310005', 'mc 5555-5555-5555-4444']);
    expect(where(findings)).toEqual([
      ['pii.payment_card', 1, 6],
      ['pii.payment_card', 2, 6],
      ['pii.payment_card', 3, 4],
    ]);
    expectNoValue(findings, '4111 1111 1111 1111', '378282246310005', '5555-5555-5555-4444');
  });

  it('reports full UK postcodes in mixed case, with or without the space', () => {
    const lines = ['London, SW1A 1AA', 'this is a sw1A 0AA test', 'EC2V 7hh', 'M25DB', 'postcode: eh12ng', 'GIR 0AA'];
    const findings = scan(lines);
    expect(where(findings)).toEqual([
      ['pii.uk_postcode', 1, 9],
      ['pii.uk_postcode', 2, 11],
      ['pii.uk_postcode', 3, 1],
      ['pii.uk_postcode', 4, 1],
      ['pii.uk_postcode', 5, 11],
      ['pii.uk_postcode', 6, 1],
    ]);
    expectNoValue(findings, 'SW1A 1AA', 'EC2V 7hh', 'M25DB', 'eh12ng');
  });

  it('reports National Insurance numbers in every usual spacing', () => {
    const lines = ['My NI number is AZ 12 34 56 A', 'like AZ123456A.', 'NI AZ 123456 A', 'The number is AZ 123 456 A.'];
    const findings = scan(lines);
    expect(where(findings)).toEqual([
      ['pii.ni_number', 1, 17],
      ['pii.ni_number', 2, 6],
      ['pii.ni_number', 3, 4],
      ['pii.ni_number', 4, 15],
    ]);
    expectNoValue(findings, 'AZ 12 34 56 A', 'AZ123456A');
  });

  it('reports a date as a date of birth when the line says so', () => {
    const lines = [
      'My date of birth is 17/06/1976.',
      'I was born 15th June 1991',
      'DOB: 02.12.1979',
      "The claimant's, d.o.b. is 4 June 1976",
      '1985-01-01 is my birthday.',
      '  "birthDate": "2010-10-22",',
    ];
    const findings = scan(lines);
    expect(where(findings)).toEqual([
      ['pii.date_of_birth', 1, 21],
      ['pii.date_of_birth', 2, 12],
      ['pii.date_of_birth', 3, 6],
      ['pii.date_of_birth', 4, 27],
      ['pii.date_of_birth', 5, 1],
      ['pii.date_of_birth', 6, 17],
    ]);
    expectNoValue(findings, '17/06/1976', '15th June 1991', '02.12.1979', '2010-10-22');
  });

  it('reports a date under a date-of-birth label on the line before', () => {
    expect(where(scan(['Date of birth:', '  17/06/1976']))).toEqual([['pii.date_of_birth', 2, 3]]);
  });

  it('reads a CSV header to find date-of-birth and name columns', () => {
    const findings = scan(['id,CHILD_FIRST_NAME,CHILD_DATE_OF_BIRTH,visit_date', '1,Jennifer,2010-01-01,2020-05-04', '2,,,2020-05-05', '3,"Doe, Jane",20100103,']);
    expect(where(findings)).toEqual([
      ['pii.person_name', 2, 3],
      ['pii.date_of_birth', 2, 12],
      ['pii.date_of_birth', 4, 15],
    ]);
    expectNoValue(findings, 'Jennifer', '2010-01-01', '20100103');
  });

  it('reads a tab-separated header after a title row, with spreadsheet date serials under DOB', () => {
    const findings = scan(['Contacts', 'FName\tLName\tOutcast\tDOB\tIncome', 'John\tGalt\ttrue\t6961\t2000']);
    expect(where(findings)).toEqual([
      ['pii.person_name', 3, 1],
      ['pii.date_of_birth', 3, 16],
    ]);
  });

  it('does not take a sentence with a comma for a header row', () => {
    expect(where(scan(["The claimant's, d.o.b. is 4 June 1976", 'Visited on 02/03/2020, fine']))).toEqual([['pii.date_of_birth', 1, 27]]);
  });

  it('reports a person name after a salutation or a name label', () => {
    const lines = ['Dear Mrs Jane Smith,', 'Name: Jane Smith', 'first_name = "Ada"', '      "given": ["Jane"],'];
    const findings = scan(lines);
    expect(where(findings)).toEqual([
      ['pii.person_name', 1, 6],
      ['pii.person_name', 2, 7],
      ['pii.person_name', 3, 15],
      ['pii.person_name', 4, 18],
    ]);
    expect(findings.every((f) => f.severity === 'review')).toBe(true);
    expectNoValue(findings, 'Jane Smith', 'Ada');
  });

  it('reports a public IPv4 address', () => {
    const findings = scan(['client 81.2.69.160 connected']);
    expect(where(findings)).toEqual([['pii.ip_address', 1, 8]]);
    expectNoValue(findings, '81.2.69.160');
  });

  it('produces findings that satisfy the scan contract', () => {
    const lines = ['ada@example.org 0775 2212 211 SW1A 1AA AZ123456A 81.2.69.160', 'DOB: 02.12.1979, Mrs Jane Smith, 943 476 5919'];
    const findings = scan([...lines, ...Array.from({ length: 60 }, (_, i) => `p${i}@example.org`)]);
    expect(findings.length).toBeGreaterThan(50);
    for (const f of findings) expect(findingSchema.safeParse(f).success).toBe(true);
  });

  it('lists at most 50 lines per rule and closes with an info finding for the rest', () => {
    const lines = Array.from({ length: 70 }, (_, i) => `row ${i}: person${i}@example.org`);
    const findings = scan(lines);
    expect(findings.filter((f) => f.severity === 'review')).toHaveLength(50);
    const last = findings[findings.length - 1]!;
    expect(last).toMatchObject({ rule: 'pii.email', severity: 'info' });
    expect(last.location).toBeUndefined();
    expect(last.message).toMatch(/only the first 50 are listed/);
  });
});

describe('pii detectors: what they must not fire on', () => {
  it('does not read numbers in spreadsheet XML as phone numbers', () => {
    expect(scan(['<c r="B2"><v>43831.5</v></c>', '<c r="C2"><v>0.0123456789</v></c>', '<c r="E4" s="9"><v>6961</v></c>'])).toEqual([]);
  });

  it('does not carve NHS or phone numbers out of 17-digit dm+d codes', () => {
    expect(scan(['VMP,12391711000001105,Morphine sulfate 5mg/1ml solution for injection ampoules,0407020Q0AAA2A2'])).toEqual([]);
    expect(scan(['12391711000001105'])).toEqual([]);
  });

  it('does not report an NHS number whose check digit is wrong', () => {
    expect(scan(['9434765918', '943 476 5918'])).toEqual([]);
  });

  it('does not report NI numbers with unallocated prefixes or suffixes', () => {
    expect(scan(['ZZ061251T', 'ZZ 12 34 56 A', 'QQ123456C', 'GB123456A', 'AO123456A', 'DA123456B', 'AZ123456E'])).toEqual([]);
  });

  it('does not read plain numbers or area codes as postcodes', () => {
    expect(scan(['1', '23', '456', '4567', '750621', '95130-642', '95130-64212', 'E06000001,1', 'A1 2nd row'])).toEqual([]);
  });

  it('does not read lower-case code tokens or base64 as postcodes', () => {
    expect(scan(['x = h9 1wj', 'data:image/png;base64,iVBORw0KGgo+SW1A1AA/QmCC'])).toEqual([]);
  });

  it('does not call a bare date, a count of births or childbirth a date of birth', () => {
    expect(scan(['2019-01-01,dementia and alzheimer disease,1,6087', 'live births,2019-01-01,5120', '2019-01-01,"pregnancy, childbirth and puerperium",64,3'])).toEqual([]);
    expect(scan(['period,live_births,birth_weight_mean', '2019-01-01,5120,3400'])).toEqual([]);
  });

  it('does not call version numbers, section numbers or private addresses IP addresses', () => {
    const lines = ['version 1.2.3', 'see section 13.3.3.7', 'v1.2.3.4', '192.168.1.20', '10.0.0.1', '127.0.0.1', '1.3.101.112', '42.2.0.192.in-addr.arpa'];
    expect(scan(lines)).toEqual([]);
  });

  it('does not report capitalised words without a name context', () => {
    expect(scan(['Jane Smith went home', '- name: Set Up Python', 'name = "Morphine Sulfate"'])).toEqual([]);
  });

  it('does not read lists of small numbers or SVG paths as phone numbers', () => {
    expect(scan(['0 3 0 2 9 2 3 2 0 2 0 7 0', 'M0 0 0-1.142 0ZM11 8a3 3 0 1 1-6 0 3 3 0 0 1 6 0Z'])).toEqual([]);
  });

  it('needs the word NHS for an unformatted 10-digit number in source code', () => {
    expect(scan(['const crc = 9434765919;'], 'crc.js')).toEqual([]);
    expect(where(scan(['nhs_number = 9434765919'], 'ids.py'))).toEqual([['pii.nhs_number', 1, 14]]);
  });

  it('does not report image names, SSH remotes or URL credentials as email addresses', () => {
    expect(scan(['icon@2x.png', 'git@github.com:org/repo.git', 'postgres://user:pass@db.example.com/x'])).toEqual([]);
  });
});
