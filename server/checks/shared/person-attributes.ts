/**
 * What a column header says about people: a direct identifier (NHS number, name, date of birth,
 * email, phone, address, postcode, patient id) or a quasi-identifier (age, sex, area, ethnicity,
 * occupation…). Only the header is read here; values are checked by column-profile.ts.
 *
 * Example: `personAttribute(['person', 'dob'])` → `'dob'`; `personAttribute(['lad20cd'])` → null;
 * `personAttribute(['school', 'name'])` → null (a place, not a person).
 */

/** The kinds of person attribute a column can carry. */
export const ATTRIBUTE_KINDS = [
  'nhs',
  'person_id',
  'person_name',
  'dob',
  'email',
  'phone',
  'address',
  'postcode',
  'id',
  'name',
  'age',
  'sex',
  'ethnicity',
  'area',
  'occupation',
  'marital',
  'education',
  'religion',
  'nationality',
] as const;
/** One kind of person attribute. */
export type AttributeKind = (typeof ATTRIBUTE_KINDS)[number];

/** Direct identifiers: each singles a person out on its own. */
export const DIRECT_KINDS: ReadonlySet<AttributeKind> = new Set(['nhs', 'person_id', 'person_name', 'dob', 'email', 'phone', 'address', 'postcode']);
/** Quasi-identifiers: harmless alone, identifying in combination. */
export const QUASI_KINDS: ReadonlySet<AttributeKind> = new Set(['age', 'sex', 'ethnicity', 'area', 'postcode', 'dob', 'occupation', 'marital', 'education', 'religion', 'nationality']);
/** Attributes of a person rather than of a place (a postcode lookup has none of these). */
export const PERSON_KINDS: ReadonlySet<AttributeKind> = new Set([
  'nhs',
  'person_id',
  'person_name',
  'dob',
  'email',
  'phone',
  'age',
  'sex',
  'ethnicity',
  'occupation',
  'marital',
  'education',
  'religion',
  'nationality',
]);

const PERSON_ROLES = new Set([
  'patient',
  'person',
  'child',
  'parent',
  'mother',
  'father',
  'client',
  'member',
  'contact',
  'participant',
  'respondent',
  'employee',
  'staff',
  'pupil',
  'student',
  'subject',
  'user',
  'customer',
  'applicant',
  'carer',
  'guardian',
  'spouse',
  'partner',
  'owner',
  'first',
  'last',
  'given',
  'family',
  'full',
  'middle',
  'maiden',
  'preferred',
]);
const NAME_WORDS = new Set(['forename', 'forenames', 'surname', 'surnames', 'firstname', 'lastname', 'fullname', 'givenname', 'familyname', 'middlename', 'fname', 'lname', 'sname']);
const EXACT: Record<string, AttributeKind> = {
  nhs: 'nhs',
  nhsno: 'nhs',
  nhsnumber: 'nhs',
  nhs_no: 'nhs',
  nhs_number: 'nhs',
  nhs_num: 'nhs',
  nhs_id: 'nhs',
  chi: 'nhs',
  chi_number: 'nhs',
  mrn: 'nhs',
  hospital_number: 'nhs',
  nino: 'nhs',
  ni_number: 'nhs',
  ssn: 'nhs',
  dob: 'dob',
  date_of_birth: 'dob',
  birth_date: 'dob',
  birthdate: 'dob',
  dateofbirth: 'dob',
  birth_dt: 'dob',
  d_o_b: 'dob',
  yob: 'age',
  year_of_birth: 'age',
  birth_year: 'age',
  month_of_birth: 'age',
  patid: 'person_id',
  pid: 'person_id',
  pat_id: 'person_id',
  patient: 'person_id',
  id: 'id',
  name: 'name',
};
const DIRECT_SUFFIXES: [RegExp, AttributeKind][] = [
  [/(?:^|_)nhs(?:_?(?:no|num|number|id))?$/, 'nhs'],
  [/(?:^|_)(?:dob|date_of_birth|birth_date|birthdate)$/, 'dob'],
  [/(?:^|_)e_?mail(?:_?address)?$/, 'email'],
  [/(?:^|_)(?:tele)?phone(?:_?(?:no|number|num))?$|(?:^|_)mobile(?:_?(?:no|number|num))?$|(?:^|_)tel(?:_?no)?$/, 'phone'],
  [/(?:^|_)(?:address|addr|street)(?:_?(?:line)?_?\d?)?$/, 'address'],
  // A postcode district or sector is an area (a quasi-identifier); a full postcode nearly singles out a household.
  [/(?:^|_)(?:(?:postcode|post_code|postal_code|zip|zipcode|zip_code)_?(?:district|sector|area|prefix)|outcode|zip3)$/, 'area'],
  [/(?:^|_)(?:postcode|post_code|postal_code|zip|zipcode|zip_code)$/, 'postcode'],
];
const QUASI_WORDS: Record<string, AttributeKind> = {
  age: 'age',
  ageband: 'age',
  agegroup: 'age',
  agecat: 'age',
  sex: 'sex',
  gender: 'sex',
  ethnicity: 'ethnicity',
  ethnic: 'ethnicity',
  race: 'ethnicity',
  ethnicgroup: 'ethnicity',
  lsoa: 'area',
  msoa: 'area',
  oa: 'area',
  ward: 'area',
  datazone: 'area',
  tract: 'area',
  occupation: 'occupation',
  occ: 'occupation',
  job: 'occupation',
  profession: 'occupation',
  marital: 'marital',
  education: 'education',
  educ: 'education',
  qualification: 'education',
  religion: 'religion',
  religious: 'religion',
  nationality: 'nationality',
  citizenship: 'nationality',
};

/** Words that make a column a summary of an attribute (`mean_age`, `n_female`, `pct_white`), not the attribute. */
const SUMMARY_WORDS = new Set([
  'mean',
  'median',
  'avg',
  'average',
  'sd',
  'std',
  'min',
  'max',
  'iqr',
  'n',
  'count',
  'counts',
  'total',
  'pct',
  'percent',
  'percentage',
  'prop',
  'proportion',
  'rate',
  'ratio',
  'freq',
  'frequency',
  'sum',
]);

/** The person attribute a header names, or null. `words` come from `headerWords`. */
export function personAttribute(words: string[]): AttributeKind | null {
  if (words.length === 0 || words.some((word) => SUMMARY_WORDS.has(word))) return null;
  const joined = words.join('_');
  const exact = EXACT[joined];
  if (exact) return exact;
  for (const [pattern, kind] of DIRECT_SUFFIXES) if (pattern.test(joined)) return kind;
  if (words.some((word) => NAME_WORDS.has(word))) return 'person_name';
  const last = words[words.length - 1]!;
  const roles = words.slice(0, -1);
  if (roles.some((word) => PERSON_ROLES.has(word))) {
    if (last === 'name' || last === 'names') return 'person_name';
    if (last === 'id' || last === 'identifier' || last === 'number' || last === 'no') return 'person_id';
  }
  if (/(?:^|_)(?:patient|person|subject|participant|pupil|student|respondent|member|client|case)_?id$/.test(joined)) return 'person_id';
  // A case (file) number or reference identifies a case as `case_id` does; `cases`, `n_cases` do not.
  if (/(?:^|_)case_?(?:file_?)?(?:no|num|number|ref|reference)$/.test(joined)) return 'person_id';
  if (words.includes('native') && words.includes('country')) return 'nationality';
  if (joined.includes('country_of_birth') || joined.includes('birth_country')) return 'nationality';
  for (const word of words) {
    const quasi = QUASI_WORDS[word];
    if (quasi) return quasi;
    if (/^(?:lsoa|msoa)\d/.test(word)) return 'area';
    if (word.startsWith('ethnic')) return 'ethnicity';
  }
  if (last === 'id') return 'id';
  return null;
}
