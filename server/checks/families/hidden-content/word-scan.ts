/**
 * One pass over a WordprocessingML story (body, header, footer, notes, comments): the visible
 * text per paragraph, the deleted text that tracked changes keep in the file, and counts of
 * revisions, hidden runs and comments.
 *
 * Hidden text means a run whose own properties say `<w:vanish/>` and that holds text: a vanish
 * on a paragraph mark (`w:pPr/w:rPr/w:vanish`) hides no text, so it is not counted.
 *
 * Example: `<w:p><w:ins w:author="A"><w:r><w:t>new</w:t></w:r></w:ins><w:del w:author="A"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>`
 * gives paragraphs ['new'], deleted ['old'], insertions 1, deletions 1.
 */
import { attr, isOn, scanXml } from './xml-scan';

export interface WordStory {
  /** Text of each paragraph in document order (nested text-box paragraphs after their host). */
  paragraphs: string[];
  /** Deleted text (w:delText), one entry per paragraph that had some. */
  deleted: string[];
  insertions: number;
  deletions: number;
  moves: number;
  formatChanges: number;
  /** Runs marked hidden (w:vanish) that hold text. */
  hiddenRuns: number;
  /** Comments (w:comment elements), for comments parts. */
  comments: number;
}

const REVISION_FORMAT = new Set(['rPrChange', 'pPrChange', 'sectPrChange', 'tblPrChange', 'trPrChange', 'tcPrChange', 'tblGridChange', 'numberingChange']);

/** Scans one story part; throws ExtractProblem on malformed XML or when `shouldStop` throws. */
export function scanWordStory(xml: string, part: string, shouldStop?: () => void): WordStory {
  const story: WordStory = { paragraphs: [], deleted: [], insertions: 0, deletions: 0, moves: 0, formatChanges: 0, hiddenRuns: 0, comments: 0 };
  const stack: string[] = [];
  const paragraphs: string[][] = [];
  let deletedHere: string[] = [];
  let runHidden = false;
  let runCounted = false;
  let inChange = 0;
  let inFallback = 0;

  const current = () => paragraphs[paragraphs.length - 1];
  const onElement = (name: string, attrs: string) => {
    const parent = stack[stack.length - 1];
    switch (name) {
      case 'ins':
      case 'cellIns':
        story.insertions++;
        break;
      case 'del':
      case 'cellDel':
        story.deletions++;
        break;
      case 'moveFrom':
      case 'moveTo':
        story.moves++;
        break;
      case 'comment':
        if (parent === 'comments') story.comments++;
        break;
      case 'vanish':
        if (inChange === 0 && parent === 'rPr' && stack[stack.length - 2] === 'r' && isOn(attr(attrs, 'val'))) runHidden = true;
        break;
      case 'tab':
        if (parent === 'r' && inFallback === 0) current()?.push('\t');
        break;
      case 'br':
      case 'cr':
        if (parent === 'r' && inFallback === 0) current()?.push(' ');
        break;
      default:
        if (REVISION_FORMAT.has(name)) story.formatChanges++;
    }
  };

  scanXml(
    xml,
    part,
    {
      open(name, attrs, selfClosing) {
        onElement(name, attrs);
        if (selfClosing) return;
        if (name === 'p') paragraphs.push([]);
        else if (name === 'r') {
          runHidden = false;
          runCounted = false;
        } else if (REVISION_FORMAT.has(name)) inChange++;
        else if (name === 'Fallback') inFallback++;
        stack.push(name);
      },
      close(name) {
        // Pop to the matching element; tolerate stray closers rather than fail the whole part.
        const at = stack.lastIndexOf(name);
        if (at < 0) return;
        stack.length = at;
        if (name === 'p') {
          const text = (paragraphs.pop() ?? []).join('');
          story.paragraphs.push(text);
          if (deletedHere.length > 0 && paragraphs.length === 0) {
            story.deleted.push(deletedHere.join(''));
            deletedHere = [];
          }
        } else if (REVISION_FORMAT.has(name)) inChange = Math.max(0, inChange - 1);
        else if (name === 'Fallback') inFallback = Math.max(0, inFallback - 1);
      },
      text(text) {
        const here = stack[stack.length - 1];
        if (inFallback > 0) return;
        if (here === 't') {
          current()?.push(text);
          if (runHidden && !runCounted && text.trim() !== '') {
            story.hiddenRuns++;
            runCounted = true;
          }
        } else if (here === 'delText') {
          deletedHere.push(text);
        }
      },
    },
    shouldStop,
  );
  if (deletedHere.length > 0) story.deleted.push(deletedHere.join(''));
  return story;
}
