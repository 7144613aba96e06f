import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { documentHandlers } from './index';
import { readRawPdf } from './pdf-raw';
import { appendUpdate, simplePdf, stream } from './pdf.testing';

const ctx = (signal = new AbortController().signal): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal });

async function scan(bytes: Buffer, signal?: AbortSignal): Promise<Extracted> {
  const file: FileInfo = { path: 'out.pdf', name: 'out.pdf', bytes: bytes.length, mediaType: 'application/pdf' };
  const handler = documentHandlers.find((h) => h.matches(file));
  if (!handler) throw new Error('no handler');
  const result = await handler.extract(bytes, file, ctx(signal));
  // Every finding must fit the scan record's contract (rule pattern, location keys).
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}

const rules = (r: Extracted) => r.findings.map((f) => f.rule).sort();
const annotated = (annot: string) => simplePdf({ page: '/Annots [6 0 R]', extra: [annot] });

describe('PDFs', () => {
  it('is silent on a clean PDF and hands the page text over with the page number', async () => {
    const r = await scan(simplePdf({ text: 'Table 1: counts by region' }));
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBeUndefined();
    expect(r.texts).toEqual([{ text: 'Table 1: counts by region', location: { page: 1 } }]);
  }, 30_000);

  it('reports a sticky-note annotation on its page and hands its contents over', async () => {
    const r = await scan(annotated('<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /Contents (Call 07700 900123) /T (Max Mustermann) >>'));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.pdf_annotations', severity: 'review', location: { page: 1 } })]);
    expect(r.findings[0]?.message).toMatch(/1 annotation \(Text\)/);
    expect(r.findings[0]?.message).not.toContain('Mustermann');
    expect(r.texts).toContainEqual({ text: 'Max Mustermann\nCall 07700 900123', location: { page: 1 } });
  });

  it('does not report link annotations', async () => {
    const r = await scan(annotated('<< /Type /Annot /Subtype /Link /Rect [100 100 120 120] /A << /S /URI /URI (https://example.org/) >> >>'));
    expect(r.findings).toEqual([]);
  });

  it('reports a redaction that was marked but never applied', async () => {
    const r = await scan(annotated('<< /Type /Annot /Subtype /Redact /Rect [70 710 200 730] >>'));
    expect(rules(r)).toEqual(['hidden-content.pdf_unapplied_redaction']);
  });

  it('reports document-level JavaScript', async () => {
    const r = await scan(simplePdf({ catalog: '/Names << /JavaScript 6 0 R >>', extra: ['<< /Names [(init) 7 0 R] >>', '<< /S /JavaScript /JS (app.alert\\(1\\);) >>'] }));
    expect(rules(r)).toEqual(['hidden-content.pdf_javascript']);
  });

  it('reports JavaScript in a link action through the raw-byte fallback', async () => {
    const r = await scan(annotated('<< /Type /Annot /Subtype /Link /Rect [100 100 120 120] /A << /S /JavaScript /JS (this.print\\(true\\);) >> >>'));
    expect(rules(r)).toEqual(['hidden-content.pdf_javascript']);
  });

  it('finds a JavaScript action inside a compressed object stream', () => {
    const packed = deflateSync(Buffer.from('6 0 << /S /JavaScript /JS (x) >>', 'latin1'));
    const obj = Buffer.concat([
      Buffer.from(`9 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'),
      packed,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
    expect(readRawPdf(Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), obj])).javascript).toBe(true);
    expect(readRawPdf(simplePdf()).javascript).toBe(false);
  });

  it('reports embedded files and hands each back as a member', async () => {
    const r = await scan(
      simplePdf({
        catalog: '/Names << /EmbeddedFiles 6 0 R >>',
        extra: ['<< /Names [(data.csv) 7 0 R] >>', '<< /Type /Filespec /F (data.csv) /UF (data.csv) /EF << /F 8 0 R >> >>', stream('name,nhs\nAda,9434765919', '/Type /EmbeddedFile')],
      }),
    );
    expect(rules(r)).toEqual(['hidden-content.pdf_attachment']);
    expect(r.members?.map((m) => [m.name, m.bytes.toString()])).toEqual([['data.csv', 'name,nhs\nAda,9434765919']]);
  });

  it('reports a file attached to a page as an annotation and hands it back', async () => {
    const annot = '<< /Type /Annot /Subtype /FileAttachment /Rect [100 100 120 120] /FS << /Type /Filespec /F (notes.txt) /EF << /F 7 0 R >> >> >>';
    const r = await scan(simplePdf({ page: '/Annots [6 0 R]', extra: [annot, stream('private notes', '/Type /EmbeddedFile')] }));
    expect(rules(r)).toEqual(['hidden-content.pdf_annotations', 'hidden-content.pdf_attachment']);
    expect(r.members?.map((m) => [m.name, m.bytes.toString()])).toEqual([['notes.txt', 'private notes']]);
  });

  it('reports pages it cannot read instead of failing the whole PDF', async () => {
    const r = await scan(simplePdf({ pages: '/Kids [3 0 R 9 0 R] /Count 2' }));
    expect(r.unreadable).toBeUndefined();
    expect(r.findings.map((f) => [f.rule, f.message])).toEqual([['hidden-content.pdf_pages_not_checked', expect.stringMatching(/^1 page of 2/)]]);
    expect(r.texts).toEqual([{ text: 'Hello world', location: { page: 1 } }]);
  });

  it('reports filled form fields and hands their values over, but not empty ones', async () => {
    const field = (v: string) =>
      simplePdf({ catalog: '/AcroForm << /Fields [6 0 R] >>', page: '/Annots [6 0 R]', extra: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (patient) ${v} /Rect [100 600 300 620] /P 3 0 R >>`] });
    const filled = await scan(field('/V (Jane Doe)'));
    expect(rules(filled)).toEqual(['hidden-content.pdf_form_fields']);
    expect(filled.texts).toContainEqual({ text: 'Jane Doe', location: { field: 'form field 1 (“p••••”)' } });
    expect((await scan(field(''))).findings).toEqual([]);
  });

  it('reports an incremental update, but not the two end markers of a linearized file', async () => {
    const updated = appendUpdate(simplePdf(), { 6: '<< /Producer (editor) >>' }, 7);
    expect(rules(await scan(updated))).toEqual(['hidden-content.pdf_incremental_update']);
    const linearized = appendUpdate(simplePdf({ catalog: '/Linearized 1' }), { 6: '<< >>' }, 7);
    expect(readRawPdf(linearized).saves).toBe(1);
  });

  it('reports the Info author under the metadata family, but not the producing tool', async () => {
    const r = await scan(simplePdf({ trailer: '/Info 6 0 R', extra: ['<< /Author (Martin Thoma) /Creator (Writer) /Producer (LibreOffice 6.4) /Title (The Title) >>'] }));
    expect(r.findings).toEqual([expect.objectContaining({ family: 'metadata', rule: 'metadata.document_author', severity: 'review', location: { part: 'Info', field: 'Author' } })]);
    expect(r.texts).toContainEqual({ text: 'The Title', location: { part: 'Info', field: 'Title' } });
    const toolOnly = await scan(simplePdf({ trailer: '/Info 6 0 R', extra: ['<< /Creator (Writer) /Producer (LibreOffice 6.4) >>'] }));
    expect(toolOnly.findings).toEqual([]);
  });

  it('marks a password-protected PDF as unreadable: encrypted', async () => {
    const hex = '<' + 'a1'.repeat(32) + '>';
    const r = await scan(
      simplePdf({ trailer: '/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]', extra: [`<< /Filter /Standard /V 1 /R 2 /O ${hex} /U ${hex} /P -4 >>`] }),
    );
    expect(r.unreadable).toBe('encrypted document; cannot be inspected');
  });

  it('marks empty, non-PDF and garbled files as unreadable with the reason', async () => {
    expect((await scan(Buffer.alloc(0))).unreadable).toMatch(/empty file/);
    expect((await scan(Buffer.from('hello'))).unreadable).toMatch(/no %PDF- header/);
    expect((await scan(Buffer.from('%PDF-1.4\n\x00\x01garbage'))).unreadable).toMatch(/corrupt PDF|damaged PDF/);
  });

  it('inspects a PDF with a damaged cross-reference offset but marks it unreadable with what is wrong', async () => {
    const good = simplePdf({ trailer: '/Info 6 0 R', extra: ['<< /Author (Ada Lovelace) >>'] }).toString('latin1');
    const damaged = Buffer.from(
      good.replace(/startxref\n(\d+)/, (_, n: string) => `startxref\n${Number(n) + 2}`),
      'latin1',
    );
    const r = await scan(damaged);
    expect(r.unreadable).toMatch(/^damaged PDF: the cross-reference offset/);
    expect(rules(r)).toEqual(['metadata.document_author']);
  });

  it('gives up with the reason when the time budget has run out', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await scan(simplePdf(), controller.signal)).unreadable).toMatch(/time budget/);
  });
});
