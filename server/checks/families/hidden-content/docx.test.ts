import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { documentHandlers } from './index';
import { docx, rels, zipParts } from './documents.testing';
import { cfbFile } from './pdf.testing';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function scan(bytes: Buffer, mediaType = DOCX): Promise<Extracted> {
  const file: FileInfo = { path: 'report.docx', name: 'report.docx', bytes: bytes.length, mediaType };
  const handler = documentHandlers.find((h) => h.matches(file));
  if (!handler) throw new Error(`no handler for ${mediaType}`);
  const result = await handler.extract(bytes, file, ctx());
  // Every finding must fit the scan record's contract (rule pattern, location keys).
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}

const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const rules = (r: Extracted) => r.findings.map((f) => f.rule).sort();

describe('Word documents', () => {
  it('is silent on a clean document and hands its text over one paragraph per line', async () => {
    const r = await scan(await docx({ body: para('Results') + para('Table 1 shows counts.'), core: { 'dc:title': '' } }));
    expect(r.findings).toEqual([]);
    expect(r.unreadable).toBeUndefined();
    expect(r.texts).toEqual([{ text: 'Results\nTable 1 shows counts.', location: { part: 'word/document.xml' } }]);
  });

  it('reports comments for review at the comments part and hands their text over', async () => {
    const comments = '<w:comment w:id="0" w:author="Max Mustermann"><w:p><w:r><w:t>Call 07700 900123</w:t></w:r></w:p></w:comment>';
    const r = await scan(await docx({ body: para('Body'), comments }));
    expect(r.findings).toEqual([expect.objectContaining({ family: 'hidden-content', rule: 'hidden-content.comments', severity: 'review', location: { part: 'word/comments.xml' } })]);
    expect(r.findings[0]?.message).not.toContain('Mustermann');
    expect(r.texts).toContainEqual({ text: 'Call 07700 900123', location: { part: 'word/comments.xml' } });
  });

  it('does not report a comments part that holds no comments', async () => {
    expect((await scan(await docx({ body: para('Body'), comments: '' }))).findings).toEqual([]);
  });

  it('reports tracked insertions and deletions and still hands over the deleted text', async () => {
    const body =
      '<w:p><w:ins w:id="1" w:author="A"><w:r><w:t>statistically </w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>Jane Doe, NHS 943 476 5919</w:delText></w:r></w:del><w:r><w:t>significant</w:t></w:r></w:p>';
    const r = await scan(await docx({ body }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.tracked_changes', severity: 'review', location: { part: 'word/document.xml' } })]);
    expect(r.findings[0]?.message).toMatch(/1 insertion, 1 deletion/);
    expect(r.texts).toContainEqual({ text: 'statistically significant', location: { part: 'word/document.xml' } });
    expect(r.texts).toContainEqual({ text: 'Jane Doe, NHS 943 476 5919', location: { part: 'word/document.xml', field: 'deleted text' } });
  });

  it('counts moved text as tracked changes', async () => {
    const body = '<w:p><w:moveFrom w:id="1" w:author="A"><w:r><w:t>Moved</w:t></w:r></w:moveFrom></w:p><w:p><w:moveTo w:id="2" w:author="A"><w:r><w:t>Moved</w:t></w:r></w:moveTo></w:p>';
    const r = await scan(await docx({ body }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/2 moves/)]);
  });

  it('reports hidden text but not a hidden paragraph mark', async () => {
    const hiddenRun = '<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret note</w:t></w:r></w:p>';
    const hiddenMark = '<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>visible</w:t></w:r></w:p>';
    const switchedOff = '<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>visible too</w:t></w:r></w:p>';
    expect(rules(await scan(await docx({ body: hiddenRun })))).toEqual(['hidden-content.hidden_text']);
    expect(rules(await scan(await docx({ body: hiddenMark + switchedOff })))).toEqual([]);
  });

  it('reports linked images and attached templates as external links, but plain hyperlinks only as text', async () => {
    const linked = await docx({ body: para('x'), docRels: [['rId9', 'image', 'file:///C:/Users/jsmith/photo.jpg', true]] });
    const r = await scan(linked);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.external_link', location: { part: 'word/document.xml' } })]);
    expect(r.findings[0]?.message).not.toContain('jsmith');
    const hyperlink = await scan(await docx({ body: para('x'), docRels: [['rId9', 'hyperlink', 'mailto:ada@example.org', true]] }));
    expect(hyperlink.findings).toEqual([]);
    expect(hyperlink.texts).toContainEqual({ text: 'mailto:ada@example.org', location: { part: 'word/document.xml' } });
  });

  it('reports links to local files and attached template paths, but not a bare template name', async () => {
    const fileLink = await scan(await docx({ body: para('x'), docRels: [['rId9', 'hyperlink', 'file:///C:/Users/jsmith/data.xlsx', true]] }));
    expect(fileLink.findings.map((f) => f.rule)).toEqual(['hidden-content.external_link']);
    const settingsRels = (target: string) => ({ 'word/_rels/settings.xml.rels': rels([['rId1', 'attachedTemplate', target, true]]), 'word/settings.xml': '<w:settings xmlns:w="x"/>' });
    expect((await scan(await docx({ body: para('x'), parts: settingsRels('file:///\\\\server\\share\\Report.dotx') }))).findings).toEqual([
      expect.objectContaining({ rule: 'hidden-content.external_link', location: { part: 'word/settings.xml' } }),
    ]);
    expect((await scan(await docx({ body: para('x'), parts: settingsRels('Normal.dotm') }))).findings).toEqual([]);
  });

  it('reports an alternative-format chunk as an embedded file and hands it back', async () => {
    const r = await scan(await docx({ body: para('x') + '<w:altChunk r:id="rIdA"/>', docRels: [['rIdA', 'aFChunk', 'afchunk.mht']], parts: { 'word/afchunk.mht': 'MIME-Version: 1.0' } }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.embedded_object', location: { part: 'word/afchunk.mht' } })]);
    expect(r.members?.map((m) => m.name)).toEqual(['word/afchunk.mht']);
  });

  it('reports embedded objects and hands them and images back as members', async () => {
    const r = await scan(await docx({ body: para('x'), parts: { 'word/embeddings/oleObject1.bin': Buffer.from('ole'), 'word/media/image1.png': Buffer.from('png') } }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.embedded_object', severity: 'review', location: { part: 'word/embeddings/oleObject1.bin' } })]);
    expect(r.members?.map((m) => m.name).sort()).toEqual(['word/embeddings/oleObject1.bin', 'word/media/image1.png']);
  });

  it('reports author, last editor, company and custom properties under the metadata family', async () => {
    const r = await scan(
      await docx({
        body: para('x'),
        core: { 'dc:creator': 'Raymond Camden', 'cp:lastModifiedBy': 'Stuart Watt', 'dc:title': 'BlogCFC' },
        app: { Company: 'RGU' },
        custom: { _AuthorEmail: 'c.d@rgu.ac.uk' },
      }),
    );
    expect(r.findings.map((f) => [f.rule, f.location?.field])).toEqual([
      ['metadata.document_author', 'creator'],
      ['metadata.document_author', 'lastModifiedBy'],
      ['metadata.document_company', 'Company'],
      ['metadata.custom_property', '••••'],
    ]);
    expect(r.findings.every((f) => f.family === 'metadata' && f.severity === 'review')).toBe(true);
    expect(r.findings.map((f) => f.message).join(' ')).not.toMatch(/Camden|Watt|RGU|rgu/);
    expect(r.texts).toContainEqual({ text: 'c.d@rgu.ac.uk', location: { part: 'docProps/custom.xml', field: '••••' } });
    // A custom property's name is the author's text: the message shows it masked too.
    expect(r.findings.map((f) => f.message).join(' ')).not.toMatch(/AuthorEmail/);
  });

  it('does not report tool placeholders as authors', async () => {
    expect((await scan(await docx({ body: para('x'), core: { 'dc:creator': 'python-docx', 'cp:lastModifiedBy': '' } }))).findings).toEqual([]);
  });

  it('reports a macro project in a macro-enabled document', async () => {
    const r = await scan(await docx({ body: para('x'), macro: true, parts: { 'word/vbaProject.bin': Buffer.from('vba') } }), 'application/vnd.ms-word.document.macroenabled.12');
    expect(rules(r)).toContain('hidden-content.macros');
  });

  it('marks a file that is not a zip as unreadable with the reason', async () => {
    const r = await scan(Buffer.from('PK\x03\x04 not really a zip'));
    expect(r.unreadable).toMatch(/not a valid zip package/);
  });

  it('refuses a part that declares a DTD, before expanding any entity', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><w:document xmlns:w="x"><w:body>&lol2;</w:body></w:document>';
    const bytes = await zipParts({ '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', 'word/document.xml': bomb });
    expect((await scan(bytes)).unreadable).toMatch(/declares a DTD/);
  });

  it('refuses a zip bomb from its directory before inflating it', async () => {
    const bytes = await docx({ body: para('x'), parts: { 'word/media/zeros.bin': Buffer.alloc(24 * 1024 * 1024) } });
    const r = await scan(bytes);
    expect(r.unreadable).toMatch(/zip bomb/);
  });

  it('refuses a package whose directory declares more than the size limit', async () => {
    const bytes = await docx({ body: para('x') });
    const cd = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0xfffffff0, cd + 24);
    expect((await scan(bytes)).unreadable).toMatch(/declares more than|zip bomb|over the/);
  });

  it('marks an encrypted Office document (a compound file with EncryptedPackage) as unreadable: encrypted', async () => {
    const r = await scan(cfbFile({ EncryptionInfo: Buffer.from([4, 0, 4, 0]), EncryptedPackage: Buffer.alloc(5000, 7) }), 'application/x-cfb');
    expect(r).toEqual({ findings: [], unreadable: 'encrypted document; cannot be inspected' });
  });

  it('marks a password-protected 97-2003 Word document as encrypted and an unprotected one as needing a person', async () => {
    const fib = Buffer.alloc(4096);
    fib.writeUInt16LE(0xa5ec, 0);
    fib.writeUInt16LE(0x0100, 0x0a);
    expect((await scan(cfbFile({ WordDocument: fib }), 'application/x-cfb')).unreadable).toBe('encrypted document; cannot be inspected');
    fib.writeUInt16LE(0, 0x0a);
    expect((await scan(cfbFile({ WordDocument: fib }), 'application/x-cfb')).unreadable).toMatch(/legacy binary Word document/);
  });

  it('marks a corrupt compound file as unreadable instead of throwing', async () => {
    const bytes = cfbFile({ WordDocument: Buffer.alloc(4096) }).subarray(0, 700);
    expect((await scan(bytes, 'application/x-cfb')).unreadable).toMatch(/corrupt|OLE/);
  });
});
