/**
 * A deliberately small Markdown reader for comments (issue 10 §4): paragraphs (a single line
 * break stays a line break), `-`/`*` and `1.` lists, fenced code blocks, and inline `code`,
 * **strong**, *emphasis* / _emphasis_ and [links](https://…). It builds a tree of plain
 * nodes, never HTML: whatever the text holds (`<script>`, `<img onerror=…>`) stays text, and a
 * link whose target is not http(s) stays its words. The renderer is components/ui/Markdown.tsx.
 *
 * Example: `parseMarkdown('Row **C** has 5')` →
 * `[{ type: 'paragraph', lines: [[{type:'text',text:'Row '},{type:'strong',children:[{type:'text',text:'C'}]},{type:'text',text:' has 5'}]] }]`.
 */

export type InlineNode =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: InlineNode[] }
  | { type: 'em'; children: InlineNode[] }
  | { type: 'link'; href: string; children: InlineNode[] };

export type BlockNode = { type: 'paragraph'; lines: InlineNode[][] } | { type: 'list'; ordered: boolean; items: InlineNode[][] } | { type: 'code'; text: string };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const FENCE = /^\s*```/;

/** The blocks of a Markdown text. */
export function parseMarkdown(source: string): BlockNode[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: BlockNode[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', lines: paragraph.map(parseInline) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (FENCE.test(line)) {
      endParagraph();
      const code: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i] as string); i++) code.push(lines[i] as string);
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endParagraph();
      const ordered = numbered !== null;
      const pattern = ordered ? NUMBERED : BULLET;
      const items: InlineNode[][] = [];
      for (; i < lines.length; i++) {
        const match = pattern.exec(lines[i] as string);
        if (!match) break;
        items.push(parseInline(match[1] ?? ''));
      }
      i--;
      blocks.push({ type: 'list', ordered, items });
      continue;
    }
    if (line.trim() === '') endParagraph();
    else paragraph.push(line);
  }
  endParagraph();
  return blocks;
}

/** Only web addresses become links; `javascript:`, `data:` and relative targets stay text. */
export function safeHref(target: string): string | null {
  const trimmed = target.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A run of `*` or `_` at `at` may open emphasis: it is followed by a non-space, and an `_` run
 * is not inside a word (snake_case and `window.__name` stay as written).
 */
function opens(text: string, at: number, length: number): boolean {
  const after = text[at + length];
  if (after === undefined || /\s/.test(after)) return false;
  return text[at] !== '_' || at === 0 || !/\w/.test(text[at - 1] as string);
}

/** Where the emphasis opened before `from` closes: the marker after a non-space, and for `_` not followed by a word character; -1 when it does not. */
function closing(text: string, marker: string, from: number): number {
  for (let end = text.indexOf(marker, from); end >= 0; end = text.indexOf(marker, end + 1)) {
    if (/\s/.test(text[end - 1] as string)) continue;
    const after = text[end + marker.length];
    if (marker[0] === '_' && after !== undefined && /\w/.test(after)) continue;
    if (marker.length === 1 && text[end + 1] === marker) {
      end++;
      continue;
    }
    return end;
  }
  return -1;
}

/** The inline nodes of one line. */
export function parseInline(text: string): InlineNode[] {
  const out: InlineNode[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]()]/.test(text[i + 1] as string)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && text[i + 1] === ch && opens(text, i, 2)) {
      const end = closing(text, ch + ch, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ type: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && opens(text, i, 1)) {
      const end = closing(text, ch, i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const close = text.indexOf('](', i + 1);
      const end = close < 0 ? -1 : text.indexOf(')', close + 2);
      if (close > i && end > close) {
        const label = parseInline(text.slice(i + 1, close));
        const href = safeHref(text.slice(close + 2, end));
        flush();
        if (href) out.push({ type: 'link', href, children: label });
        else out.push(...label);
        i = end + 1;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}
