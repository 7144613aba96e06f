/**
 * Small edits of ODS start tags and cells, as text: attributes are found by local name (any
 * prefix) and changed in place, so attribute order, quoting and every other attribute stay as
 * written. A rewritten cell keeps its style, spans, comment (office:annotation) and any drawing;
 * only its value attributes, value type and paragraphs change.
 *
 * Example: `withAttr(' table:style-name="ce1" office:value-type="float" office:value="3"', 'value', 'office:value', '5')`
 * → ` table:style-name="ce1" office:value-type="float" office:value="5"`.
 */
import { attr } from '../../checks/families/hidden-content/xml-scan';

/** An element of content.xml by position: its tags are `xml.slice(start, openEnd)` and `xml.slice(closeStart, end)`. */
export interface XmlElement {
  /** Qualified name as written (`table:table-cell`). */
  name: string;
  local: string;
  /** Raw attribute text of the start tag (leading whitespace included). */
  attrs: string;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
}

/** A table cell (or covered cell) with its direct children. */
export interface CellElement extends XmlElement {
  repeat: number;
  children: XmlElement[];
}

/** A new value for a cell: a marker (a string cell) or a count (the cell keeps its type). */
export type NewCellValue = { text: string } | { count: number };

const patterns = new Map<string, RegExp>();

function attrPattern(local: string): RegExp {
  let re = patterns.get(local);
  if (!re) {
    re = new RegExp(`(\\s+)((?:[\\w.-]+:)?${local})\\s*=\\s*(?:"[^"]*"|'[^']*')`, 'g');
    patterns.set(local, re);
  }
  re.lastIndex = 0;
  return re;
}

export function hasAttr(attrs: string, local: string): boolean {
  return attrPattern(local).test(attrs);
}

/** Removes every attribute with local name `local`. */
export function withoutAttr(attrs: string, local: string): string {
  return attrs.replace(attrPattern(local), '');
}

/** Sets every attribute with local name `local` to `value`, or adds `qname="value"` when there is none. */
export function withAttr(attrs: string, local: string, qname: string, value: string): string {
  const escaped = escapeXml(value);
  if (hasAttr(attrs, local)) return attrs.replace(attrPattern(local), (_m, space: string, name: string) => `${space}${name}="${escaped}"`);
  return `${attrs} ${qname}="${escaped}"`;
}

/** Sets a repeat count (`number-rows-repeated`, `number-columns-repeated`), dropping it at 1. */
export function withRepeat(attrs: string, local: string, count: number): string {
  return count === 1 ? withoutAttr(attrs, local) : withAttr(attrs, local, `table:${local}`, String(count));
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** The element written again with new attributes, its content as it was. */
export function withStartTag(xml: string, el: XmlElement, attrs: string): string {
  if (attrs === el.attrs) return xml.slice(el.start, el.end);
  return `<${el.name}${attrs}${el.selfClosing ? '/' : ''}>${xml.slice(el.openEnd, el.end)}`;
}

const NUMERIC_TYPES = new Set(['float', 'percentage', 'currency']);
const VALUE_ATTRS = ['value', 'date-value', 'time-value', 'boolean-value', 'string-value', 'currency'];
const PARAGRAPHS = new Set(['p', 'h', 'list']);

/**
 * One cell of `cell` (a run of repeated cells gives one) holding `value`: a formula is dropped
 * (its result is being replaced), a marker makes the cell a string cell, a count replaces the
 * value of a number cell (or the text of a string cell). Paragraphs are replaced by one holding
 * the new text; other children (comments, drawings) stay where they were.
 */
export function rewrittenCell(xml: string, cell: CellElement, value: NewCellValue): string {
  let attrs = withoutAttr(withoutAttr(cell.attrs, 'number-columns-repeated'), 'formula');
  const type = attr(cell.attrs, 'value-type') ?? '';
  let text: string;
  if ('text' in value || !NUMERIC_TYPES.has(type)) {
    text = 'text' in value ? value.text : String(value.count);
    if ('text' in value) {
      for (const local of VALUE_ATTRS) attrs = withoutAttr(attrs, local);
      attrs = withAttr(attrs, 'value-type', 'office:value-type', 'string');
    }
  } else {
    text = String(value.count);
    attrs = withAttr(attrs, 'value', 'office:value', text);
  }
  const paragraphs = cell.children.filter((c) => PARAGRAPHS.has(c.local));
  const prefix = paragraphs[0]?.name.replace(/[^:]*$/, '') ?? 'text:';
  const paragraph = `<${prefix}p>${escapeXml(text)}</${prefix}p>`;
  let inner = '';
  if (!cell.selfClosing) {
    let at = cell.openEnd;
    for (const [i, p] of paragraphs.entries()) {
      inner += xml.slice(at, p.start) + (i === 0 ? paragraph : '');
      at = p.end;
    }
    inner += xml.slice(at, cell.closeStart);
  }
  if (paragraphs.length === 0) inner += paragraph;
  return `<${cell.name}${attrs}>${inner}</${cell.name}>`;
}
