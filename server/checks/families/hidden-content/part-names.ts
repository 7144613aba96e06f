/**
 * Part names of Office (OOXML) and OpenDocument packages as findings may show them. A name made
 * of the words the formats' specifications and the Office suites use (`xl/worksheets/sheet1.xml`,
 * `word/comments.xml`, `ppt/notesSlides/notesSlide2.xml`, `meta.xml`) is kept; any other name
 * was chosen by whoever wrote the file (a custom XML part, an embedded object, a renamed part)
 * and is file text, so it is shown masked with its extension (`c••••.xml`, mask-name.ts).
 *
 * Example: `shownPart('word/comments.xml')` → `word/comments.xml`;
 * `shownPart('word/embeddings/Ada_Smith.xlsx')` → `w••••.xlsx`.
 */
import { maskFileName } from '../../shared/mask-name';

/** Folder and part words of OOXML and ODF packages (lower case; a part may add a number: `sheet12`). */
const SPEC_WORDS = new Set(
  [
    '_rels',
    'word',
    'xl',
    'ppt',
    'docprops',
    'customxml',
    'item',
    'itemprops',
    'core',
    'app',
    'custom',
    'document',
    'styles',
    'stylesWithEffects',
    'settings',
    'websettings',
    'fonttable',
    'numbering',
    'footnotes',
    'endnotes',
    'header',
    'footer',
    'comments',
    'commentsextended',
    'commentsids',
    'commentsextensible',
    'people',
    'glossary',
    'afchunk',
    'comment',
    'embeddings',
    'oleobject',
    'package',
    'media',
    'image',
    'theme',
    'vbaproject',
    'vbadata',
    'workbook',
    'worksheets',
    'sheet',
    'chartsheets',
    'sharedstrings',
    'calcchain',
    'connections',
    'querytables',
    'querytable',
    'pivotcache',
    'pivotcachedefinition',
    'pivotcacherecords',
    'pivottables',
    'pivottable',
    'externallinks',
    'externallink',
    'threadedcomments',
    'threadedcomment',
    'persons',
    'person',
    'drawings',
    'drawing',
    'vmldrawing',
    'charts',
    'chart',
    'tables',
    'table',
    'slides',
    'slide',
    'notesslides',
    'notesslide',
    'slidelayouts',
    'slidelayout',
    'slidemasters',
    'slidemaster',
    'notesmasters',
    'notesmaster',
    'handoutmasters',
    'handoutmaster',
    'commentauthors',
    'modernComment',
    'presentation',
    'presprops',
    'viewprops',
    'tablestyles',
    'revisioninfo',
    'content',
    'meta',
    'manifest',
    'meta-inf',
    'mimetype',
    'thumbnails',
    'thumbnail',
    'pictures',
    'basic',
    'scripts',
    'script-lc',
    'dialog-lc',
    'configurations2',
    'info',
    'xmp',
  ].map((w) => w.toLowerCase()),
);
const SEGMENT = /^(\.?[A-Za-z_][A-Za-z_-]*?)\d*(\.(?:xml|rels|bin|vml|mht|png|jpeg|jpg|emf|wmf))?$/;

function isSpecSegment(segment: string): boolean {
  // `Object 2/`: OpenDocument's embedded objects are only reported under names of this form.
  if (segment === '[Content_Types].xml' || segment === '.rels' || /^Object \d+$/.test(segment)) return true;
  // `_rels/document.xml.rels` names the relationships of `document.xml`.
  const m = SEGMENT.exec(segment.endsWith('.xml.rels') ? segment.slice(0, -'.rels'.length) : segment);
  return m !== null && SPEC_WORDS.has(m[1]!.toLowerCase());
}

/** The part name itself when the format's vocabulary makes it up, else its masked form. */
export function shownPart(name: string): string {
  const segments = name.replace(/\/$/, '').split('/');
  return segments.length > 0 && segments.every(isSpecSegment) ? name : maskFileName(name);
}
