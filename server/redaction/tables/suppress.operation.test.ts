import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../checks/shared/presets';
import { suppressOperation } from './suppress.operation';
import { contextOf, parseCsv, recheck, recoverWithheld, run, sourceOf, type TableShape } from './tables.testing';

const MARKER = '[REDACTED]';

/** A small deterministic generator, so each table is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Margins = 'columns' | 'rows' | 'both';

/** A cross-tabulation of counts (about a third of them small) with the margins asked for; labelled or found by arithmetic. */
function crossTab(seed: number, margins: Margins, labelled = true): { csv: string; table: string[][]; shape: TableShape } {
  const next = random(seed);
  const inner = 4;
  const names = ['North', 'South', 'East', 'West', 'Midlands', 'Wales'];
  const withTotalColumn = margins !== 'rows';
  const withTotalRow = margins !== 'columns';
  const header = ['region', 'outpatient', 'inpatient', 'daycase', 'emergency', ...(withTotalColumn ? [labelled ? 'Total' : 'everyone'] : [])];
  const rows = names.map((name) => {
    const cells = Array.from({ length: inner }, () => (next() < 0.3 ? 1 + Math.floor(next() * 9) : 10 + Math.floor(next() * 60)));
    return [name, ...cells, ...(withTotalColumn ? [cells.reduce((a, b) => a + b, 0)] : [])];
  });
  if (withTotalRow) {
    const sums = header.slice(1).map((_, k) => rows.reduce((s, row) => s + (row[k + 1] as number), 0));
    rows.push([labelled ? 'Total' : 'England and Wales', ...sums]);
  }
  const table = [header, ...rows.map((row) => row.map(String))];
  const dataRows = rows.map((_, k) => k + 1);
  const shape: TableShape = {
    totalColumns: withTotalColumn ? new Map([[inner + 1, [1, 2, 3, 4]]]) : new Map(),
    totalRows: withTotalRow ? new Map([[names.length + 1, names.map((_, k) => k + 1)]]) : new Map(),
    rows: dataRows,
    columns: Array.from({ length: withTotalColumn ? inner + 1 : inner }, (_, k) => k + 1),
  };
  return { csv: `${table.map((row) => row.join(',')).join('\n')}\n`, table, shape };
}

/** The table with only its small counts withheld: what a researcher without secondary suppression would publish. */
function primaryOnly(table: string[][], shape: TableShape): string[][] {
  return table.map((row, r) => row.map((cell, c) => (r > 0 && shape.columns.includes(c) && Number(cell) > 0 && Number(cell) < 10 ? MARKER : cell)));
}

describe('tables.suppress: the attack by subtraction recovers nothing', () => {
  for (const margins of ['columns', 'rows', 'both'] as const) {
    for (const labelled of [true, false]) {
      it(`on tables with totals in ${margins === 'both' ? 'rows and columns (and a grand total)' : margins}, ${labelled ? 'labelled' : 'found by arithmetic'}`, async () => {
        let naiveRecovered = 0;
        for (let seed = 1; seed <= 12; seed++) {
          const { csv, table, shape } = crossTab(seed * 7919 + margins.length, margins, labelled);
          naiveRecovered += recoverWithheld(primaryOnly(table, shape), shape, MARKER).length;
          const source = await sourceOf('counts.csv', csv);
          const { outcome, bytes } = await run(suppressOperation, source, {});
          const published = parseCsv(bytes.toString('utf8'));
          expect(recoverWithheld(published, shape, MARKER)).toEqual([]);
          // Every small count is withheld; every other cell is the original or withheld, and each withheld cell is listed.
          const listed = new Set(outcome.changes.map((c) => `${c.location!.row}:${c.location!.column! - 1}`));
          table.forEach((row, r) =>
            row.forEach((cell, c) => {
              const small = r > 0 && c > 0 && Number(cell) > 0 && Number(cell) < 10;
              if (small) expect(published[r]![c]).toBe(MARKER);
              expect(published[r]![c] === cell || published[r]![c] === MARKER).toBe(true);
              expect(listed.has(`${r}:${c}`)).toBe(published[r]![c] === MARKER);
            }),
          );
          expect(outcome.changeCount).toBe(listed.size);
          const rules = (await recheck(source.path + '.redacted')).map((f) => f.rule);
          expect(rules).not.toContain('sdc.small_count');
          expect(rules).not.toContain('sdc.recoverable_by_subtraction');
        }
        // The attack is real: withholding only the small counts lets it recover some of them.
        expect(naiveRecovered).toBeGreaterThan(0);
      });
    }
  }
});

describe('tables.suppress on a CSV', () => {
  it('flags small counts before and none after, and keeps every other cell', async () => {
    const csv = 'region,n\nNorth,12\nSouth,7\nEast,30\nWest,3\n';
    const source = await sourceOf('deaths.csv', csv);
    expect((await recheck(source.path)).map((f) => f.rule)).toContain('sdc.small_count');
    const { outcome, bytes } = await run(suppressOperation, source, {});
    expect(bytes.toString('utf8')).toBe('region,n\nNorth,12\nSouth,[REDACTED]\nEast,30\nWest,[REDACTED]\n');
    expect(outcome.changes).toEqual([
      { location: { row: 2, column: 2 }, change: 'suppressed (primary)' },
      { location: { row: 4, column: 2 }, change: 'suppressed (primary)' },
    ]);
    expect((await recheck(source.path + '.redacted')).map((f) => f.rule)).not.toContain('sdc.small_count');
  });

  it('keeps the dialect: semicolons, quoting, CRLF, a byte-order mark and Latin-1 bytes', async () => {
    const latin1 = (s: string) => Buffer.from(s, 'latin1');
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('"région";"n";"total"\r\n"Zürich";"4";"40"\r\n"Genève";20;"24"\r\n"Bâle";"30";30\r\n')]);
    const source = await sourceOf('swiss.csv', original);
    const { bytes } = await run(suppressOperation, source, { marker: 'c' });
    // 4 is primary; "total" is no sum of the row here (4 ≠ 40), so nothing else goes, and every other byte stays.
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('"région";"n";"total"\r\n"Zürich";"c";"40"\r\n"Genève";20;"24"\r\n"Bâle";"30";30\r\n')]);
    expect(bytes.equals(expected)).toBe(true);
  });

  it('takes the threshold and zeros from the preset, and lets the parameters override them', async () => {
    const csv = 'region,n\nA,0\nB,2\nC,5\nD,40\n';
    const acro = await run(suppressOperation, await sourceOf('a.csv', csv), {});
    expect(acro.bytes.toString()).toBe('region,n\nA,[REDACTED]\nB,[REDACTED]\nC,[REDACTED]\nD,40\n');
    const shield = await run(suppressOperation, await sourceOf('a.csv', csv), {}, contextOf(PRESETS.datashield));
    expect(shield.bytes.toString()).toBe('region,n\nA,0\nB,[REDACTED]\nC,5\nD,40\n');
    const custom = await run(suppressOperation, await sourceOf('a.csv', csv), { threshold: 6, zeros: false, marker: '*' });
    expect(custom.bytes.toString()).toBe('region,n\nA,0\nB,*\nC,*\nD,40\n');
  });

  it('leaves code, year and rate columns alone, as the checks do', async () => {
    const csv = 'year,region,deaths,rate\n2019,North,3,0.5\n2020,North,15,1.2\n2021,North,22,2.5\n';
    const { bytes } = await run(suppressOperation, await sourceOf('t.csv', csv), {});
    expect(parseCsv(bytes.toString())).toEqual([
      ['year', 'region', 'deaths', 'rate'],
      ['2019', 'North', '[REDACTED]', '0.5'],
      ['2020', 'North', '15', '1.2'],
      ['2021', 'North', '22', '2.5'],
    ]);
  });

  it('refuses with nothing_to_change when no count is small', async () => {
    await expect(run(suppressOperation, await sourceOf('ok.csv', 'region,n\nA,20\nB,30\n'), {})).rejects.toMatchObject({ code: 'redaction.nothing_to_change' });
  });

  it('refuses a marker that reads as a number', () => {
    expect(suppressOperation.parameters.safeParse({ marker: '5' }).success).toBe(false);
    expect(suppressOperation.parameters.safeParse({ marker: '<10' }).success).toBe(true);
  });
});
