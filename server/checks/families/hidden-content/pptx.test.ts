import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { PRESETS } from '../../shared/presets';
import type { CheckContext, Extracted, FileInfo } from '../../engine/types';
import { documentHandlers } from './index';
import { pptx, shape } from './documents.testing';

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const ctx = (): CheckContext => ({ parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal });

async function scan(bytes: Buffer): Promise<Extracted> {
  const file: FileInfo = { path: 'talk.pptx', name: 'talk.pptx', bytes: bytes.length, mediaType: PPTX };
  const handler = documentHandlers.find((h) => h.matches(file));
  if (!handler) throw new Error('no handler');
  const result = await handler.extract(bytes, file, ctx());
  // Every finding must fit the scan record's contract (rule pattern, location keys).
  for (const f of result.findings) findingSchema.parse(f);
  return result;
}

const NOTES_FURNITURE = shape('', 'sldImg') + shape('3', 'sldNum');

describe('PowerPoint presentations', () => {
  it('is silent on a clean presentation and hands slide text over with the slide number', async () => {
    const r = await scan(await pptx({ slides: [{ shapes: shape('Results', 'title') }, { shapes: shape('Counts by region') }] }));
    expect(r.findings).toEqual([]);
    expect(r.texts).toEqual([
      { text: 'Results', location: { part: 'ppt/slides/slide1.xml', page: 1 } },
      { text: 'Counts by region', location: { part: 'ppt/slides/slide2.xml', page: 2 } },
    ]);
  });

  it('reports a hidden slide and still hands its text over', async () => {
    const r = await scan(await pptx({ slides: [{ shapes: shape('Intro') }, { shapes: shape('Patient list'), hidden: true }] }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.hidden_slide', severity: 'review', location: { part: 'ppt/slides/slide2.xml', page: 2 } })]);
    expect(r.texts).toContainEqual({ text: 'Patient list', location: { part: 'ppt/slides/slide2.xml', page: 2 } });
  });

  it('reports speaker notes and hands them over', async () => {
    const r = await scan(await pptx({ slides: [{ shapes: shape('Intro'), notes: NOTES_FURNITURE + shape('Mention the Leeds cluster', 'body') }] }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.speaker_notes', severity: 'review', location: { part: 'ppt/notesSlides/notesSlide1.xml', page: 1 } })]);
    expect(r.findings[0]?.message).not.toContain('Leeds');
    expect(r.texts).toContainEqual({ text: 'Mention the Leeds cluster', location: { part: 'ppt/notesSlides/notesSlide1.xml', page: 1 } });
  });

  it('does not report a notes page holding only the slide image and number', async () => {
    expect((await scan(await pptx({ slides: [{ shapes: shape('Intro'), notes: NOTES_FURNITURE }] }))).findings).toEqual([]);
  });

  it('reports legacy comments with their slide', async () => {
    const xml = '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cm authorId="0" idx="1"><p:pos x="10" y="10"/><p:text>Is n=4 safe?</p:text></p:cm></p:cmLst>';
    const r = await scan(await pptx({ slides: [{ shapes: shape('x'), comments: { xml, relType: 'comments' } }] }));
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'hidden-content.comments', location: { part: 'ppt/comments/comment1.xml', page: 1 } })]);
    expect(r.texts).toContainEqual({ text: 'Is n=4 safe?', location: { part: 'ppt/comments/comment1.xml', page: 1 } });
  });

  it('reports modern threaded comments, replies included', async () => {
    const xml =
      '<p188:cmLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p188:cm id="{1}" authorId="{A}"><p188:replyLst><p188:reply id="{2}" authorId="{B}"><p188:txBody><a:p><a:r><a:t>agreed</a:t></a:r></a:p></p188:txBody></p188:reply></p188:replyLst><p188:txBody><a:p><a:r><a:t>suppress this</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>';
    const r = await scan(await pptx({ slides: [{ shapes: shape('x'), comments: { xml, relType: 'http://schemas.microsoft.com/office/2018/10/relationships/comments' } }] }));
    expect(r.findings.map((f) => [f.rule, f.message])).toEqual([['hidden-content.comments', expect.stringMatching(/^2 comments/)]]);
  });

  it('reports presentation properties under the metadata family', async () => {
    const r = await scan(await pptx({ slides: [{ shapes: shape('x') }], core: { 'dc:creator': 'Ada Lovelace' } }));
    expect(r.findings).toEqual([expect.objectContaining({ family: 'metadata', rule: 'metadata.document_author', location: { part: 'docProps/core.xml', field: 'creator' } })]);
  });
});
