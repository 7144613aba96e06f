/**
 * The category a file is suggested to have, from its detected media type and name. The
 * researcher can change it; it only helps reviewers and the checks.
 *
 * Example: `suggestCategory('figures/fig1.png', 'image/png')` → `figure`.
 */
import type { FileCategory } from '../../../common/vocab/statuses';

const CODE_EXTENSIONS = new Set(['.py', '.r', '.rmd', '.qmd', '.ipynb', '.sql', '.sh', '.do', '.sas', '.sps', '.js', '.ts', '.java', '.c', '.cpp', '.jl', '.m', '.scala', '.go', '.rs']);
const TABLE_TYPES = new Set([
  'text/csv',
  'text/tab-separated-values',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.ms-excel',
]);
const REPORT_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'text/markdown',
  'text/html',
  'application/msword',
]);

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

export function suggestCategory(path: string, mediaType: string): FileCategory {
  const ext = extensionOf(path);
  if (mediaType.startsWith('application/x-dataset') || ['.parquet', '.feather', '.arrow', '.dta', '.sav', '.sas7bdat', '.rds', '.rdata'].includes(ext)) return 'dataset';
  if (CODE_EXTENSIONS.has(ext)) return 'code';
  if (mediaType.startsWith('image/')) return 'figure';
  if (TABLE_TYPES.has(mediaType)) return 'table';
  if (REPORT_TYPES.has(mediaType)) return 'report';
  return 'other';
}
