import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { scanFile } from '../../checks/engine/scan-file';
import { PRESETS } from '../../checks/shared/presets';
import { RedactionError } from '../types';
import type { TargetFinding } from '../types';
import { pdfClean } from './clean.operation';
import { dirtyPdf, firstSave, pageTexts } from './pdf-fixtures.testing';

const checkContext = { parameters: PRESETS.acro, packageKind: 'report' as const, signal: new AbortController().signal };

async function run(bytes: Buffer, params: unknown, targets: TargetFinding[] = [], budget = 64 * 1024 * 1024) {
  const dir = mkdtempSync(join(tmpdir(), 'egress-redact-pdf-'));
  const path = join(dir, 'report.pdf');
  writeFileSync(path, bytes);
  const out = join(dir, 'out.pdf');
  const outcome = await pdfClean.apply({ path, name: 'report.pdf', bytes: bytes.length, mediaType: 'application/pdf' }, pdfClean.parameters.parse(params), out, {
    parameters: PRESETS.acro,
    signal: new AbortController().signal,
    memoryBudgetBytes: budget,
    targets,
  });
  return { bytes: readFileSync(out), outcome };
}

async function rules(bytes: Buffer): Promise<string[]> {
  const path = join(mkdtempSync(join(tmpdir(), 'egress-redact-pdf-')), 'x.pdf');
  writeFileSync(path, bytes);
  const scanned = await scanFile(path, checkContext);
  expect(scanned.status).toBe('checked');
  return [...new Set(scanned.findings.map((f) => f.rule))].sort();
}

const count = (bytes: Buffer, s: string) => bytes.toString('latin1').split(s).length - 1;

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (e instanceof RedactionError) return e.code;
    throw e;
  }
  throw new Error('the operation did not refuse');
}

describe('pdf.clean', () => {
  it('removes metadata, annotations, attachments, form fields and earlier saves; the checks no longer report them', async () => {
    const before = await dirtyPdf();
    expect(await rules(before)).toEqual([
      'hidden-content.pdf_annotations',
      'hidden-content.pdf_attachment',
      'hidden-content.pdf_form_fields',
      'hidden-content.pdf_incremental_update',
      'metadata.document_author',
    ]);
    const { bytes, outcome } = await run(before, {});
    expect((await rules(bytes)).filter((r) => !r.startsWith('pii.'))).toEqual([]);
    expect(outcome.changes.map((c) => c.change)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/document information/),
        expect.stringMatching(/XMP/),
        expect.stringMatching(/attached/),
        expect.stringMatching(/form/),
        expect.stringMatching(/one revision/),
      ]),
    );
    // One revision: one %%EOF, one xref table, one trailer.
    expect(count(bytes, '%%EOF')).toBe(1);
    expect(count(bytes, 'startxref')).toBe(1);
    expect(count(bytes, '\nxref')).toBe(1);
    // Nothing removed lingers as an unreferenced object.
    for (const gone of ['Ada Lovelace', 'Bob Second', 'Jane Doe', 'Max Mustermann', 'data.csv', 'Ask Jane']) expect(bytes.toString('latin1')).not.toContain(gone);
  });

  it('keeps the pages, their text and links', async () => {
    const before = await dirtyPdf();
    const { bytes } = await run(before, {});
    expect(await pageTexts(bytes)).toEqual(await pageTexts(before));
    expect(await pageTexts(bytes)).toEqual(['Results of the study', 'Table 1 shows counts']);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    expect(bytes.toString('latin1')).toContain('https://example.org/');
  });

  it('removes only what it is asked to, and still writes one revision', async () => {
    const { bytes } = await run(await dirtyPdf(), { remove: ['metadata'] });
    expect(await rules(bytes)).toEqual(['hidden-content.pdf_annotations', 'hidden-content.pdf_attachment', 'hidden-content.pdf_form_fields']);
    expect(count(bytes, '%%EOF')).toBe(1);
  });

  it('keeps a redaction mark that was never applied and says the text beneath must be redacted by hand', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Jane Doe', { x: 72, y: 720, font: await doc.embedFont(StandardFonts.Helvetica) });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.obj({ Type: 'Annot', Subtype: 'Redact', Rect: [72, 715, 140, 735] })]));
    doc.setAuthor('Ada Lovelace');
    const { bytes, outcome } = await run(Buffer.from(await doc.save()), {}, [{ rule: 'pii.person_name', location: { page: 1 } }]);
    expect(await rules(bytes)).toContain('hidden-content.pdf_unapplied_redaction');
    expect(outcome.notes).toEqual([expect.stringMatching(/never applied/), expect.stringMatching(/redact that text by hand/)]);
  });

  it('refuses bad input with stable codes', async () => {
    expect(await refusal(() => run(Buffer.from('not a pdf'), {}))).toBe('redaction.unparseable');
    expect(await refusal(async () => run(await firstSave(), {}, [], 1024))).toBe('redaction.too_large');
    const plain = await PDFDocument.create({ updateMetadata: false });
    plain.addPage();
    expect(await refusal(async () => run(Buffer.from(await plain.save()), {}))).toBe('redaction.nothing_to_change');
    const truncated = (await firstSave()).subarray(0, 400);
    expect(await refusal(() => run(truncated, {}))).toBe('redaction.unparseable');
    expect(pdfClean.supports({ name: 'x.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe(false);
    expect(pdfClean.parameters.safeParse({ remove: ['text'] }).success).toBe(false);
  });

  it('refuses an encrypted PDF as unparseable', async () => {
    const base = (await firstSave()).toString('latin1');
    // An /Encrypt entry in the trailer marks the file encrypted (pdf-lib cannot decrypt).
    const encrypted = base.replace(/trailer\s*<</, 'trailer\n<< /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>');
    expect(await refusal(() => run(Buffer.from(encrypted, 'latin1'), {}))).toBe('redaction.unparseable');
  });
});
