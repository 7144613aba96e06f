/**
 * Word documents: comments (the comments part, its companions — extended comments, ids,
 * people — and the range markers and reference marks in every story) and hidden text (runs whose
 * own properties say `<w:vanish/>`, in the body, headers, footers and notes). The stories are
 * found the way the checks find them, by content type with the usual names as a fallback.
 *
 * Example: `<w:p><w:r><w:t>Shown</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret</w:t></w:r></w:p>`
 * becomes `<w:p><w:r><w:t>Shown</w:t></w:r></w:p>`.
 */
import { shownPart } from '../../checks/families/hidden-content/part-names';
import type { ChangeLog } from './change-log';
import type { OfficeZip } from './office-zip';
import { contentTypes, partsOfType, readRels, removePart } from './opc';
import { childrenNamed, isOn, localAttr, parseSpans, XmlEdits } from './xml-edit';

const STORY_SUFFIXES = [
  'document.main+xml',
  'template.main+xml',
  'document.macroenabled.main+xml',
  'template.macroenabledtemplate.main+xml',
  'header+xml',
  'footer+xml',
  'footnotes+xml',
  'endnotes+xml',
];
const FALLBACK_STORY = /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/i;

/** The parts holding Word text: body, headers, footers, footnotes, endnotes. */
export function wordStories(zip: OfficeZip): string[] {
  const typeOf = contentTypes(zip);
  const byType = zip.names.filter((n) => STORY_SUFFIXES.some((s) => typeOf(n).endsWith(s)));
  return byType.length > 0 ? byType : zip.names.filter((n) => FALLBACK_STORY.test(n));
}

/** Relationship types (last segment) of the parts that make up Word comments. */
const COMMENT_REL_TYPES = new Set(['comments', 'commentsExtended', 'commentsIds', 'commentsExtensible', 'people']);

/** Removes comments and their anchors; logs what went. */
export function removeWordComments(zip: OfficeZip, log: ChangeLog): void {
  const parts = new Set<string>();
  for (const story of wordStories(zip)) for (const r of readRels(zip, story)) if (!r.external && COMMENT_REL_TYPES.has(r.short) && zip.has(r.target)) parts.add(zip.nameOf(r.target) ?? r.target);
  for (const p of partsOfType(zip, 'wordprocessingml.comments+xml')) parts.add(p);
  for (const p of zip.names.filter((n) => /^word\/(comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml$/i.test(n))) parts.add(p);
  for (const part of parts) {
    const count = part.toLowerCase().endsWith('comments.xml') ? parseSpans(zip.text(part) ?? '', part).find('comment').length : 0;
    removePart(zip, part);
    log.add({ part: shownPart(part) }, count > 0 ? `removed ${count} comment${count === 1 ? '' : 's'}` : 'removed comment data');
  }
  for (const story of wordStories(zip)) {
    const xml = zip.text(story);
    if (xml === undefined) continue;
    const doc = parseSpans(xml, story);
    const edits = new XmlEdits(xml);
    for (const local of ['commentRangeStart', 'commentRangeEnd']) for (const el of doc.find(local)) edits.remove(el);
    for (const ref of doc.find('commentReference')) {
      const run = ref.parent;
      // A run that only carried the reference mark goes with it.
      if (run && run.local === 'r' && run.children.every((c) => c === ref || c.local === 'rPr')) edits.remove(run);
      else edits.remove(ref);
    }
    if (edits.count > 0) {
      zip.setText(story, edits.apply());
      log.add({ part: shownPart(story) }, 'removed comment anchors');
    }
  }
}

/** Removes runs formatted as hidden (w:vanish directly in the run's properties). */
export function removeWordHiddenText(zip: OfficeZip, log: ChangeLog): void {
  for (const story of wordStories(zip)) {
    const xml = zip.text(story);
    if (xml === undefined) continue;
    const doc = parseSpans(xml, story);
    const edits = new XmlEdits(xml);
    let runs = 0;
    for (const run of doc.find('r')) {
      const props = childrenNamed(run, 'rPr')[0];
      const vanish = props ? childrenNamed(props, 'vanish')[0] : undefined;
      if (!vanish || !isOn(localAttr(vanish, 'val'))) continue;
      edits.remove(run);
      runs++;
    }
    if (runs > 0) {
      zip.setText(story, edits.apply());
      log.add({ part: shownPart(story) }, `removed ${runs} run${runs === 1 ? '' : 's'} of hidden text`);
    }
  }
}
