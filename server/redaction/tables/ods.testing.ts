/**
 * ODS spreadsheets for the table tests, built in code the way LibreOffice writes them: `mimetype`
 * first and stored, column definitions with widths, styled cells, repeated rows and cells (the
 * trailing empty rows of every real sheet included), a merged title with covered cells, and a
 * total written as a formula with its cached value. Also readers that do not use the code under
 * test: the sheets as the checks read them, and every zip entry with how it is stored.
 *
 * Example: `const bytes = await countsOds(); const { outcome, bytes: out } = await run(suppressOperation, await sourceOf('counts.ods', bytes), {})`.
 */
import yauzl from 'yauzl';
import yazl from 'yazl';
import { scanOdfContent, type OdfSheet } from '../../checks/families/hidden-content/odf-scan';
import { newSheetBudget } from '../../checks/families/hidden-content/sheet-scan';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(' ');

const MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const STYLES =
  '<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="4.5cm"/></style:style>' +
  '<style:style style:name="co2" style:family="table-column"><style:table-column-properties style:column-width="2.3cm"/></style:style>' +
  '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.45cm"/></style:style>' +
  '<style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true"/></style:style>' +
  '<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold"/></style:style>';

/** A string cell. */
export const s = (text: string, attrs = '') => `<table:table-cell${attrs} office:value-type="string" calcext:value-type="string"><text:p>${text}</text:p></table:table-cell>`;
/** A number cell. */
export const n = (value: number, attrs = '') => `<table:table-cell${attrs} office:value-type="float" office:value="${value}" calcext:value-type="float"><text:p>${value}</text:p></table:table-cell>`;
/** A number cell computed by a formula (its cached value written, as LibreOffice does). */
export const f = (formula: string, value: number) =>
  `<table:table-cell table:formula="of:=${formula}" office:value-type="float" office:value="${value}" calcext:value-type="float"><text:p>${value}</text:p></table:table-cell>`;
/** A row of cells; `repeat` rows when given. */
export const row = (cells: string, repeat = 1) => `<table:table-row table:style-name="ro1"${repeat > 1 ? ` table:number-rows-repeated="${repeat}"` : ''}>${cells}</table:table-row>`;
/** The empty rows and cells LibreOffice writes after the data of every sheet. */
export const TAIL = '<table:table-row table:style-name="ro1" table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>';
const EMPTY_TAIL_CELLS = '<table:table-cell table:number-columns-repeated="1020"/>';

/** A sheet named `name` with `columns` column definitions and the given rows. */
export function sheet(
  name: string,
  rows: string,
  columns = '<table:table-column table:style-name="co1" table:default-cell-style-name="Default"/><table:table-column table:style-name="co2" table:number-columns-repeated="1023" table:default-cell-style-name="Default"/>',
): string {
  return `<table:table table:name="${name}" table:style-name="ta1">${columns}${rows}${TAIL}</table:table>`;
}

/** An ODS package holding the given sheets, with styles, meta, settings and a thumbnail beside content.xml. */
export function odsOf(sheets: string): Promise<Buffer> {
  const parts: [string, Buffer, boolean][] = [
    ['mimetype', Buffer.from(MEDIA_TYPE), false],
    [
      'content.xml',
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS} office:version="1.3"><office:automatic-styles>${STYLES}</office:automatic-styles><office:body><office:spreadsheet>${sheets}</office:spreadsheet></office:body></office:document-content>`,
      ),
      true,
    ],
    ['styles.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${NS} office:version="1.3"><office:styles/></office:document-styles>`), true],
    [
      'meta.xml',
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta ${NS} office:version="1.3"><office:meta><meta:generator>LibreOffice/7.4</meta:generator></office:meta></office:document-meta>`,
      ),
      true,
    ],
    ['Thumbnails/thumbnail.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), false],
    ['Configurations2/', Buffer.alloc(0), false],
    [
      'META-INF/manifest.xml',
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest ${NS} manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${MEDIA_TYPE}"/>` +
          ['content.xml', 'styles.xml', 'meta.xml'].map((p) => `<manifest:file-entry manifest:full-path="${p}" manifest:media-type="text/xml"/>`).join('') +
          '<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/></manifest:manifest>',
      ),
      true,
    ],
  ];
  const zip = new yazl.ZipFile();
  const mtime = new Date(2024, 4, 17, 10, 30, 0);
  for (const [name, data, compress] of parts) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name, { mtime });
    else zip.addBuffer(data, name, { mtime, compress });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/**
 * A cross-tabulation with totals in both directions (the grand total a formula), a bold count,
 * two identical rows stored as one repeated row whose counts are one repeated cell, a merged
 * title with covered cells, and a second sheet.
 *
 * Rows as the checks read them: title, header, North, South, East, Other, Other, Total.
 */
export function countsOds(): Promise<Buffer> {
  const title = `<table:table-row table:style-name="ro1"><table:table-cell table:number-columns-spanned="4" table:number-rows-spanned="1" office:value-type="string" calcext:value-type="string"><text:p>Admissions by region</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="3"/>${EMPTY_TAIL_CELLS}</table:table-row>`;
  const rows =
    title +
    row(s('region') + s('outpatient') + s('inpatient') + s('Total') + EMPTY_TAIL_CELLS) +
    row(s('North') + n(4, ' table:style-name="ce1"') + n(30) + n(34) + EMPTY_TAIL_CELLS) +
    row(s('South') + n(25) + n(40) + n(65) + EMPTY_TAIL_CELLS) +
    row(s('East') + n(18) + n(22) + n(40) + EMPTY_TAIL_CELLS) +
    row(s('Other') + n(12, ' table:number-columns-repeated="2"') + n(24) + EMPTY_TAIL_CELLS, 2) +
    row(s('Total') + n(71) + n(116) + f('SUM([.D3:.D7])', 187) + EMPTY_TAIL_CELLS);
  const notes = row(s('Source') + s('hospital episodes') + '<table:table-cell table:number-columns-repeated="1022"/>');
  return odsOf(sheet('Counts', rows) + sheet('Notes', notes));
}

/** The sheets of an ODS as the checks read them. */
export async function odsSheets(bytes: Buffer): Promise<OdfSheet[]> {
  const entry = (await zipEntries(bytes)).find((e) => e.name === 'content.xml')!;
  return scanOdfContent(entry.data.toString('utf8'), 'content.xml', newSheetBudget(), () => undefined).sheets;
}

/** content.xml of an ODS. */
export async function odsContent(bytes: Buffer): Promise<string> {
  return (await zipEntries(bytes)).find((e) => e.name === 'content.xml')!.data.toString('utf8');
}

/** Every zip entry in stored order: name, compression method (0 stored, 8 deflated), time and inflated bytes. */
export function zipEntries(bytes: Buffer): Promise<{ name: string; method: number; time: number; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const out: { name: string; method: number; time: number; data: Buffer }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, method: entry.compressionMethod, time: entry.getLastModDate().getTime(), data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
