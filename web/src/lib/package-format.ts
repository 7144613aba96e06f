/** Words and numbers for the package screens. */
import type { FindingFamily, Severity, Verdict } from '../../../common/vocab/findings';
import type { FileCategory, FileRole } from '../../../common/vocab/statuses';

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** "532 bytes", "1.2 MB" (powers of 1024, one decimal under 10). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

export const VERDICT_COLORS = { pass: 'teal', review: 'yellow', block: 'red' } as const satisfies Record<Verdict, string>;
export const VERDICT_LABELS = { pass: 'Pass', review: 'Review', block: 'Block' } as const satisfies Record<Verdict, string>;
export const SEVERITY_COLORS = { info: 'gray', review: 'yellow', block: 'red' } as const satisfies Record<Severity, string>;
export const SEVERITY_LABELS = { info: 'Info', review: 'Review', block: 'Block' } as const satisfies Record<Severity, string>;

export const FAMILY_LABELS = {
  sdc: 'Statistical disclosure',
  microdata: 'Row-level data',
  pii: 'Personal identifiers',
  metadata: 'Metadata',
  'hidden-content': 'Hidden content',
  notebook: 'Notebook outputs',
  secrets: 'Secrets',
  archive: 'Archive',
  filetype: 'File type',
} as const satisfies Record<FindingFamily, string>;

export const CATEGORY_LABELS = {
  report: 'Report',
  figure: 'Figure',
  table: 'Table',
  code: 'Code',
  dataset: 'Dataset',
  other: 'Other',
} as const satisfies Record<FileCategory, string>;

export const ROLE_LABELS = { output: 'Output', supporting: 'Supporting' } as const satisfies Record<FileRole, string>;
