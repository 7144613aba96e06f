/**
 * Test fixtures built in code: OOXML packages zipped with yazl from XML strings (minimal valid
 * parts plus content types and relationships), PDFs written as text with a correct xref table,
 * and OLE compound files. Used by the hidden-content tests only.
 *
 * Example: `await docx({ body: '<w:p><w:r><w:t>Hi</w:t></w:r></w:p>' })` is a one-paragraph DOCX.
 */
import yazl from 'yazl';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';

/** Zips parts (name → XML text or bytes) with yazl. */
export function zipParts(parts: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(parts)) zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** A relationship for `rels()`: [Id, short type, target, external?]. */
export type Rel = [string, string, string, boolean?];

/** A .rels part. Types are short names under the officeDocument namespace unless they contain '://'. */
export function rels(list: Rel[]): string {
  const items = list
    .map(([id, type, target, external]) => `<Relationship Id="${id}" Type="${type.includes('://') ? type : `${REL}/${type}`}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
}

/** [Content_Types].xml with the usual defaults and the given overrides (part → content type). */
export function contentTypes(overrides: Record<string, string>): string {
  const o = Object.entries(overrides)
    .map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>${o}</Types>`;
}

/** docProps/core.xml with the given Dublin Core / core properties (e.g. {'dc:creator': 'Ada'}). */
export function coreProps(props: Record<string, string>): string {
  const body = Object.entries(props)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">${body}</cp:coreProperties>`;
}

/** docProps/app.xml with the given elements (e.g. {Company: 'Acme'}). */
export function appProps(props: Record<string, string>): string {
  const body = Object.entries(props)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application>${body}</Properties>`;
}

/** docProps/custom.xml with string properties. */
export function customProps(props: Record<string, string>): string {
  const body = Object.entries(props)
    .map(([k, v], i) => `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${k}"><vt:lpwstr>${v}</vt:lpwstr></property>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${body}</Properties>`;
}

/** Package-level parts (properties) shared by the builders. */
interface PackageExtras {
  core?: Record<string, string>;
  app?: Record<string, string>;
  custom?: Record<string, string>;
  /** Extra parts added as they are. */
  parts?: Record<string, string | Buffer>;
  /** Extra content-type overrides. */
  types?: Record<string, string>;
}

function packageParts(mainPart: string, mainType: string, extras: PackageExtras): Record<string, string | Buffer> {
  const rootRels: Rel[] = [['rId1', 'officeDocument', mainPart]];
  const parts: Record<string, string | Buffer> = {};
  if (extras.core) {
    rootRels.push(['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml']);
    parts['docProps/core.xml'] = coreProps(extras.core);
  }
  if (extras.app) {
    rootRels.push(['rId3', 'extended-properties', 'docProps/app.xml']);
    parts['docProps/app.xml'] = appProps(extras.app);
  }
  if (extras.custom) {
    rootRels.push(['rId4', 'custom-properties', 'docProps/custom.xml']);
    parts['docProps/custom.xml'] = customProps(extras.custom);
  }
  parts['[Content_Types].xml'] = contentTypes({ [mainPart]: mainType, ...extras.types });
  parts['_rels/.rels'] = rels(rootRels);
  return { ...parts, ...extras.parts };
}

/** A DOCX: `body` goes inside <w:body>; `docRels` are word/document.xml's relationships. */
export function docx(spec: PackageExtras & { body: string; comments?: string; docRels?: Rel[]; macro?: boolean }): Promise<Buffer> {
  const mainType = spec.macro ? 'application/vnd.ms-word.document.macroEnabled.main+xml' : `${CT}.wordprocessingml.document.main+xml`;
  const parts = packageParts('word/document.xml', mainType, spec);
  parts['word/document.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${spec.body}</w:body></w:document>`;
  const docRels = [...(spec.docRels ?? [])];
  if (spec.comments !== undefined) {
    parts['word/comments.xml'] = `<?xml version="1.0" encoding="UTF-8"?><w:comments ${W}>${spec.comments}</w:comments>`;
    docRels.push(['rIdC', 'comments', 'comments.xml']);
    parts['[Content_Types].xml'] = contentTypes({ 'word/document.xml': mainType, 'word/comments.xml': `${CT}.wordprocessingml.comments+xml`, ...spec.types });
  }
  if (docRels.length > 0) parts['word/_rels/document.xml.rels'] = rels(docRels);
  return zipParts(parts);
}

/** One worksheet for `xlsx()`: the <sheetData> content (or a whole sheet via `xml`), plus state and relationships. */
export interface SheetSpec {
  name: string;
  state?: 'hidden' | 'veryHidden';
  data?: string;
  /** Elements before <sheetData> (e.g. <cols>). */
  before?: string;
  xml?: string;
  rels?: Rel[];
}

/** An XLSX (or XLSM with `macro`): sheets, shared strings and extra workbook relationships. */
export function xlsx(spec: PackageExtras & { sheets: SheetSpec[]; strings?: string[]; workbookRels?: Rel[]; macro?: boolean; prefix?: string }): Promise<Buffer> {
  const mainType = spec.macro ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : `${CT}.spreadsheetml.sheet.main+xml`;
  const p = spec.prefix ?? '';
  const ns = `xmlns${p ? `:${p.slice(0, -1)}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"`;
  const types: Record<string, string> = { ...spec.types };
  const parts = packageParts('xl/workbook.xml', mainType, { ...spec, types });
  const wbRels: Rel[] = [...(spec.workbookRels ?? [])];
  const sheets = spec.sheets
    .map((s, i) => {
      const part = `xl/worksheets/sheet${i + 1}.xml`;
      wbRels.push([`rIdS${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`]);
      types[part] = `${CT}.spreadsheetml.worksheet+xml`;
      parts[part] = s.xml ?? `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}>${s.before ?? ''}<${p}sheetData>${s.data ?? ''}</${p}sheetData></${p}worksheet>`;
      if (s.rels) parts[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = rels(s.rels);
      return `<${p}sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rIdS${i + 1}"/>`;
    })
    .join('');
  parts['xl/workbook.xml'] = `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns}><${p}sheets>${sheets}</${p}sheets></${p}workbook>`;
  if (spec.strings) {
    const si = spec.strings.map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join('');
    parts['xl/sharedStrings.xml'] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${spec.strings.length}">${si}</sst>`;
    wbRels.push(['rIdSS', 'sharedStrings', 'sharedStrings.xml']);
  }
  parts['xl/_rels/workbook.xml.rels'] = rels(wbRels);
  parts['[Content_Types].xml'] = contentTypes({ 'xl/workbook.xml': mainType, ...types });
  return zipParts(parts);
}

const P = `xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"`;

/** A text shape for slides and notes pages; `placeholder` sets <p:ph type=…>. */
export function shape(text: string, placeholder?: string): string {
  const ph = placeholder ? `<p:nvPr><p:ph type="${placeholder}"/></p:nvPr>` : '<p:nvPr/>';
  return `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/>${ph}</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;
}

/** One slide for `pptx()`: shapes, hidden flag, notes-page shapes and a comments part (XML) with its relationship type. */
export interface SlideSpec {
  shapes: string;
  hidden?: boolean;
  notes?: string;
  comments?: { xml: string; relType: string };
}

/** A PPTX with the given slides. */
export function pptx(spec: PackageExtras & { slides: SlideSpec[] }): Promise<Buffer> {
  const mainType = `${CT}.presentationml.presentation.main+xml`;
  const types: Record<string, string> = { ...spec.types };
  const parts = packageParts('ppt/presentation.xml', mainType, { ...spec, types });
  const presRels: Rel[] = [];
  const ids = spec.slides
    .map((s, i) => {
      const n = i + 1;
      const slideRels: Rel[] = [];
      parts[`ppt/slides/slide${n}.xml`] = `<?xml version="1.0" encoding="UTF-8"?><p:sld ${P}${s.hidden ? ' show="0"' : ''}><p:cSld><p:spTree>${s.shapes}</p:spTree></p:cSld></p:sld>`;
      types[`ppt/slides/slide${n}.xml`] = `${CT}.presentationml.slide+xml`;
      if (s.notes !== undefined) {
        parts[`ppt/notesSlides/notesSlide${n}.xml`] = `<?xml version="1.0" encoding="UTF-8"?><p:notes ${P}><p:cSld><p:spTree>${s.notes}</p:spTree></p:cSld></p:notes>`;
        slideRels.push(['rIdN', 'notesSlide', `../notesSlides/notesSlide${n}.xml`]);
      }
      if (s.comments) {
        parts[`ppt/comments/comment${n}.xml`] = s.comments.xml;
        slideRels.push(['rIdC', s.comments.relType, `../comments/comment${n}.xml`]);
      }
      if (slideRels.length > 0) parts[`ppt/slides/_rels/slide${n}.xml.rels`] = rels(slideRels);
      presRels.push([`rIdP${n}`, 'slide', `slides/slide${n}.xml`]);
      return `<p:sldId id="${255 + n}" r:id="rIdP${n}"/>`;
    })
    .join('');
  parts['ppt/presentation.xml'] = `<?xml version="1.0" encoding="UTF-8"?><p:presentation ${P}><p:sldIdLst>${ids}</p:sldIdLst></p:presentation>`;
  parts['ppt/_rels/presentation.xml.rels'] = rels(presRels);
  parts['[Content_Types].xml'] = contentTypes({ 'ppt/presentation.xml': mainType, ...types });
  return zipParts(parts);
}
