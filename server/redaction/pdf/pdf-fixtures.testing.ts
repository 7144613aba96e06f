/**
 * PDFs full of what `pdf.clean` removes, written with pdf-lib: two pages of text, document
 * information and an XMP stream naming the author, a sticky note with its pop-up, a link, an
 * attached CSV, a filled-in form field, and an incremental update appended after the first save
 * (which names a second author). Also a reader of page text through pdf.js, as the checks read it.
 *
 * Example: `const bytes = await dirtyPdf()` is a two-revision PDF the checks report six ways.
 */
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Ada Lovelace</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** The first save: pages, properties, XMP, a note, a link, an attachment and a filled form field. */
export async function firstSave(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['Results of the study', 'Table 1 shows counts']) {
    const page = doc.addPage([612, 792]);
    page.drawText(text, { x: 72, y: 720, size: 12, font });
  }
  doc.setAuthor('Ada Lovelace');
  doc.setTitle('Draft results');
  const ctx = doc.context;
  const xmp = ctx.stream(XMP, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));
  const popup = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Popup', Rect: [100, 600, 200, 650] }));
  const note = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Text', Rect: [72, 700, 92, 720], Contents: PDFString.of('Ask Jane about this'), T: PDFString.of('Max Mustermann'), Popup: popup }));
  const link = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 680, 200, 690], A: { S: 'URI', URI: PDFString.of('https://example.org/') } }));
  const first = doc.getPage(0);
  first.node.set(PDFName.of('Annots'), ctx.obj([note, popup, link]));
  await doc.attach(Buffer.from('name,count\nJane Doe,3\n'), 'data.csv', { mimeType: 'text/csv' });
  const form = doc.getForm();
  const field = form.createTextField('participant');
  field.setText('Jane Doe');
  field.addToPage(doc.getPage(1), { x: 72, y: 600, width: 200, height: 20, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Appends an incremental update: a new Info dictionary naming a second author. */
export function appendInfoUpdate(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const size = Number(/\/Size (\d+)/.exec(trailer)?.[1]);
  const root = /\/Root (\d+ \d+ R)/.exec(trailer)?.[1];
  let out = text.endsWith('\n') ? text : `${text}\n`;
  const at = Buffer.byteLength(out, 'latin1');
  out += `${size} 0 obj\n<< /Author (Bob Second) /Title (Final results) >>\nendobj\n`;
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n${size} 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A two-revision PDF with everything above. */
export async function dirtyPdf(): Promise<Buffer> {
  return appendInfoUpdate(await firstSave());
}

/** Page count and each page's text, read with pdf.js as the checks read it. */
export async function pageTexts(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}
