/**
 * Which files the table operations take: CSV and TSV (streamed) and XLSX workbooks (held, within
 * the memory budget). OpenDocument spreadsheets are refused with `redaction.unsupported_format`.
 */
import { isCsvSource } from './csv-source';
import { isXlsxSource } from './workbook';

export function isTableFile(file: { name: string; mediaType: string }): boolean {
  return isCsvSource(file) || isXlsxSource(file);
}
