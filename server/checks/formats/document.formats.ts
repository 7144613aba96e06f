/** Office documents and PDF (opened by the hidden-content family). */
import type { FileFormat } from './format';

/** The media type of a macro-enabled workbook; file-type reports it as a plain zip (detect-type.ts). */
export const XLSM_MEDIA_TYPE = 'application/vnd.ms-excel.sheet.macroenabled.12';

export const DOCUMENT_FORMATS: FileFormat[] = [
  { name: 'pdf', kind: 'binary', extensions: ['.pdf'], mediaTypes: ['application/pdf'] },
  { name: 'docx', kind: 'binary', extensions: ['.docx'], mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
  { name: 'xlsx', kind: 'binary', extensions: ['.xlsx'], mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  { name: 'xlsm', kind: 'binary', extensions: ['.xlsm'], mediaTypes: [XLSM_MEDIA_TYPE] },
  { name: 'pptx', kind: 'binary', extensions: ['.pptx'], mediaTypes: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'] },
];
