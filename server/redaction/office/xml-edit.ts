/**
 * Careful XML editing for Office parts: the part is read once into a tree of element spans
 * (where each element's tags start and end in the text), and edits are splices of the original
 * text, so everything the edit does not touch — namespaces, declarations, whitespace, entity
 * spellings, unknown extensions — is written back byte for byte. Parts declaring a DTD are
 * refused (Office never writes one; it is how entity bombs get in).
 *
 * Example: removing every `w:commentReference` from
 * `<w:r><w:commentReference w:id="0"/></w:r>` gives `<w:r></w:r>`:
 * `const doc = parseSpans(xml, part); const ed = new XmlEdits(xml); for (const e of doc.find('commentReference')) ed.remove(e); ed.apply()`.
 */
import { shownPart } from '../../checks/families/hidden-content/part-names';
import { assertNoDtd, decodeEntities } from '../../checks/families/hidden-content/xml-scan';

/** One element: its qualified and local name, raw attribute text and where its tags are. */
export interface XmlSpan {
  name: string;
  local: string;
  /** The raw attribute text of the start tag. */
  attrs: string;
  /** Offset of `<` of the start tag. */
  start: number;
  /** Offset just past the start tag (equals `end` for `<x/>`). */
  openEnd: number;
  /** Offset of `</` of the end tag (equals `end` for `<x/>`). */
  closeStart: number;
  /** Offset just past the element. */
  end: number;
  selfClosing: boolean;
  parent: XmlSpan | undefined;
  children: XmlSpan[];
}

const TAG = /<(\/?)((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const MAX_DEPTH = 1000;

/** A parsed part: the virtual root (children = top-level elements) and search helpers. */
export class XmlDocument {
  constructor(
    readonly xml: string,
    readonly root: XmlSpan,
  ) {}

  /** Every element with local name `local` (any prefix), in document order. */
  find(local: string, within: XmlSpan = this.root): XmlSpan[] {
    const out: XmlSpan[] = [];
    const walk = (el: XmlSpan) => {
      for (const c of el.children) {
        if (c.local === local) out.push(c);
        walk(c);
      }
    };
    walk(within);
    return out;
  }

  /** The element's content between its tags (raw). */
  inner(el: XmlSpan): string {
    return this.xml.slice(el.openEnd, el.closeStart);
  }

  /** The element as written (raw). */
  outer(el: XmlSpan): string {
    return this.xml.slice(el.start, el.end);
  }

  /** Character data inside the element, entities decoded (tags dropped). */
  text(el: XmlSpan): string {
    return decodeEntities(
      this.inner(el)
        .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
        .replace(/<[^>]*>/g, ''),
    );
  }
}

/** Parses `xml` into element spans; throws (with the part name) on malformed markup or a DTD. */
export function parseSpans(xml: string, partName: string): XmlDocument {
  assertNoDtd(xml, partName);
  // Part names can be chosen by whoever wrote the file: messages show them as the checks do.
  const part = shownPart(partName);
  const root: XmlSpan = { name: '', local: '', attrs: '', start: 0, openEnd: 0, closeStart: xml.length, end: xml.length, selfClosing: false, parent: undefined, children: [] };
  let current = root;
  let depth = 0;
  let pos = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) pos = skip(xml, lt, '-->', part);
    else if (xml.startsWith('<![CDATA[', lt)) pos = skip(xml, lt, ']]>', part);
    else if (xml.startsWith('<?', lt)) pos = skip(xml, lt, '?>', part);
    else {
      TAG.lastIndex = lt;
      const m = TAG.exec(xml);
      if (!m) throw new XmlEditError(`${part} is malformed near character ${lt}`);
      const [, closing, name = '', local = '', attrs = '', selfClose] = m;
      if (closing) {
        if (current === root || current.name !== name) throw new XmlEditError(`${part} closes an element it did not open near character ${lt}`);
        current.closeStart = lt;
        current.end = TAG.lastIndex;
        current = current.parent ?? root;
        depth--;
      } else {
        const el: XmlSpan = { name, local, attrs, start: lt, openEnd: TAG.lastIndex, closeStart: TAG.lastIndex, end: TAG.lastIndex, selfClosing: selfClose === '/', parent: current, children: [] };
        current.children.push(el);
        if (!el.selfClosing) {
          if (++depth > MAX_DEPTH) throw new XmlEditError(`${part} nests elements more than ${MAX_DEPTH} deep`);
          current = el;
        }
      }
      pos = TAG.lastIndex;
    }
  }
  if (current !== root) throw new XmlEditError(`${part} is truncated (an element is not closed)`);
  return new XmlDocument(xml, root);
}

function skip(xml: string, from: number, terminator: string, part: string): number {
  const at = xml.indexOf(terminator, from);
  if (at < 0) throw new XmlEditError(`${part} is truncated`);
  return at + terminator.length;
}

/** Malformed XML in a part: the operation reports the file as unparseable. */
export class XmlEditError extends Error {
  override readonly name = 'XmlEditError';
}

/** The value of the attribute with qualified name `qname` (e.g. `r:id`), decoded, or undefined. */
export function attrValue(el: XmlSpan, qname: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${qname.replace(/[.]/g, '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(el.attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
}

/** The value of the first attribute with local name `local` under any prefix (or none). */
export function localAttr(el: XmlSpan, local: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(el.attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
}

/** True for the OOXML spellings of an on/off property that is on (absent `val` counts as on). */
export function isOn(value: string | undefined): boolean {
  return value === undefined || !/^(0|false|off)$/i.test(value);
}

/** Child elements of `el` with local name `local`. */
export function childrenNamed(el: XmlSpan, local: string): XmlSpan[] {
  return el.children.filter((c) => c.local === local);
}

/** Escapes text for an attribute value or character data. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

interface Splice {
  start: number;
  end: number;
  text: string;
  /** Removals swallow edits inside them; other splices must not overlap. */
  removal: boolean;
}

/**
 * Edits collected against the original text and applied at once. An edit inside a range that
 * is removed is dropped (removing a paragraph also removes the run edits inside it).
 */
export class XmlEdits {
  private splices: Splice[] = [];
  constructor(private readonly xml: string) {}

  get count(): number {
    return this.splices.length;
  }

  /** Removes the element with its content. */
  remove(el: XmlSpan): void {
    this.splices.push({ start: el.start, end: el.end, text: '', removal: true });
  }

  /** Removes a raw range (e.g. from one marker to another among siblings). */
  removeRange(start: number, end: number): void {
    this.splices.push({ start, end, text: '', removal: true });
  }

  /** Removes the element's tags and keeps its content in place. */
  unwrap(el: XmlSpan): void {
    if (el.selfClosing) return this.remove(el);
    this.replace(el.start, el.openEnd, '');
    this.replace(el.closeStart, el.end, '');
  }

  /** Renames an element (both tags), keeping attributes and content. */
  rename(el: XmlSpan, name: string): void {
    this.replace(el.start, el.start + 1 + el.name.length, `<${name}`);
    if (!el.selfClosing) this.replace(el.closeStart, el.end, `</${name}>`);
  }

  /** Replaces the element's content (between its tags); a self-closing element is rewritten with tags. */
  setInner(el: XmlSpan, inner: string): void {
    if (el.selfClosing) this.replace(el.start, el.end, `<${el.name}${el.attrs}>${inner}</${el.name}>`);
    else this.replace(el.openEnd, el.closeStart, inner);
  }

  /** Rewrites the start tag's attribute text (`attrs` starts with a space, or is empty). */
  setAttrs(el: XmlSpan, attrs: string): void {
    this.replace(el.start, el.openEnd, `<${el.name}${attrs}${el.selfClosing ? '/' : ''}>`);
  }

  /** Inserts text at an offset. */
  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  replace(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text, removal: false });
  }

  /** The edited text. Throws when two edits overlap without one removing the other. */
  apply(): string {
    const sorted = [...this.splices].sort((a, b) => a.start - b.start || Number(b.removal) - Number(a.removal) || b.end - a.end);
    const kept: Splice[] = [];
    for (const s of sorted) {
      const last = kept[kept.length - 1];
      if (last && s.start < last.end) {
        if (last.removal && s.end <= last.end) continue;
        if (s.removal && s.start <= last.start && s.end >= last.end) {
          kept.pop();
          kept.push(s);
          continue;
        }
        throw new Error(`overlapping XML edits at ${s.start}`);
      }
      // Several insertions at one offset keep their order.
      kept.push(s);
    }
    let out = '';
    let at = 0;
    for (const s of kept) {
      out += this.xml.slice(at, s.start) + s.text;
      at = s.end;
    }
    return out + this.xml.slice(at);
  }
}

/** Removes attribute `qname` (with its value) from raw attribute text. */
export function withoutAttr(attrs: string, qname: string): string {
  return attrs.replace(new RegExp(`\\s+${qname.replace(/[.]/g, '\\.')}\\s*=\\s*(?:"[^"]*"|'[^']*')`), '');
}

/** Sets attribute `qname` in raw attribute text (replacing it when present). */
export function withAttr(attrs: string, qname: string, value: string): string {
  return `${withoutAttr(attrs, qname)} ${qname}="${escapeXml(value)}"`;
}
