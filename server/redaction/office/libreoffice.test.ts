/**
 * Proves the redacted office files still open: every fixture, once redacted, is converted to PDF
 * by headless LibreOffice in one run (a fresh profile, so no state of another run counts), and
 * each PDF must exist and show the document's remaining text. The table operations' ODS results
 * (server/redaction/tables/) are converted in the same run. Skipped only where soffice is
 * missing and EGRESS_REQUIRE_LIBREOFFICE is not set (CI sets it after installing LibreOffice).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { officeClean } from './clean.operation';
import { dirtyDocx, dirtyOdp, dirtyOds, dirtyOdt, dirtyPptx, dirtyXlsx, runOn, scratch, trackedDocx } from './office-fixtures.testing';
import { officeTrackedChanges } from './tracked-changes.operation';
import { dropColumnsOperation } from '../tables/drop-columns.operation';
import { roundOperation } from '../tables/round.operation';
import { suppressOperation } from '../tables/suppress.operation';
import { countsOds } from '../tables/ods.testing';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));
if (process.env.EGRESS_REQUIRE_LIBREOFFICE === '1' && !SOFFICE) {
  throw new Error('EGRESS_REQUIRE_LIBREOFFICE=1 but soffice is not installed: install libreoffice-writer-nogui, libreoffice-calc-nogui and libreoffice-impress-nogui');
}

async function pdfText(path: string): Promise<{ pages: number; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text };
}

describe.skipIf(!SOFFICE)('redacted office files open in LibreOffice', () => {
  it('converts every redacted fixture to a PDF showing its remaining text', async () => {
    const cases: [string, Buffer, string][] = [
      ['report.docx', (await runOn(officeClean, await dirtyDocx(), 'report.docx', {})).bytes, 'Table 1 shows counts.'],
      ['accepted.docx', (await runOn(officeTrackedChanges, await trackedDocx(), 'accepted.docx', { action: 'accept' })).bytes, 'statistically significant'],
      ['rejected.docx', (await runOn(officeTrackedChanges, await trackedDocx(), 'rejected.docx', { action: 'reject' })).bytes, 'not significant'],
      ['book.xlsx', (await runOn(officeClean, await dirtyXlsx(), 'book.xlsx', {})).bytes, 'North'],
      ['deck.pptx', (await runOn(officeClean, await dirtyPptx(), 'deck.pptx', {})).bytes, 'Key results'],
      ['notes.odt', (await runOn(officeClean, await dirtyOdt(), 'notes.odt', {})).bytes, 'After the field'],
      ['revised.odt', (await runOn(officeTrackedChanges, await dirtyOdt(), 'revised.odt', { action: 'reject' })).bytes, 'not significant'],
      ['sheet.ods', (await runOn(officeClean, await dirtyOds(), 'sheet.ods', {})).bytes, 'North'],
      ['slides.odp', (await runOn(officeClean, await dirtyOdp(), 'slides.odp', {})).bytes, 'Next steps'],
      // The table operations' ODS results (content.xml spliced, repeated runs split, a merged range shrunk).
      ['suppressed.ods', (await runOn(suppressOperation, await countsOds(), 'suppressed.ods', {})).bytes, '[REDACTED]'],
      ['rounded.ods', (await runOn(roundOperation, await countsOds(), 'rounded.ods', { base: 10 })).bytes, '190'],
      ['narrowed.ods', (await runOn(dropColumnsOperation, await countsOds(), 'narrowed.ods', { columns: ['inpatient'], sheets: [1] })).bytes, 'Admissions by region'],
    ];
    const dir = scratch();
    for (const [name, bytes] of cases) writeFileSync(join(dir, name), bytes);
    const out = join(dir, 'pdf');
    await promisify(execFile)(
      SOFFICE ?? 'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', out, ...cases.map(([n]) => join(dir, n))],
      { timeout: 240_000 },
    );
    for (const [name, , expected] of cases) {
      const pdf = join(out, name.replace(/\.\w+$/, '.pdf'));
      expect(existsSync(pdf), `${name} did not convert`).toBe(true);
      const { pages, text } = await pdfText(pdf);
      expect(pages, name).toBeGreaterThan(0);
      expect(text.replace(/\s+/g, ' '), name).toContain(expected);
    }
  }, 300_000);
});
