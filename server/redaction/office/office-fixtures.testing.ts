/**
 * Office documents full of what the office operations remove, built in code: a report (DOCX)
 * with comments, hidden text, properties and a linked image; one with tracked changes; a
 * workbook (XLSX) with hidden sheets, a note, a pivot cache, a link to another workbook and
 * formulas reading them; slides (PPTX) with notes and comments; and OpenDocument text,
 * spreadsheet and presentation files with the same. Also helpers to run an operation on bytes
 * and to read what the checks report. Used by the office tests and the LibreOffice test.
 *
 * Example: `const { bytes, mediaType } = await runOn(officeClean, await dirtyDocx(), 'report.docx', {})`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentTypes, docx, rels, shape, zipParts } from '../../checks/families/hidden-content/documents.testing';
import type { Rel } from '../../checks/families/hidden-content/documents.testing';
import { documentHandlers } from '../../checks/families/hidden-content/index';
import { scanFile } from '../../checks/engine/scan-file';
import { detectMediaType } from '../../checks/formats/detect-type';
import { PRESETS } from '../../checks/shared/presets';
import type { Extracted } from '../../checks/engine/types';
import type { RedactionContext, RedactionOperation, RedactionOutcome } from '../types';

export const W_PARA = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const DATE = 'w:date="2024-01-01T00:00:00Z"';

/** A report with a comment, hidden text, identifying properties and a linked image. */
export function dirtyDocx(): Promise<Buffer> {
  const body =
    W_PARA('Results of the study') +
    '<w:p><w:r><w:t xml:space="preserve">Visible </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret note</w:t></w:r></w:p>' +
    `<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Table 1 shows counts.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>` +
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>';
  return docx({
    body,
    comments: `<w:comment w:id="0" w:author="Max Mustermann" ${DATE} w:initials="MM"><w:p><w:r><w:t>Check with Jane</w:t></w:r></w:p></w:comment>`,
    core: { 'dc:creator': 'Ada Lovelace', 'cp:lastModifiedBy': 'Ada Lovelace', 'dc:title': 'Draft results' },
    app: { Company: 'Acme Research' },
    custom: { ProjectCode: 'X-42' },
    docRels: [['rId9', 'image', 'file:///C:/Users/jsmith/photo.jpg', true]],
  });
}

/** A report with an insertion, a deletion, a deleted paragraph and a formatting change. */
export function trackedDocx(): Promise<Buffer> {
  const body =
    `<w:p><w:r><w:t xml:space="preserve">The effect was </w:t></w:r><w:ins w:id="1" w:author="Ann Reviser" ${DATE}><w:r><w:t xml:space="preserve">statistically </w:t></w:r></w:ins>` +
    `<w:del w:id="2" w:author="Ann Reviser" ${DATE}><w:r><w:delText xml:space="preserve">not </w:delText></w:r></w:del><w:r><w:t>significant.</w:t></w:r></w:p>` +
    `<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="Ann Reviser" ${DATE}/></w:rPr></w:pPr><w:del w:id="4" w:author="Ann Reviser" ${DATE}><w:r><w:delText>Jane Doe, NHS 943 476 5919</w:delText></w:r></w:del></w:p>` +
    `<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="Ann Reviser" ${DATE}><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>Formatted</w:t></w:r></w:p>` +
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>';
  return docx({ body });
}

const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SML = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const sheetXml = (data: string, extra = '') => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${S}" xmlns:r="${R}"><sheetData>${data}</sheetData>${extra}</worksheet>`;

/**
 * A workbook: "Summary" (visible; a note on A1, a formula reading the hidden sheet, one reading
 * another workbook), "Raw" (hidden, names) and "Secret" (very hidden); a pivot cache with its
 * records and pivot table; a link to another workbook; sheet-scoped and global names.
 */
export function dirtyXlsx(): Promise<Buffer> {
  const strings = ['Region', 'Count', 'North', 'Jane Doe', 'John Roe', 'Name'];
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${S}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
  const summary = sheetXml(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12</v></c></row>' +
      '<row r="3"><c r="A3"><f>Raw!B2</f><v>40</v></c><c r="B3"><f>[1]Sheet1!A1</f><v>7</v></c><c r="C3"><f>B2*2</f><v>24</v></c></row>',
    '<legacyDrawing r:id="rIdV"/>',
  );
  const raw = sheetXml('<row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>40</v></c></row>');
  const secret = sheetXml('<row r="1"><c r="A1" t="s"><v>4</v></c></row>');
  const workbook =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${S}" xmlns:r="${R}"><bookViews><workbookView activeTab="0"/></bookViews>` +
    '<sheets><sheet name="Summary" sheetId="1" r:id="rId1"/><sheet name="Raw" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Secret" sheetId="3" state="veryHidden" r:id="rId3"/></sheets>' +
    '<externalReferences><externalReference r:id="rIdEL"/></externalReferences>' +
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">Raw!$A$1:$B$2</definedName><definedName name="Total">Summary!$B$2</definedName></definedNames>' +
    '<calcPr calcId="191029"/><pivotCaches><pivotCache cacheId="1" r:id="rIdPC"/></pivotCaches></workbook>';
  const comments = `<?xml version="1.0" encoding="UTF-8"?><comments xmlns="${S}"><authors><author>Max Mustermann</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>Ask Jane about North</t></r></text></comment></commentList></comments>`;
  const vml =
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>';
  const pivotDef = `<?xml version="1.0" encoding="UTF-8"?><pivotCacheDefinition xmlns="${S}" xmlns:r="${R}" r:id="rId1" recordCount="2"><cacheSource type="worksheet"><worksheetSource ref="A1:B2" sheet="Raw"/></cacheSource><cacheFields count="2"><cacheField name="Name" numFmtId="0"><sharedItems><s v="Jane Doe"/><s v="John Roe"/></sharedItems></cacheField><cacheField name="Count" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="3" maxValue="40"/></cacheField></cacheFields></pivotCacheDefinition>`;
  const pivotRecords = `<?xml version="1.0" encoding="UTF-8"?><pivotCacheRecords xmlns="${S}" count="2"><r><x v="0"/><n v="40"/></r><r><x v="1"/><n v="3"/></r></pivotCacheRecords>`;
  const pivotTable = `<?xml version="1.0" encoding="UTF-8"?><pivotTableDefinition xmlns="${S}" name="PivotTable1" cacheId="1" dataCaption="Values"><location ref="E1:F3" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField><pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields><dataFields count="1"><dataField name="Sum of Count" fld="1"/></dataFields></pivotTableDefinition>`;
  const externalLink = `<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="${S}" xmlns:r="${R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>7</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`;
  const wbRels: Rel[] = [
    ['rId1', 'worksheet', 'worksheets/sheet1.xml'],
    ['rId2', 'worksheet', 'worksheets/sheet2.xml'],
    ['rId3', 'worksheet', 'worksheets/sheet3.xml'],
    ['rIdSS', 'sharedStrings', 'sharedStrings.xml'],
    ['rIdPC', 'pivotCacheDefinition', 'pivotCache/pivotCacheDefinition1.xml'],
    ['rIdEL', 'externalLink', 'externalLinks/externalLink1.xml'],
  ];
  const types = contentTypes({
    'xl/workbook.xml': `${SML}.sheet.main+xml`,
    'xl/worksheets/sheet1.xml': `${SML}.worksheet+xml`,
    'xl/worksheets/sheet2.xml': `${SML}.worksheet+xml`,
    'xl/worksheets/sheet3.xml': `${SML}.worksheet+xml`,
    'xl/sharedStrings.xml': `${SML}.sharedStrings+xml`,
    'xl/comments1.xml': `${SML}.comments+xml`,
    'xl/pivotCache/pivotCacheDefinition1.xml': `${SML}.pivotCacheDefinition+xml`,
    'xl/pivotCache/pivotCacheRecords1.xml': `${SML}.pivotCacheRecords+xml`,
    'xl/pivotTables/pivotTable1.xml': `${SML}.pivotTable+xml`,
    'xl/externalLinks/externalLink1.xml': `${SML}.externalLink+xml`,
    'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
  }).replace('</Types>', '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/></Types>');
  return zipParts({
    '[Content_Types].xml': types,
    '_rels/.rels': rels([
      ['rId1', 'officeDocument', 'xl/workbook.xml'],
      ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
    ]),
    'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ada Lovelace</dc:creator></cp:coreProperties>`,
    'xl/workbook.xml': workbook,
    'xl/_rels/workbook.xml.rels': rels(wbRels),
    'xl/sharedStrings.xml': sst,
    'xl/worksheets/sheet1.xml': summary,
    'xl/worksheets/_rels/sheet1.xml.rels': rels([
      ['rIdC', 'comments', '../comments1.xml'],
      ['rIdV', 'vmlDrawing', '../drawings/vmlDrawing1.vml'],
      ['rIdP', 'pivotTable', '../pivotTables/pivotTable1.xml'],
    ]),
    'xl/worksheets/sheet2.xml': raw,
    'xl/worksheets/sheet3.xml': secret,
    'xl/comments1.xml': comments,
    'xl/drawings/vmlDrawing1.vml': vml,
    'xl/pivotCache/pivotCacheDefinition1.xml': pivotDef,
    'xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels': rels([['rId1', 'pivotCacheRecords', 'pivotCacheRecords1.xml']]),
    'xl/pivotCache/pivotCacheRecords1.xml': pivotRecords,
    'xl/pivotTables/pivotTable1.xml': pivotTable,
    'xl/pivotTables/_rels/pivotTable1.xml.rels': rels([['rId1', 'pivotCacheDefinition', '../pivotCache/pivotCacheDefinition1.xml']]),
    'xl/externalLinks/externalLink1.xml': externalLink,
    'xl/externalLinks/_rels/externalLink1.xml.rels': rels([['rId1', 'externalLinkPath', 'file:///C:/Users/jsmith/other.xlsx', true]]),
  });
}

const P_NS = `xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${R}"`;
const PML = 'application/vnd.openxmlformats-officedocument.presentationml';
const EMPTY_TREE = '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>';
const fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';
const line = '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>';
const THEME =
  `<?xml version="1.0" encoding="UTF-8"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="T"><a:themeElements><a:clrScheme name="T">` +
  ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink']
    .map((c, i) => `<a:${c}><a:srgbClr val="${i % 2 ? 'FFFFFF' : '000000'}"/></a:${c}>`)
    .join('') +
  '</a:clrScheme><a:fontScheme name="T"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>' +
  `<a:fmtScheme name="T"><a:fillStyleLst>${fill.repeat(3)}</a:fillStyleLst><a:lnStyleLst>${line.repeat(3)}</a:lnStyleLst><a:effectStyleLst>${'<a:effectStyle><a:effectLst/></a:effectStyle>'.repeat(3)}</a:effectStyleLst><a:bgFillStyleLst>${fill.repeat(3)}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`;

/** Two slides (with a master, a layout and a theme, as PowerPoint writes them): the first with speaker notes and a comment. */
export function dirtyPptx(): Promise<Buffer> {
  const slide = (text: string, placeholder: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><p:sld ${P_NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shape(text, placeholder).replace('<p:spPr/>', '<p:spPr><a:xfrm><a:off x="457200" y="274638"/><a:ext cx="8229600" cy="1143000"/></a:xfrm></p:spPr>')}</p:spTree></p:cSld></p:sld>`;
  const notes = `<?xml version="1.0" encoding="UTF-8"?><p:notes ${P_NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shape('Mention that Jane Doe was absent', 'body')}</p:spTree></p:cSld></p:notes>`;
  const comments =
    '<?xml version="1.0" encoding="UTF-8"?><p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cm authorId="0" dt="2024-01-01T00:00:00" idx="1"><p:pos x="10" y="10"/><p:text>Ask Jane</p:text></p:cm></p:cmLst>';
  const authors =
    '<?xml version="1.0" encoding="UTF-8"?><p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="Max Mustermann" initials="MM" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>';
  const presentation = `<?xml version="1.0" encoding="UTF-8"?><p:presentation ${P_NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rIdM"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rIdS1"/><p:sldId id="257" r:id="rIdS2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`;
  const master = `<?xml version="1.0" encoding="UTF-8"?><p:sldMaster ${P_NS}>${EMPTY_TREE}<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rIdL"/></p:sldLayoutIdLst></p:sldMaster>`;
  const layout = `<?xml version="1.0" encoding="UTF-8"?><p:sldLayout ${P_NS} type="title">${EMPTY_TREE}<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`;
  return zipParts({
    '[Content_Types].xml': contentTypes({
      'ppt/presentation.xml': `${PML}.presentation.main+xml`,
      'ppt/slides/slide1.xml': `${PML}.slide+xml`,
      'ppt/slides/slide2.xml': `${PML}.slide+xml`,
      'ppt/slideMasters/slideMaster1.xml': `${PML}.slideMaster+xml`,
      'ppt/slideLayouts/slideLayout1.xml': `${PML}.slideLayout+xml`,
      'ppt/notesSlides/notesSlide1.xml': `${PML}.notesSlide+xml`,
      'ppt/comments/comment1.xml': `${PML}.comments+xml`,
      'ppt/commentAuthors.xml': `${PML}.commentAuthors+xml`,
      'ppt/theme/theme1.xml': 'application/vnd.openxmlformats-officedocument.theme+xml',
      'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
    }),
    '_rels/.rels': rels([
      ['rId1', 'officeDocument', 'ppt/presentation.xml'],
      ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
    ]),
    'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ada Lovelace</dc:creator></cp:coreProperties>`,
    'ppt/presentation.xml': presentation,
    'ppt/_rels/presentation.xml.rels': rels([
      ['rIdM', 'slideMaster', 'slideMasters/slideMaster1.xml'],
      ['rIdS1', 'slide', 'slides/slide1.xml'],
      ['rIdS2', 'slide', 'slides/slide2.xml'],
      ['rIdT', 'theme', 'theme/theme1.xml'],
      ['rIdA', 'commentAuthors', 'commentAuthors.xml'],
    ]),
    'ppt/slideMasters/slideMaster1.xml': master,
    'ppt/slideMasters/_rels/slideMaster1.xml.rels': rels([
      ['rIdL', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      ['rIdT', 'theme', '../theme/theme1.xml'],
    ]),
    'ppt/slideLayouts/slideLayout1.xml': layout,
    'ppt/slideLayouts/_rels/slideLayout1.xml.rels': rels([['rIdM', 'slideMaster', '../slideMasters/slideMaster1.xml']]),
    'ppt/theme/theme1.xml': THEME,
    'ppt/slides/slide1.xml': slide('Key results', 'title'),
    'ppt/slides/_rels/slide1.xml.rels': rels([
      ['rIdL', 'slideLayout', '../slideLayouts/slideLayout1.xml'],
      ['rIdN', 'notesSlide', '../notesSlides/notesSlide1.xml'],
      ['rIdC', 'comments', '../comments/comment1.xml'],
    ]),
    'ppt/slides/slide2.xml': slide('Next steps', 'title'),
    'ppt/slides/_rels/slide2.xml.rels': rels([['rIdL', 'slideLayout', '../slideLayouts/slideLayout1.xml']]),
    'ppt/notesSlides/notesSlide1.xml': notes,
    'ppt/notesSlides/_rels/notesSlide1.xml.rels': rels([['rIdS', 'slide', '../slides/slide1.xml']]),
    'ppt/comments/comment1.xml': comments,
    'ppt/commentAuthors.xml': authors,
  });
}

const ODF_NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"',
].join(' ');

/** An OpenDocument package of `kind` with the given automatic styles and body, identifying meta.xml and a thumbnail. */
export function odf(kind: 'text' | 'spreadsheet' | 'presentation', body: string, styles = ''): Promise<Buffer> {
  const mediaType = `application/vnd.oasis.opendocument.${kind}`;
  const entries = ['content.xml', 'meta.xml', 'styles.xml', 'Thumbnails/thumbnail.png'].map(
    (p) => `<manifest:file-entry manifest:full-path="${p}" manifest:media-type="${p.endsWith('png') ? 'image/png' : 'text/xml'}"/>`,
  );
  return zipParts({
    mimetype: mediaType,
    'content.xml': `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS} office:version="1.3"><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:${kind}>${body}</office:${kind}></office:body></office:document-content>`,
    'styles.xml': `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${ODF_NS} office:version="1.3"><office:styles/></office:document-styles>`,
    'meta.xml': `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${ODF_NS} office:version="1.3"><office:meta><meta:initial-creator>Ada Lovelace</meta:initial-creator><dc:creator>Ada Lovelace</dc:creator><dc:title>Draft results</dc:title><meta:user-defined meta:name="ProjectCode">X-42</meta:user-defined><meta:generator>LibreOffice/7.4</meta:generator></office:meta></office:document-meta>`,
    'Thumbnails/thumbnail.png': Buffer.from('89504e470d0a1a0a', 'hex'),
    'META-INF/manifest.xml': `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest ${ODF_NS} manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mediaType}"/>${entries.join('')}</manifest:manifest>`,
  });
}

const INFO = '<office:change-info><dc:creator>Ann Reviser</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info>';

/** An ODT with tracked changes, a comment, hidden text (a hidden style and a hidden-text field). */
export function dirtyOdt(): Promise<Buffer> {
  const body =
    `<text:tracked-changes text:track-changes="true"><text:changed-region text:id="ct1"><text:insertion>${INFO}</text:insertion></text:changed-region>` +
    `<text:changed-region text:id="ct2"><text:deletion>${INFO}<text:p>not </text:p></text:deletion></text:changed-region></text:tracked-changes>` +
    '<text:p>The effect was <text:change-start text:change-id="ct1"/>statistically <text:change-end text:change-id="ct1"/><text:change text:change-id="ct2"/>significant.</text:p>' +
    '<text:p>Visible<text:span text:style-name="THidden"> secret note</text:span></text:p>' +
    '<text:p>Results<office:annotation><dc:creator>Max Mustermann</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><text:p>Check with Jane</text:p></office:annotation> table</text:p>' +
    '<text:p><text:hidden-text text:condition="ooow:1" text:string-value="hidden field" text:is-hidden="true"/>After the field</text:p>';
  return odf('text', body, '<style:style style:name="THidden" style:family="text"><style:text-properties text:display="none"/></style:style>');
}

/** An ODS: "Summary" (a formula reading the hidden sheet, a comment) and "Raw" (hidden). */
export function dirtyOds(): Promise<Buffer> {
  const styles =
    '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>';
  const cell = (v: string) => `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
  const body =
    '<table:table table:name="Summary" table:style-name="ta1"><table:table-column table:number-columns-repeated="2"/>' +
    `<table:table-row>${cell('Region')}${cell('Count')}</table:table-row>` +
    `<table:table-row><table:table-cell office:value-type="string"><text:p>North</text:p><office:annotation><dc:creator>Max Mustermann</dc:creator><text:p>Ask Jane</text:p></office:annotation></table:table-cell><table:table-cell table:formula="of:=[$Raw.B1]" office:value-type="float" office:value="40"><text:p>40</text:p></table:table-cell></table:table-row>` +
    '</table:table>' +
    `<table:table table:name="Raw" table:style-name="ta2"><table:table-column table:number-columns-repeated="2"/><table:table-row>${cell('Jane Doe')}<table:table-cell office:value-type="float" office:value="40"><text:p>40</text:p></table:table-cell></table:table-row></table:table>` +
    '<table:named-expressions><table:named-range table:name="RawRange" table:base-cell-address="$Raw.$A$1" table:cell-range-address="$Raw.$A$1:.$B$1"/></table:named-expressions>';
  return odf('spreadsheet', body, styles);
}

/** An ODP: one slide with speaker notes. */
export function dirtyOdp(): Promise<Buffer> {
  const frame = (cls: string, text: string) =>
    `<draw:frame presentation:class="${cls}" svg:width="20cm" svg:height="3cm" svg:x="2cm" svg:y="2cm"><draw:text-box><text:p>${text}</text:p></draw:text-box></draw:frame>`;
  const body = `<draw:page draw:name="page1">${frame('title', 'Key results')}<presentation:notes>${frame('notes', 'Mention that Jane Doe was absent')}</presentation:notes></draw:page><draw:page draw:name="page2">${frame('title', 'Next steps')}</draw:page>`;
  return odf('presentation', body);
}

/** The redaction context the tests use (ACRO preset, a 64 MiB budget). */
export function testContext(budget = 64 * 1024 * 1024): RedactionContext & { targets: [] } {
  return { parameters: PRESETS.acro, signal: new AbortController().signal, memoryBudgetBytes: budget, targets: [] };
}

/** A fresh folder for one test's files. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'egress-redact-office-'));
}

/** Runs `op` on `bytes` named `name` (media type detected as on arrival); returns the result and its outcome. */
export async function runOn<P>(
  op: RedactionOperation<P>,
  bytes: Buffer,
  name: string,
  params: unknown,
  ctx = testContext(),
): Promise<{ bytes: Buffer; outcome: RedactionOutcome; mediaType: string; path: string }> {
  const dir = scratch();
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const mediaType = await detectMediaType(name, bytes);
  const out = join(dir, `redacted-${name}`);
  const outcome = await op.apply({ path, name, bytes: bytes.length, mediaType }, op.parameters.parse(params), out, ctx);
  return { bytes: readFileSync(out), outcome, mediaType, path: out };
}

/** The rules the checks report for a file (through the engine, as a new version is checked). */
export async function rulesOf(bytes: Buffer, name: string): Promise<string[]> {
  const path = join(scratch(), name);
  writeFileSync(path, bytes);
  const scanned = await scanFile(path, { parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });
  expectReadable(scanned.status, scanned.reason);
  return scanned.findings.map((f) => f.rule).sort();
}

function expectReadable(status: string, reason: string | undefined): void {
  if (status !== 'checked') throw new Error(`the checks could not read the file: ${reason ?? status}`);
}

/** What the checks' document reader extracts (texts, tables) from a file. */
export async function extract(bytes: Buffer, name: string): Promise<Read> {
  const mediaType = await detectMediaType(name, bytes);
  const file = { path: name, name, bytes: bytes.length, mediaType };
  const handler = documentHandlers.find((h) => h.matches(file));
  if (!handler) throw new Error(`no document reader for ${mediaType}`);
  const read = await handler.extract(bytes, file, { parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });
  return { ...read, texts: read.texts ?? [], tables: read.tables ?? [] };
}

/** What the reader extracted, with texts and tables always present. */
export type Read = Extracted & Required<Pick<Extracted, 'texts' | 'tables'>>;

/** The text the checks read at a location, e.g. `textAt(x, { part: 'word/document.xml' })`. */
export function textAt(extracted: Read, location: Record<string, unknown>): string[] {
  return extracted.texts.filter((t) => JSON.stringify(t.location) === JSON.stringify(location)).map((t) => t.text);
}
