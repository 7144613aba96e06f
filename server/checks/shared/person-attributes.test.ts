import { describe, expect, it } from 'vitest';
import { headerWords } from './header-words';
import { isValidNhsNumber } from '../families/microdata/column-profile';
import { personAttribute } from './person-attributes';

describe('microdata person attributes', () => {
  it.each([
    ['NHS_NUMBER', 'nhs'],
    ['patient_id', 'person_id'],
    ['LOCAL_PATIENT_ID', 'person_id'],
    ['PERSON_FORENAME', 'person_name'],
    ['surname', 'person_name'],
    ['FName', 'person_name'],
    ['child_name', 'person_name'],
    ['PERSON_DOB', 'dob'],
    ['date_of_birth', 'dob'],
    ['email', 'email'],
    ['PARENT_1_PHONE', 'phone'],
    ['address_line_1', 'address'],
    ['postcode', 'postcode'],
    ['zipcode', 'postcode'],
    ['postcode_district', 'area'],
    ['lsoa11cd', 'area'],
    ['age', 'age'],
    ['ageband_broad', 'age'],
    ['year_of_birth', 'age'],
    ['sex', 'sex'],
    ['PERSON_GENDER_CODE', 'sex'],
    ['ethnicity_16', 'ethnicity'],
    ['race', 'ethnicity'],
    ['occupation', 'occupation'],
    ['marital-status', 'marital'],
    ['educ', 'education'],
    ['religious', 'religion'],
    ['native-country', 'nationality'],
    ['id', 'id'],
    ['name', 'name'],
    ['dmd_id', 'id'],
    ['case_id', 'person_id'],
    ['Case Number', 'person_id'],
    ['case_file_number', 'person_id'],
    ['CaseRef', 'person_id'],
    ['school_name', null],
    ['dmd_name', null],
    ['lad20cd', null],
    ['mean_age', null],
    ['n_female', null],
    ['region', null],
    ['salary-class', null],
    ['cases', null],
    ['n_cases', null],
    ['number_of_cases', null],
    ['case_count', null],
    ['case_rate', null],
    ['serial_number', null],
  ])('reads "%s" as %s', (header, expected) => {
    expect(personAttribute(headerWords(header))).toBe(expected);
  });

  it('checks NHS numbers with the modulus-11 check digit', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('12345')).toBe(false);
  });
});
