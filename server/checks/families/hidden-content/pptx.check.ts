/**
 * PowerPoint presentations (PPTX, PPTM, PPSX, POTX): speaker notes, hidden slides and comments,
 * plus the package-wide checks. Slide text (hidden slides included) and notes go to the text
 * detectors with {part, page: slide number}.
 *
 * Example: slide 3 with `<p:sld show="0">` gives
 * `{rule:'hidden-content.hidden_slide', severity:'review', location:{part:'ppt/slides/slide3.xml', page:3}}`.
 */
import { finding } from '../../engine/types';
import type { CheckContext, Extracted, FileInfo, FormatHandler, FindingLocation } from '../../engine/types';
import { Collector, plural } from './collector';
import { checkPackageCommon } from './ooxml-common';
import { openOoxml } from './ooxml-package';
import type { OoxmlPackage } from './ooxml-package';
import { assertWithinBudget, guardExtract } from '../../engine/extract-guard';
import { scanSlidePart, speakerNotes } from './slide-scan';
import { assertNoDtd } from './xml-scan';
import { openZip } from './zip-package';
import { mediaTypesOf } from '../../formats/registry';

const SLIDES_TYPES = mediaTypesOf('pptx');

/** Opens PPTX/PPTM/PPSX/POTX presentations. */
export const pptxHandler: FormatHandler = {
  name: 'pptx',
  matches: (file: FileInfo) => SLIDES_TYPES.has(file.mediaType.toLowerCase()),
  extract: (bytes: Buffer, _file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const out = new Collector();
    return guardExtract(
      'PowerPoint presentation',
      () => out.result(),
      async () => {
        const pkg = await openOoxml(await openZip(bytes));
        await checkPackageCommon(pkg, out);
        const slides = await slideParts(pkg);
        const commentParts = new Set<string>();
        const stop = () => assertWithinBudget(ctx);
        for (const [i, part] of slides.entries()) {
          stop();
          await checkSlide(pkg, part, i + 1, out, commentParts, stop);
        }
        const loose = pkg.zip.names.filter((n) => /^ppt\/comments\/[^/]+\.xml$/i.test(n) && !commentParts.has(n.toLowerCase()));
        for (const part of loose) await checkComments(pkg, part, { part }, out, stop);
        return out.result();
      },
    );
  },
};

/** Slides in presentation order (sldIdLst), or by name when the list is missing. */
async function slideParts(pkg: OoxmlPackage): Promise<string[]> {
  const main = (await pkg.mainPart()) ?? 'ppt/presentation.xml';
  const xml = await pkg.text(main);
  const rels = await pkg.rels(main);
  if (xml !== undefined) {
    assertNoDtd(xml, main);
    // <p:sldId id="256" r:id="rId2"/>: the relationship id is the namespaced one, not the plain id.
    const ids = [...xml.matchAll(/<(?:[\w.-]+:)?sldId\b[^>]*?\s[\w.-]+:id\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
    const ordered = ids.map((id) => rels.find((r) => r.id === id && !r.external)?.target).filter((p): p is string => p !== undefined);
    if (ordered.length > 0) return ordered;
  }
  const byNumber = (n: string) => Number(/(\d+)\.xml$/i.exec(n)?.[1] ?? 0);
  return pkg.zip.names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/i.test(n)).sort((a, b) => byNumber(a) - byNumber(b));
}

async function checkSlide(pkg: OoxmlPackage, part: string, page: number, out: Collector, commentParts: Set<string>, stop: () => void): Promise<void> {
  const xml = await pkg.text(part);
  if (xml === undefined) return;
  const slide = scanSlidePart(xml, part, stop);
  const where = { part, page };
  out.text(slide.shapes.flatMap((s) => s.paragraphs).join('\n'), where);
  if (!slide.shown) out.add(finding('hidden-content', 'hidden_slide', 'review', 'A hidden slide: not shown in the presentation but still in the file (its text is checked)', where));
  for (const rel of await pkg.rels(part)) {
    if (rel.external) continue;
    if (rel.type === 'notesSlide') {
      const notesXml = await pkg.text(rel.target);
      if (notesXml === undefined) continue;
      const notes = speakerNotes(scanSlidePart(notesXml, rel.target, stop));
      if (notes === '') continue;
      out.text(notes, { part: rel.target, page });
      out.add(finding('hidden-content', 'speaker_notes', 'review', 'Speaker notes: text not shown on the slide but stored with it', { part: rel.target, page }));
    } else if (rel.type === 'comments') {
      commentParts.add(rel.target.toLowerCase());
      await checkComments(pkg, rel.target, { part: rel.target, page }, out, stop);
    }
  }
}

async function checkComments(pkg: OoxmlPackage, part: string, where: FindingLocation, out: Collector, stop: () => void): Promise<void> {
  const xml = await pkg.text(part);
  if (xml === undefined) return;
  const scanned = scanSlidePart(xml, part, stop);
  if (scanned.comments === 0) return;
  out.text(scanned.commentTexts.join('\n'), where);
  out.add(finding('hidden-content', 'comments', 'review', `${plural(scanned.comments, 'comment')} with author names; remove them before release`, where));
}
