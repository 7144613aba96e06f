/**
 * Test support for the table operations: files built in code, the operation run as the command
 * runs it, the checks run again on the result, a plain CSV parser of its own (so a test does not
 * read the output with the code under test), and an attacker that tries to recover withheld
 * cells from the published ones and the table's totals.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanFile } from '../../checks/engine/scan-file';
import type { Finding } from '../../checks/engine/types';
import { detectMediaType } from '../../checks/formats/detect-type';
import { PRESETS, type ScanParameters } from '../../checks/shared/presets';
import type { RedactionContext, RedactionOperation, RedactionOutcome, RedactionSource } from '../types';

export const TEST_BUDGET = 256 * 1024 * 1024;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'egress-redtables-'));
}

/** Writes `bytes` as `name` in a fresh folder and describes it as the command would. */
export async function sourceOf(name: string, bytes: Buffer | string, dir = tempDir()): Promise<RedactionSource> {
  const path = join(dir, name);
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  writeFileSync(path, data);
  return { path, name, bytes: data.length, mediaType: await detectMediaType(name, data) };
}

export function contextOf(parameters: ScanParameters = PRESETS.acro, memoryBudgetBytes = TEST_BUDGET): RedactionContext & { targets: [] } {
  return { parameters, signal: new AbortController().signal, memoryBudgetBytes, targets: [] };
}

/** Runs an operation with its parameters parsed by its own schema, as every caller does. */
export async function run<P>(op: RedactionOperation<P>, source: RedactionSource, raw: unknown, ctx = contextOf()): Promise<{ outcome: RedactionOutcome; out: string; bytes: Buffer }> {
  const out = `${source.path}.redacted`;
  const outcome = await op.apply(source, op.parameters.parse(raw), out, ctx);
  return { outcome, out, bytes: readFileSync(out) };
}

/** The checks' findings on a file (as `egress scan` finds them). */
export async function recheck(path: string, parameters: ScanParameters = PRESETS.acro): Promise<Finding[]> {
  const scanned = await scanFile(path, { parameters, packageKind: 'report', signal: new AbortController().signal });
  return scanned.findings;
}

/** A plain CSV parser (quotes, doubled quotes, CRLF), written apart from the code under test. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A table's structure as the attacker knows it: which data rows and columns are totals of which. */
export interface TableShape {
  /** Total column → the columns it sums (0-based cell indices). */
  totalColumns: Map<number, number[]>;
  /** Total row → the rows it sums (indices into the parsed rows). */
  totalRows: Map<number, number[]>;
  /** The rows and columns the relations hold in. */
  rows: number[];
  columns: number[];
}

/**
 * Tries to recover every withheld cell (marked `marker`) of `table` from the published cells and
 * the totals in `shape`: first by repeated subtraction (an equation with one unknown), then by
 * any linear combination of the equations (dense Gaussian elimination over the unknowns).
 * Returns the cells it recovered, with the values it found.
 */
export function recoverWithheld(table: string[][], shape: TableShape, marker: string): { row: number; column: number; value: number }[] {
  const key = (r: number, c: number) => `${r}:${c}`;
  const known = new Map<string, number>();
  const unknown: string[] = [];
  for (const r of shape.rows) {
    for (const c of shape.columns) {
      const cell = table[r]![c]!;
      if (cell === marker) unknown.push(key(r, c));
      else known.set(key(r, c), Number(cell));
    }
  }
  const equations: { total: string; parts: string[] }[] = [];
  for (const r of shape.rows) for (const [t, parts] of shape.totalColumns) equations.push({ total: key(r, t), parts: parts.map((c) => key(r, c)) });
  for (const c of shape.columns) for (const [t, parts] of shape.totalRows) equations.push({ total: key(t, c), parts: parts.map((r) => key(r, c)) });

  const recovered = new Map<string, number>();
  const value = (k: string) => known.get(k) ?? recovered.get(k);
  // Subtraction, repeated until nothing more comes out.
  for (let progress = true; progress;) {
    progress = false;
    for (const eq of equations) {
      const cells = [eq.total, ...eq.parts];
      const missing = cells.filter((k) => value(k) === undefined);
      if (missing.length !== 1) continue;
      const m = missing[0]!;
      const partsSum = eq.parts.filter((k) => k !== m).reduce((s, k) => s + value(k)!, 0);
      recovered.set(m, m === eq.total ? partsSum : value(eq.total)! - partsSum);
      progress = true;
    }
  }
  // Any linear combination: reduce [A | b] over the unknowns left.
  const left = unknown.filter((k) => !recovered.has(k));
  const index = new Map(left.map((k, j) => [k, j]));
  const matrix = equations.map((eq) => {
    const row = new Array<number>(left.length + 1).fill(0);
    let rhs = 0;
    for (const [k, coef] of [[eq.total, -1], ...eq.parts.map((p) => [p, 1])] as [string, number][]) {
      const j = index.get(k);
      if (j === undefined) rhs -= coef * value(k)!;
      else row[j]! += coef;
    }
    row[left.length] = rhs;
    return row;
  });
  let rank = 0;
  const pivots: number[] = [];
  for (let j = 0; j < left.length && rank < matrix.length; j++) {
    const p = matrix.findIndex((row, r) => r >= rank && Math.abs(row[j]!) > 1e-9);
    if (p < 0) continue;
    [matrix[rank], matrix[p]] = [matrix[p]!, matrix[rank]!];
    const pivot = matrix[rank]!;
    const scale = pivot[j]!;
    for (let k = 0; k <= left.length; k++) pivot[k]! /= scale;
    matrix.forEach((row, r) => {
      if (r === rank || Math.abs(row[j]!) < 1e-12) return;
      const f = row[j]!;
      for (let k = 0; k <= left.length; k++) row[k]! -= f * pivot[k]!;
    });
    pivots.push(j);
    rank++;
  }
  pivots.forEach((j, r) => {
    const row = matrix[r]!;
    if (row.every((v, k) => k === j || k === left.length || Math.abs(v) < 1e-9)) recovered.set(left[j]!, Math.round(row[left.length]!));
  });
  return [...recovered].filter(([k]) => unknown.includes(k)).map(([k, v]) => ({ row: Number(k.split(':')[0]), column: Number(k.split(':')[1]), value: v }));
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
