/**
 * The microdata analyser: decides whether a table is row-level data about people and, if so,
 * reports it (`microdata.row_level`) and the smallest equivalence class over its
 * quasi-identifiers (`microdata.small_class`). Severity depends on the package: row-level data
 * blocks a report package and needs review in a data-provider handover package.
 *
 * What is *not* microdata: lookups and hierarchies (unique code-like first columns, no attribute
 * of a person), aggregate tables (categories plus a count column, or a full grid of categories
 * with one row per combination), and tables of places (a postcode or area lookup).
 *
 * Example: 7 rows of (age, gender, zipcode), each unique → `microdata.row_level` and
 * `microdata.small_class` "Smallest class has k=1 over (column 1 (“a••••”), column 2 (“g••••”), column 3 (“z••••”))", both `block`
 * in a report package, both `review` in a handover package.
 */
import { columnLabel } from '../../shared/mask-name';
import { headerWords, isAggregateCountHeader } from '../../shared/header-words';
import { TableRows } from '../../shared/table-rows';
import type { TableRow } from '../../engine/table-row';
import { finding, type CheckContext, type Finding, type FindingLocation, type TableAnalyzer, type TableAnalyzerFactory } from '../../engine/types';
import { isMostlyNumeric, needsValue, newProfile, observe, uniqueness, valuePattern, type ColumnProfile } from './column-profile';
import { EquivalenceClasses, type SmallestClass } from './equivalence-classes';
import { DIRECT_KINDS, PERSON_KINDS, QUASI_KINDS, personAttribute, type AttributeKind } from '../../shared/person-attributes';

/** At most this many quasi-identifier columns make up the combination. */
const MAX_QUASI_COLUMNS = 10;
/** A column with more distinct values than this share of its rows singles rows out. */
const HIGH_UNIQUENESS = 0.9;
/** A table with one row per combination filling at least this share of the grid is an aggregate. */
const GRID_FILL = 0.5;

interface Column {
  name: string;
  /** 1-based position in the table. */
  position: number;
  kind: AttributeKind | null;
  aggregateCount: boolean;
  profile: ColumnProfile;
}

/** What finish() concluded about the table. */
interface Evidence {
  rows: number;
  identifiers: Column[];
  quasi: Column[];
  unique: Column[];
  smallest: SmallestClass | null;
}

/** Columns for a message: positions and masked headers only, never values or header text. */
function names(columns: Column[], max = 8): string {
  const shown = columns.slice(0, max).map((column) => columnLabel(column.position, column.name));
  return shown.join(', ') + (columns.length > max ? `, and ${columns.length - max} more` : '');
}

function quasiFamily(kind: AttributeKind): string {
  return kind === 'postcode' ? 'area' : kind;
}

/** Builds the analyser for one table. */
export const rowLevelAnalyzer: TableAnalyzerFactory = (_file, ctx: CheckContext, table: { location: FindingLocation }): TableAnalyzer => {
  const params = ctx.parameters;
  let columns: Column[] = [];
  let quasiIndexes: number[] = [];
  let classes: EquivalenceClasses | null = null;
  let rows = 0;
  /** The columns whose cells are still read one by one: within the samples, or seen on fewer than ENOUGH_VALUES rows. */
  let reading: number[] = [];
  /** A column's values are counted up to this many past the samples: the listing rule asks for at least k (isListing). */
  const ENOUGH_VALUES = Math.max(1, params.minClassSize);
  const shape = new TableRows();

  function applyHeader(cells: string[]): void {
    columns = cells.map((cell, index) => {
      const words = headerWords(cell);
      return { name: cell.replace(/^\uFEFF/, '').trim(), position: index + 1, kind: personAttribute(words), aggregateCount: isAggregateCountHeader(words), profile: newProfile() };
    });
    quasiIndexes = columns.flatMap((column, index) => (column.kind && QUASI_KINDS.has(column.kind) ? [index] : [])).slice(0, MAX_QUASI_COLUMNS);
    reading = columns.map((_, index) => index);
    if (new Set(quasiIndexes.map((index) => quasiFamily(columns[index]!.kind!))).size >= 2) classes = new EquivalenceClasses();
  }

  function dataRow(cells: TableRow, rowNo: number): void {
    const width = Math.min(cells.length, columns.length);
    if (width === 0) return;
    const { starts, ends } = cells;
    // Cells sit one separator apart, so the row holds something when its cells span more than their separators.
    if (ends[width - 1]! - starts[0]! <= width - 1) return;
    let enoughSeen = false;
    for (const i of reading) {
      if (i >= width) break;
      if (starts[i] === ends[i]) continue;
      const profile = columns[i]!.profile;
      if (needsValue(profile, rows)) observe(profile, cells.cell(i), rows);
      // Past the samples only the number of values is kept, and only up to what the listing rule asks.
      else if (++profile.nonEmpty >= ENOUGH_VALUES) enoughSeen = true;
    }
    if (enoughSeen) reading = reading.filter((i) => needsValue(columns[i]!.profile, rows) || columns[i]!.profile.nonEmpty < ENOUGH_VALUES);
    rows++;
    if (classes) classes.add(cells, quasiIndexes, rowNo);
  }

  /** Settles each column's kind from its header and, failing that, from its values. */
  function settleKinds(): void {
    const headerPerson = columns.some((column) => column.kind && PERSON_KINDS.has(column.kind));
    for (const column of columns) {
      if (!column.kind) column.kind = valuePattern(column.profile);
      // A bare `name` or `id` column only identifies people next to other attributes of people.
      if (column.kind === 'name') column.kind = headerPerson ? 'person_name' : null;
      if (column.kind === 'id') column.kind = headerPerson && uniqueness(column.profile) > HIGH_UNIQUENESS && rows >= 2 ? 'person_id' : null;
    }
  }

  /** True when one row per combination fills most of the grid of categories: an aggregate table. */
  function isCategoryGrid(smallest: SmallestClass | null, quasi: Column[]): boolean {
    if (!smallest?.allUnique) return false;
    let cells = 1;
    for (const column of quasi) cells *= Math.max(1, column.profile.distinct.size);
    return smallest.classes >= GRID_FILL * cells;
  }

  function gatherEvidence(): Evidence | null {
    settleKinds();
    const kinds = new Set(columns.flatMap((column) => (column.kind ? [column.kind] : [])));
    if (![...kinds].some((kind) => PERSON_KINDS.has(kind))) return null;
    const identifiers = columns.filter((column) => column.kind && DIRECT_KINDS.has(column.kind));
    const quasi = quasiIndexes.map((index) => columns[index]!);
    const smallest = classes?.smallest(params.minClassSize) ?? null;
    // Counts or a full grid of categories make an aggregate table, unless a column names people.
    const namesPeople = identifiers.some((column) => PERSON_KINDS.has(column.kind!));
    if (!namesPeople && (columns.some((column) => column.aggregateCount) || isCategoryGrid(smallest, quasi))) return null;
    const unique = columns.filter((column) => !isMostlyNumeric(column.profile) && column.profile.sampled >= params.microdataMinRows && uniqueness(column.profile) > HIGH_UNIQUENESS);
    return { rows, identifiers, quasi, unique, smallest };
  }

  function isListing(identifiers: Column[]): boolean {
    const named = identifiers.some((column) => (column.kind === 'person_id' || column.kind === 'nhs') && column.profile.nonEmpty >= params.minClassSize);
    return named && columns.filter((column) => column.profile.nonEmpty > 0).length >= 3;
  }

  function isRowLevel(evidence: Evidence): boolean {
    const { identifiers, quasi, unique, smallest } = evidence;
    const many = rows >= params.microdataMinRows;
    const identifierKinds = new Set(identifiers.map((column) => column.kind)).size;
    const quasiKinds = new Set(quasi.map((column) => quasiFamily(column.kind!))).size;
    if (identifierKinds >= 2 || (identifierKinds === 1 && (many || quasiKinds >= 1))) return rows >= 1;
    // A listing: a column named as a person's or case's identifier, filled on at least k rows, beside other columns.
    if (identifierKinds === 1 && isListing(identifiers)) return true;
    if (quasiKinds >= 2 && many) return true;
    if (quasiKinds >= 1 && many && unique.some((column) => column.kind === null || !QUASI_KINDS.has(column.kind))) return true;
    return quasiKinds >= 2 && rows >= params.minClassSize && smallest !== null && smallest.k < params.minClassSize;
  }

  function header(raw: string[]): void {
    const cells = shape.header(raw);
    if (cells) applyHeader(cells);
  }

  function row(raw: TableRow, rowNo: number): void {
    const outcome = shape.row(raw);
    if (outcome.header) applyHeader(outcome.header);
    if (outcome.cells) dataRow(outcome.cells, rowNo);
  }

  function finish(): Finding[] {
    const evidence = gatherEvidence();
    if (!evidence || !isRowLevel(evidence)) return [];
    const severity = ctx.packageKind === 'report' ? 'block' : 'review';
    const where = Object.keys(table.location).length > 0 ? table.location : undefined;
    const signals: string[] = [];
    if (evidence.identifiers.length > 0) signals.push(`identifier columns (${names(evidence.identifiers)})`);
    if (evidence.quasi.length > 0) signals.push(`quasi-identifiers (${names(evidence.quasi)})`);
    const unique = evidence.unique.filter((column) => !evidence.identifiers.includes(column));
    if (unique.length > 0) signals.push(`near-unique columns (${names(unique)})`);
    const purpose = ctx.packageKind === 'report' ? 'row-level data must not leave the safe haven in a report package' : 'check it is meant to be returned to the data provider';
    const findings = [finding('microdata', 'row_level', severity, `Row-level data: ${rows} rows with ${signals.join(', ')}; ${purpose}`, where)];
    const smallest = evidence.smallest;
    if (smallest && smallest.k < params.minClassSize) {
      const over = `Smallest class has k=${smallest.k} over (${names(evidence.quasi, MAX_QUASI_COLUMNS)})`;
      // Past CLASS_CAP combinations the counted classes are exact but others went uncounted.
      const detail = smallest.complete
        ? `${smallest.below} of ${smallest.classes} classes have fewer than ${params.minClassSize} rows`
        : `at least ${smallest.below} classes have fewer than ${params.minClassSize} rows (more than ${smallest.classes} combinations: not all were counted${smallest.k > 1 ? ', so a smaller class may exist' : ''})`;
      findings.push(finding('microdata', 'small_class', severity, `${over}; ${detail}`, { ...table.location, row: smallest.firstRow }));
    }
    return findings;
  }

  return { family: 'microdata', header, row, finish };
};
