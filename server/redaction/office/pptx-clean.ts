/**
 * PowerPoint presentations: speaker notes (each slide's notes page; the notes master, a layout
 * without text, stays) and comments (legacy and modern comment parts, the slide's reference to
 * modern comments, and the comment-author lists).
 *
 * Example: slide 2's `ppt/notesSlides/notesSlide2.xml` is removed with the slide's relationship
 * to it and its content-type override; the slide itself is unchanged.
 */
import { shownPart } from '../../checks/families/hidden-content/part-names';
import type { ChangeLog } from './change-log';
import { mainPart } from './ooxml-clean';
import type { OfficeZip } from './office-zip';
import { readRels, removePart } from './opc';
import { attrValue, parseSpans, XmlEdits } from './xml-edit';

/** Slide parts in presentation order. */
function slides(zip: OfficeZip): string[] {
  const main = mainPart(zip) ?? 'ppt/presentation.xml';
  const xml = zip.text(main);
  const rels = readRels(zip, main);
  if (xml === undefined) return [];
  return parseSpans(xml, main)
    .find('sldId')
    .map((el) => rels.find((r) => r.id === attrValue(el, 'r:id') && !r.external)?.target)
    .filter((p): p is string => p !== undefined && zip.has(p))
    .map((p) => zip.nameOf(p) ?? p);
}

/** Removes every slide's notes page. */
export function removeSpeakerNotes(zip: OfficeZip, log: ChangeLog): void {
  slides(zip).forEach((slide, i) => {
    for (const rel of readRels(zip, slide)) {
      if (rel.external || rel.short !== 'notesSlide' || !zip.has(rel.target)) continue;
      const part = zip.nameOf(rel.target) ?? rel.target;
      removePart(zip, part);
      log.add({ part: shownPart(part), page: i + 1 }, 'removed speaker notes');
    }
  });
  for (const loose of zip.names.filter((n) => /^ppt\/notesSlides\/[^/]+\.xml$/i.test(n))) {
    removePart(zip, loose);
    log.add({ part: shownPart(loose) }, 'removed speaker notes');
  }
}

/** Removes comments on slides and the lists of their authors. */
export function removeSlideComments(zip: OfficeZip, log: ChangeLog): void {
  slides(zip).forEach((slide, i) => {
    const removedIds: string[] = [];
    for (const rel of readRels(zip, slide)) {
      if (rel.external || rel.short !== 'comments' || !zip.has(rel.target)) continue;
      const part = zip.nameOf(rel.target) ?? rel.target;
      const xml = zip.text(part) ?? '';
      const count = parseSpans(xml, part).find('cm').length;
      removePart(zip, part);
      removedIds.push(rel.id);
      log.add({ part: shownPart(part), page: i + 1 }, `removed ${count} comment${count === 1 ? '' : 's'}`);
    }
    if (removedIds.length === 0) return;
    // Modern comments are also named from the slide: <p:ext uri=…><p188:commentRel r:id="rId3"/></p:ext>.
    const xml = zip.text(slide) ?? '';
    const doc = parseSpans(xml, slide);
    const edits = new XmlEdits(xml);
    for (const ref of doc.find('commentRel')) {
      if (!removedIds.includes(attrValue(ref, 'r:id') ?? '')) continue;
      const ext = ref.parent?.local === 'ext' ? ref.parent : ref;
      const list = ext.parent;
      if (list?.local === 'extLst' && list.children.length === 1) edits.remove(list);
      else edits.remove(ext);
    }
    if (edits.count > 0) zip.setText(slide, edits.apply());
  });
  const main = mainPart(zip) ?? 'ppt/presentation.xml';
  for (const rel of readRels(zip, main).filter((r) => !r.external && (r.short === 'commentAuthors' || r.short === 'authors'))) {
    removePart(zip, rel.target);
    log.add({ part: shownPart(rel.target) }, 'removed the list of comment authors');
  }
  for (const loose of zip.names.filter((n) => /^ppt\/comments\/[^/]+\.xml$/i.test(n))) {
    removePart(zip, loose);
    log.add({ part: shownPart(loose) }, 'removed comments');
  }
}
