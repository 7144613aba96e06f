/**
 * Statistical-package and columnar dataset formats, recognised by extension (and, where possible,
 * magic). A binary one no magic number names is typed `application/x-dataset-<ext>`.
 */
import type { FileFormat } from './format';

const dataset = (name: string, ...extensions: string[]): FileFormat => ({
  name,
  kind: 'dataset',
  extensions,
  mediaTypes: extensions.map((ext) => `application/x-dataset${ext.replace('.', '-')}`),
});

export const DATASET_FORMATS: FileFormat[] = [
  dataset('stata-data', '.dta'),
  dataset('spss-data', '.sav', '.zsav', '.por'),
  dataset('sas-data', '.sas7bdat', '.xpt'),
  dataset('r-data', '.rds', '.rdata', '.rda'),
  dataset('parquet', '.parquet'),
  dataset('arrow', '.feather', '.arrow'),
];
