/**
 * One pass over a PresentationML part (slide, notes page, comment list): text per shape with the
 * shape's placeholder type, whether the slide is hidden (`<p:sld show="0">`), and how many
 * comments (legacy `p:cm` and modern `p188:cm`, replies included) it holds.
 *
 * Example: a notes page with `<p:ph type="sldImg"/>` and `<p:ph type="body"/>` shapes gives two
 * shapes; only the body one carries the speaker's notes.
 */
import { attr, isOn, scanXml } from './xml-scan';

export interface SlideShape {
  /** Placeholder type ('body', 'sldNum', 'title'…), 'obj' for an untyped placeholder, undefined for a plain shape. */
  placeholder: string | undefined;
  paragraphs: string[];
}

export interface ScannedSlidePart {
  shapes: SlideShape[];
  /** False for a hidden slide. */
  shown: boolean;
  comments: number;
  /** Text of comments, one per comment. */
  commentTexts: string[];
}

/** Scans a slide, notes or comments part; throws ExtractProblem on malformed XML. */
export function scanSlidePart(xml: string, part: string, shouldStop?: () => void): ScannedSlidePart {
  const out: ScannedSlidePart = { shapes: [], shown: true, comments: 0, commentTexts: [] };
  const shapes: SlideShape[] = [];
  let paragraph: string[] | undefined;
  let inText = 0;
  let comment: string[] | undefined;
  let commentDepth = 0;
  const stack: string[] = [];

  scanXml(
    xml,
    part,
    {
      open(name, attrs, selfClosing) {
        if (name === 'sld' && !isOn(attr(attrs, 'show'))) out.shown = false;
        if (name === 'ph') {
          const shape = shapes[shapes.length - 1];
          if (shape) shape.placeholder = attr(attrs, 'type') ?? 'obj';
        }
        if ((name === 'cm' || name === 'reply') && stack.some((s) => s === 'cmLst' || s === 'cm' || s === 'replyLst')) {
          out.comments++;
          if (!selfClosing && commentDepth === 0) {
            comment = [];
            commentDepth = stack.length + 1;
          }
        }
        if (selfClosing) return;
        stack.push(name);
        if (name === 'sp' || name === 'graphicFrame' || name === 'cxnSp') shapes.push({ placeholder: undefined, paragraphs: [] });
        else if (name === 'p') paragraph = [];
        else if (name === 't' || name === 'text') inText++;
      },
      close(name) {
        const at = stack.lastIndexOf(name);
        if (at < 0) return;
        stack.length = at;
        if (name === 'p' && paragraph) {
          shapes[shapes.length - 1]?.paragraphs.push(paragraph.join(''));
          comment?.push(paragraph.join(''));
          paragraph = undefined;
        } else if (name === 't' || name === 'text') inText = Math.max(0, inText - 1);
        else if ((name === 'sp' || name === 'graphicFrame' || name === 'cxnSp') && shapes.length > 0) {
          out.shapes.push(shapes.pop() as SlideShape);
        }
        if (comment && stack.length < commentDepth) {
          out.commentTexts.push(comment.join('\n'));
          comment = undefined;
          commentDepth = 0;
        }
      },
      text(text) {
        if (inText === 0) return;
        if (paragraph) paragraph.push(text);
        else comment?.push(text);
      },
    },
    shouldStop,
  );
  out.shapes.push(...shapes);
  return out;
}

/** Placeholders on a notes page that are not the speaker's own words. */
const NOTES_FURNITURE = new Set(['sldImg', 'sldNum', 'hdr', 'ftr', 'dt']);

/** The speaker's notes on a notes page: text outside the slide image, number, header and footer. */
export function speakerNotes(notes: ScannedSlidePart): string {
  return notes.shapes
    .filter((s) => !NOTES_FURNITURE.has(s.placeholder ?? ''))
    .flatMap((s) => s.paragraphs)
    .join('\n')
    .trim();
}
