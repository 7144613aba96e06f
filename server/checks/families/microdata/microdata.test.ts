import { describe, expect, it } from 'vitest';
import { analyseTable, brief, csvRows } from '../../engine/analyse-table.testing';
import { microdataTableAnalyzers } from './index';

const microdata = (rows: Iterable<string[]>, options = {}) => analyseTable(microdataTableAnalyzers, rows, options);

/** A small deterministic pseudo-random sequence, so fixtures are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function patients(count: number): string[][] {
  const next = random(7);
  return [
    ['patient_id', 'sex', 'age', 'bmi'],
    ...Array.from({ length: count }, (_, i) => [`PX-${100000 + i}`, next() < 0.5 ? 'F' : 'M', String(18 + Math.floor(next() * 70)), (18 + next() * 15).toFixed(1)]),
  ];
}

describe('microdata row-level data', () => {
  it('blocks row-level data with identifiers in a report package', () => {
    expect(brief(microdata(patients(60)))).toEqual([
      { rule: 'microdata.row_level', severity: 'block' },
      { rule: 'microdata.small_class', severity: 'block', location: { row: 1 } },
    ]);
  });

  it('asks for review of the same data in a handover package', () => {
    expect(brief(microdata(patients(60), { packageKind: 'handover' }))).toEqual([
      { rule: 'microdata.row_level', severity: 'review' },
      { rule: 'microdata.small_class', severity: 'review', location: { row: 1 } },
    ]);
  });

  it('names the identifier columns and quasi-identifiers in the message', () => {
    const [rowLevel] = microdata(patients(60), { location: { sheet: 'Data' } });
    expect(rowLevel!.message).toBe(
      'Row-level data: 60 rows with identifier columns (column 1 (“p••••”)), quasi-identifiers (column 2 (“s••••”), column 3 (“a••••”)); row-level data must not leave the safe haven in a report package',
    );
    expect(rowLevel!.location).toEqual({ sheet: 'Data' });
  });

  it('finds a few rows of people when two direct identifiers appear together', () => {
    const findings = microdata(
      csvRows(`
      forename,surname,date_of_birth
      Zebedee,Quuxworth,1971-02-03
      Ottoline,Brackenbury,1984-11-30
      Peregrine,Fanshawe,1990-06-14`),
    );
    expect(brief(findings)).toEqual([{ rule: 'microdata.row_level', severity: 'block' }]);
  });

  it('reads the real header below a title row, as spreadsheets often have', () => {
    const findings = microdata([
      ['', 'Contacts'],
      ['', 'FName', 'LName', 'Outcast', 'DOB', 'Income'],
      ['', 'Zebedee', 'Quuxworth', 'TRUE', '6961', '2000'],
      ['', 'Ottoline', 'Brackenbury', 'FALSE', '2620', '40000'],
    ]);
    expect(brief(findings)).toEqual([{ rule: 'microdata.row_level', severity: 'block' }]);
    expect(findings[0]!.message).toContain('identifier columns (column 2 (“F••••”), column 3 (“L••••”), column 5 (“D••••”))');
  });

  it('recognises identifiers by their values when the header says nothing', () => {
    const findings = microdata(
      csvRows(`
      contact,gender
      zeb.quux@example.org,M
      otto.brack@example.net,F
      pere.fan@example.com,M`),
    );
    expect(brief(findings)).toEqual([{ rule: 'microdata.row_level', severity: 'block' }]);
    expect(findings[0]!.message).toContain('identifier columns (column 1 (“c••••”))');
  });

  it('finds row-level data from a near-unique text column next to a quasi-identifier', () => {
    const rows = [['reference', 'ethnicity', 'score'], ...Array.from({ length: 80 }, (_, i) => [`case-${i * 7919}`, ['A', 'B', 'C'][i % 3]!, String(i % 10)])];
    const findings = microdata(rows);
    expect(brief(findings)).toEqual([{ rule: 'microdata.row_level', severity: 'block' }]);
    expect(findings[0]!.message).toContain('near-unique columns (column 1 (“r••••”))');
  });

  it('never puts names, identifiers or emails in a finding', () => {
    const rows = [
      ['patient_id', 'first_name', 'email', 'sex', 'age'],
      ...Array.from({ length: 60 }, (_, i) => [`PZQ-${i}-77`, i === 3 ? 'Zebedee' : `Name${i}`, `person${i}@quuxmail.example`, 'F', String(30 + (i % 5))]),
    ];
    const text = JSON.stringify(microdata(rows));
    expect(text).toContain('microdata.row_level');
    for (const planted of ['PZQ-', 'Zebedee', 'quuxmail']) expect(text).not.toContain(planted);
  });
});

describe('microdata equivalence classes', () => {
  /** 5 rows of (34,F,LS1), 6 of (45,M,LS2), 2 of (50,F,LS3) starting at row 12, 40 of (61,M,LS4). */
  const classes = (): string[][] => {
    const group = (count: number, row: string[]) => Array.from({ length: count }, (_, i) => [...row, String(60 + i)]);
    return [['age', 'sex', 'postcode_district', 'weight_kg'], ...group(5, ['34', 'F', 'LS1']), ...group(6, ['45', 'M', 'LS2']), ...group(2, ['50', 'F', 'LS3']), ...group(40, ['61', 'M', 'LS4'])];
  };

  it('reports the smallest class size k over the detected quasi-identifiers, at its first row', () => {
    const findings = microdata(classes());
    expect(brief(findings)).toEqual([
      { rule: 'microdata.row_level', severity: 'block' },
      { rule: 'microdata.small_class', severity: 'block', location: { row: 12 } },
    ]);
    expect(findings[1]!.message).toBe('Smallest class has k=2 over (column 1 (“a••••”), column 2 (“s••••”), column 3 (“p••••”)); 1 of 4 classes have fewer than 5 rows');
  });

  it('does not report a small class when every class reaches the minimum class size', () => {
    const rows = classes().filter((row) => row[0] !== '50');
    expect(brief(microdata(rows))).toEqual([{ rule: 'microdata.row_level', severity: 'block' }]);
  });

  it('finds a handful of rows that are each unique on exact quasi-identifiers', () => {
    const findings = microdata(
      csvRows(`
      age,gender,zipcode
      34,male,81667
      45,female,81675
      66,male,81925
      70,female,81931
      34,female,81931
      70,male,81931
      45,male,81931`),
    );
    expect(brief(findings)).toEqual([
      { rule: 'microdata.row_level', severity: 'block' },
      { rule: 'microdata.small_class', severity: 'block', location: { row: 1 } },
    ]);
    expect(findings[1]!.message).toContain('Smallest class has k=1 over (column 1 (“a••••”), column 2 (“g••••”), column 3 (“z••••”))');
  });

  it('splits rows that arrive as one semicolon-joined cell, as a semicolon file read as CSV does', () => {
    const findings = microdata([['age;gender;zipcode'], ['34;"male";81667'], ['45;female;81675'], ['66;male;81925'], ['70;female;81931'], ['34;female;81931']]);
    expect(brief(findings)).toEqual([
      { rule: 'microdata.row_level', severity: 'block' },
      { rule: 'microdata.small_class', severity: 'block', location: { row: 1 } },
    ]);
    expect(findings[1]!.message).toContain('over (column 1 (“a••••”), column 2 (“g••••”), column 3 (“z••••”))');
  });

  it('says the smallest class is an upper bound when there are too many combinations to count', () => {
    const rows = [['age', 'sex', 'lsoa11cd'], ...Array.from({ length: 60_000 }, (_, i) => [String(i % 90), i % 2 ? 'F' : 'M', `E0100${i}`])];
    const small = microdata(rows).find((finding) => finding.rule === 'microdata.small_class');
    expect(small?.message).toContain('k=1 over (column 1 (“a••••”), column 2 (“s••••”), column 3 (“l••••”))');
    expect(small?.message).toContain('classes have fewer than 5 rows (more than 50000 combinations: not all were counted)');
  });

  it('reports a short listing of records by a named case identifier, even without other person attributes', () => {
    const rows = [['case_number', 'date_reported', 'item', 'status'], ...Array.from({ length: 12 }, (_, i) => [`C-2023-${1000 + i}`, `2023-03-${10 + i}`, i % 2 ? 'rifle' : 'handgun', 'open'])];
    expect(brief(microdata(rows))).toEqual([{ rule: 'microdata.row_level', severity: 'block' }]);
  });

  it('does not call a listing a table whose identifier is filled on fewer rows than the minimum class size, or that has only two columns', () => {
    const few = [['case_number', 'item', 'status'], ...Array.from({ length: 4 }, (_, i) => [`C-${i}`, 'rifle', 'open'])];
    expect(microdata(few)).toEqual([]);
    const narrow = [['case_number', 'status'], ...Array.from({ length: 12 }, (_, i) => [`C-${i}`, 'open'])];
    expect(microdata(narrow)).toEqual([]);
  });
});
