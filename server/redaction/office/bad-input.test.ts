import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipParts } from '../../checks/families/hidden-content/documents.testing';
import { RedactionError } from '../types';
import { officeClean } from './clean.operation';
import { dirtyDocx, dirtyXlsx, runOn, scratch, testContext, W_PARA } from './office-fixtures.testing';
import { docx } from '../../checks/families/hidden-content/documents.testing';
import { officeTrackedChanges } from './tracked-changes.operation';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (e instanceof RedactionError) return e.code;
    throw e;
  }
  throw new Error('the operation did not refuse');
}

describe('office operations refuse bad input with a stable code', () => {
  it('refuses a file that is not a zip as unparseable', async () => {
    const dir = scratch();
    const path = join(dir, 'report.docx');
    writeFileSync(path, 'not a zip at all');
    const code = await refusal(() => officeClean.apply({ path, name: 'report.docx', bytes: 16, mediaType: DOCX }, {}, join(dir, 'out.docx'), testContext()));
    expect(code).toBe('redaction.unparseable');
  });

  it('refuses a package whose XML is malformed as unparseable', async () => {
    const broken = await docx({ body: `${W_PARA('x')}<w:p><w:r>`, comments: '<w:comment w:id="0" w:author="A"/>' });
    expect(await refusal(() => runOn(officeClean, broken, 'report.docx', {}))).toBe('redaction.unparseable');
  });

  it('refuses formats outside the family as unsupported, and tracked changes outside Word and OpenDocument text', async () => {
    const dir = scratch();
    const path = join(dir, 'data.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    expect(officeClean.supports({ name: 'data.csv', mediaType: 'text/csv' })).toBe(false);
    expect(await refusal(() => officeClean.apply({ path, name: 'data.csv', bytes: 8, mediaType: 'text/csv' }, {}, join(dir, 'o'), testContext()))).toBe('redaction.unsupported_format');
    expect(officeTrackedChanges.supports({ name: 'book.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBe(false);
    expect(await refusal(() => runOn(officeTrackedChanges, Buffer.alloc(0), 'x', { action: 'accept' }))).toBe('redaction.unsupported_format');
    expect(await refusal(async () => runOn(officeTrackedChanges, await dirtyXlsx(), 'book.xlsx', { action: 'accept' }))).toBe('redaction.unsupported_format');
  });

  it('refuses a document over the memory budget as too large', async () => {
    expect(await refusal(async () => runOn(officeClean, await dirtyDocx(), 'report.docx', {}, testContext(1024)))).toBe('redaction.too_large');
  });

  it('refuses a clean document as having nothing to change, and writes nothing', async () => {
    const clean = await docx({ body: W_PARA('Results') });
    expect(await refusal(() => runOn(officeClean, clean, 'clean.docx', {}))).toBe('redaction.nothing_to_change');
    expect(await refusal(() => runOn(officeTrackedChanges, clean, 'clean.docx', { action: 'reject' }))).toBe('redaction.nothing_to_change');
  });

  it('refuses an encrypted OpenDocument package as unparseable', async () => {
    const encrypted = await zipParts({
      mimetype: 'application/vnd.oasis.opendocument.text',
      'content.xml': 'encrypted bytes',
      'META-INF/manifest.xml':
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>',
    });
    expect(await refusal(() => runOn(officeClean, encrypted, 'secret.odt', {}))).toBe('redaction.unparseable');
  });

  it('validates parameters with its schema', () => {
    expect(officeClean.parameters.safeParse({ remove: ['macros'] }).success).toBe(false);
    expect(officeClean.parameters.safeParse({ remove: [] }).success).toBe(false);
    expect(officeTrackedChanges.parameters.safeParse({ action: 'merge' }).success).toBe(false);
    expect(officeTrackedChanges.parameters.safeParse({}).success).toBe(false);
  });
});
