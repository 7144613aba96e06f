/**
 * Which files the table operations take: CSV and TSV (streamed), XLSX workbooks and ODS
 * spreadsheets (held, within the memory budget).
 */
import { isCsvSource } from './csv-source';
import { isOdsSource } from './ods-package';
import { isXlsxSource } from './workbook';

export function isTableFile(file: { name: string; mediaType: string }): boolean {
  return isCsvSource(file) || isXlsxSource(file) || isOdsSource(file);
}
