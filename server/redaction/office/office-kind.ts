/**
 * Which kind of office document a file is, from the media type detected when it arrived (the
 * name is only a hint): Word, Excel, PowerPoint, or OpenDocument text, spreadsheet or
 * presentation. Macro-enabled and template variants count as their kind; encrypted Office files
 * (OLE compound files) and the 97-2003 binary formats are not office packages here.
 *
 * Example: `officeKind('application/vnd.oasis.opendocument.spreadsheet')` → `'ods'`.
 */
import { mediaTypesOf } from '../../checks/formats/registry';

export type OfficeKind = 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'odp';

const OOXML: [OfficeKind, ReadonlySet<string>][] = [
  ['docx', mediaTypesOf('docx')],
  ['xlsx', mediaTypesOf('xlsx', 'xlsm')],
  ['pptx', mediaTypesOf('pptx')],
];
const ODF: Record<string, OfficeKind> = { text: 'odt', spreadsheet: 'ods', presentation: 'odp' };

/** The kind of the file, or undefined when it is not an office package this family edits. */
export function officeKind(mediaType: string): OfficeKind | undefined {
  const type = mediaType.toLowerCase();
  for (const [kind, types] of OOXML) if (types.has(type)) return kind;
  const odf = /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)(-template)?$/.exec(type);
  return odf ? ODF[odf[1] ?? ''] : undefined;
}

/** True for the OpenDocument kinds (meta.xml and content.xml instead of relationships). */
export function isOdf(kind: OfficeKind): boolean {
  return kind === 'odt' || kind === 'ods' || kind === 'odp';
}
