/** Office documents and PDF (opened by the hidden-content family). */
import type { FileFormat } from './format';

/** The media type of a macro-enabled workbook; file-type reports it as a plain zip (detect-type.ts). */
export const XLSM_MEDIA_TYPE = 'application/vnd.ms-excel.sheet.macroenabled.12';

export const DOCUMENT_FORMATS: FileFormat[] = [
  { name: 'pdf', kind: 'binary', extensions: ['.pdf'], mediaTypes: ['application/pdf'] },
  {
    name: 'docx',
    kind: 'binary',
    extensions: ['.docx'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    opens: ['application/vnd.openxmlformats-officedocument.wordprocessingml.template', 'application/vnd.ms-word.document.macroenabled.12', 'application/vnd.ms-word.template.macroenabled.12'],
  },
  {
    name: 'xlsx',
    kind: 'binary',
    extensions: ['.xlsx'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    opens: ['application/vnd.openxmlformats-officedocument.spreadsheetml.template', 'application/vnd.ms-excel.template.macroenabled.12'],
  },
  { name: 'xlsm', kind: 'binary', extensions: ['.xlsm'], mediaTypes: [XLSM_MEDIA_TYPE] },
  {
    name: 'pptx',
    kind: 'binary',
    extensions: ['.pptx'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    opens: [
      'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
      'application/vnd.openxmlformats-officedocument.presentationml.template',
      'application/vnd.ms-powerpoint.presentation.macroenabled.12',
      'application/vnd.ms-powerpoint.slideshow.macroenabled.12',
    ],
  },
  // Known by content only: the filetype family expects nothing of their extensions.
  {
    name: 'opendocument',
    kind: 'binary',
    extensions: [],
    mediaTypes: [],
    opens: ['text', 'spreadsheet', 'presentation'].flatMap((k) => [`application/vnd.oasis.opendocument.${k}`, `application/vnd.oasis.opendocument.${k}-template`]),
  },
  {
    name: 'ole-compound',
    kind: 'binary',
    extensions: [],
    mediaTypes: [],
    opens: ['application/x-cfb', 'application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.ms-office'],
  },
];
