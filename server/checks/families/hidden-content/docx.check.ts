/**
 * Word documents (DOCX, DOCM, DOTX): comments, tracked changes (the deleted text is still in the
 * file), hidden text, plus the package-wide checks (properties, external links, macros, embedded
 * files). The text of every story goes to the text detectors, one paragraph per line, with the
 * part as location; deleted text goes separately, so PII that was "deleted" is still reported.
 *
 * Example: a DOCX with one `<w:comment>` in word/comments.xml gives
 * `{rule:'hidden-content.comments', severity:'review', location:{part:'word/comments.xml'}}`.
 */
import { finding } from '../../engine/types';
import type { CheckContext, Extracted, FileInfo, FormatHandler } from '../../engine/types';
import { Collector, plural } from './collector';
import { checkPackageCommon } from './ooxml-common';
import { openOoxml } from './ooxml-package';
import type { OoxmlPackage } from './ooxml-package';
import { assertWithinBudget, guardExtract } from '../../engine/extract-guard';
import { scanWordStory } from './word-scan';
import { openZip } from './zip-package';
import { mediaTypesOf } from '../../formats/registry';

const WORD_TYPES = mediaTypesOf('docx');

/** Content types of the stories whose text and revisions are checked. */
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

/** Opens DOCX/DOCM/DOTX packages. */
export const docxHandler: FormatHandler = {
  name: 'docx',
  matches: (file: FileInfo) => WORD_TYPES.has(file.mediaType.toLowerCase()),
  extract: (bytes: Buffer, _file: FileInfo, ctx: CheckContext): Promise<Extracted> => {
    const out = new Collector();
    return guardExtract(
      'Word document',
      () => out.result(),
      async () => {
        const pkg = await openOoxml(await openZip(bytes));
        await checkPackageCommon(pkg, out);
        await checkStories(pkg, out, ctx);
        await checkComments(pkg, out, ctx);
        await checkAltChunks(pkg, out);
        return out.result();
      },
    );
  },
};

async function storyParts(pkg: OoxmlPackage): Promise<string[]> {
  const byType = pkg.zip.names.filter((n) => STORY_SUFFIXES.some((s) => pkg.contentType(n).endsWith(s)));
  const main = await pkg.mainPart();
  const parts = new Set(byType.length > 0 ? byType : pkg.zip.names.filter((n) => FALLBACK_STORY.test(n)));
  if (main && pkg.zip.size(main) !== undefined) parts.add(main);
  // Main document first, so its paragraphs are line 1… of the first text.
  return [...parts].sort((a, b) => Number(b === main) - Number(a === main));
}

async function checkStories(pkg: OoxmlPackage, out: Collector, ctx: CheckContext): Promise<void> {
  for (const part of await storyParts(pkg)) {
    const xml = await pkg.text(part);
    if (xml === undefined) continue;
    assertWithinBudget(ctx);
    const story = scanWordStory(xml, part, () => assertWithinBudget(ctx));
    out.text(story.paragraphs.join('\n'), { part });
    if (story.deleted.length > 0) out.text(story.deleted.join('\n'), { part, field: 'deleted text' });
    const revisions = story.insertions + story.deletions + story.moves;
    if (revisions > 0) {
      const counts = [plural(story.insertions, 'insertion'), plural(story.deletions, 'deletion'), plural(story.moves, 'move')].filter(Boolean).join(', ');
      const deleted = story.deleted.length > 0 ? '; deleted text is still stored in the file' : '';
      out.add(finding('hidden-content', 'tracked_changes', 'review', `Tracked changes (${counts}) with reviser names${deleted}; accept or reject them before release`, { part }));
    } else if (story.formatChanges > 0) {
      out.add(finding('hidden-content', 'tracked_changes', 'review', `${plural(story.formatChanges, 'tracked formatting change')} with reviser names; accept or reject them before release`, { part }));
    }
    if (story.hiddenRuns > 0) {
      out.add(finding('hidden-content', 'hidden_text', 'review', `${plural(story.hiddenRuns, 'run')} of hidden text (w:vanish), invisible when printed but still in the file`, { part }));
    }
  }
}

async function checkComments(pkg: OoxmlPackage, out: Collector, ctx: CheckContext): Promise<void> {
  const parts = pkg.partsOfType('wordprocessingml.comments+xml');
  const fallback = pkg.zip.names.filter((n) => /^word\/comments\.xml$/i.test(n));
  for (const part of parts.length > 0 ? parts : fallback) {
    const xml = await pkg.text(part);
    if (xml === undefined) continue;
    const story = scanWordStory(xml, part, () => assertWithinBudget(ctx));
    if (story.comments === 0) continue;
    out.text(story.paragraphs.join('\n'), { part });
    out.add(finding('hidden-content', 'comments', 'review', `${plural(story.comments, 'comment')} with author names; remove them before release`, { part }));
  }
}

/** Alternative-format chunks (w:altChunk): whole HTML, RTF or DOCX files embedded in the body. */
async function checkAltChunks(pkg: OoxmlPackage, out: Collector): Promise<void> {
  const main = await pkg.mainPart();
  if (!main) return;
  for (const rel of await pkg.rels(main)) {
    if (rel.external || rel.type !== 'aFChunk' || /(^|\/)embeddings\//i.test(rel.target)) continue;
    const size = pkg.zip.size(rel.target);
    if (size === undefined) continue;
    const handed = out.canTakeMember(size) && out.member(rel.target, (await pkg.zip.read(rel.target)) ?? Buffer.alloc(0));
    const note = handed ? 'it is checked as an entry' : 'it is too large to check here; inspect it by hand';
    out.add(finding('hidden-content', 'embedded_object', 'review', `The document embeds a whole file as an alternative-format chunk; ${note}`, { part: rel.target }));
  }
}
