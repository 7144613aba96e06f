/**
 * XML for Office parts without surprises: a forward-only tag scanner for the large parts
 * (document bodies, sheets, slides), where a tree would cost many times the part's size, and a
 * fast-xml-parser wrapper for the small structured parts (relationships, properties, workbook).
 * Office parts never carry a DTD, so one that does is refused before any entity is expanded:
 * no external entities, no entity-expansion bombs.
 *
 * Example: `scanXml('<w:p><w:t>Hi &amp; bye</w:t></w:p>', {open, close, text})` calls
 * `open('p', …)`, `open('t', …)`, `text('Hi & bye')`, `close('t')`, `close('p')`.
 */
import { XMLParser } from 'fast-xml-parser';
import { errorReason } from '../../shared/error-reason';
import { ExtractProblem } from '../../engine/extract-guard';
import { shownPart } from './part-names';

/** Receives the events of `scanXml`; names are local names (the namespace prefix is dropped). */
export interface XmlScanHandlers {
  /** An opening tag; `selfClosing` for `<x/>`, which gets no `close`. `attrs` is raw: read it with `attr()`. */
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data (entities decoded), between tags or from CDATA. */
  text(text: string): void;
}

/** Real documents nest a few dozen levels; a crafted part nesting millions would make every lookup slow. */
const MAX_DEPTH = 1000;

const TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

/** Refuses XML that declares a DTD (the only way to get entity bombs or external entities). */
export function assertNoDtd(xml: string, part: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ExtractProblem(`XML part ${shownPart(part)} declares a DTD, which Office documents never do`);
}

/**
 * Walks `xml` tag by tag, calling the handlers. Malformed markup ends the walk with an
 * ExtractProblem naming the part. `shouldStop` is asked every few thousand tags (time budget).
 */
export function scanXml(xml: string, part: string, on: XmlScanHandlers, shouldStop?: () => void): void {
  assertNoDtd(xml, part);
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let tags = 0;
  let depth = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const end = lt < 0 ? xml.length : lt;
    if (end > pos) {
      on.text(decodeEntities(xml.slice(pos, end)));
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      pos = skipTo(xml, lt, '-->', part);
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const close = xml.indexOf(']]>', lt);
      if (close < 0) throw new ExtractProblem(`XML part ${shownPart(part)} is truncated (open CDATA)`);
      on.text(xml.slice(lt + 9, close));
      pos = close + 3;
    } else if (xml.startsWith('<?', lt)) {
      pos = skipTo(xml, lt, '?>', part);
    } else {
      TAG.lastIndex = lt;
      const m = TAG.exec(xml);
      if (!m) throw new ExtractProblem(`XML part ${shownPart(part)} is malformed near character ${lt}`);
      const name = m[2] ?? '';
      if (m[1]) {
        depth--;
        on.close(name);
      } else {
        if (m[4] !== '/' && ++depth > MAX_DEPTH) throw new ExtractProblem(`XML part ${shownPart(part)} nests elements more than ${MAX_DEPTH} deep`);
        on.open(name, m[3] ?? '', m[4] === '/');
      }
      pos = TAG.lastIndex;
      if (shouldStop && ++tags % 4096 === 0) shouldStop();
    }
  }
}

function skipTo(xml: string, from: number, terminator: string, part: string): number {
  const at = xml.indexOf(terminator, from);
  if (at < 0) throw new ExtractProblem(`XML part ${shownPart(part)} is truncated`);
  return at + terminator.length;
}

const attrPatterns = new Map<string, RegExp>();

/** The value of attribute `name` (local name, any prefix) in a raw attribute string, decoded. */
export function attr(attrs: string, name: string): string | undefined {
  if (attrs === '') return undefined;
  let re = attrPatterns.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, re);
  }
  const m = re.exec(attrs);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? '');
}

/** True for the OOXML spellings of an on/off attribute that is on (absent counts as on). */
export function isOn(value: string | undefined): boolean {
  return value === undefined || !/^(0|false|off)$/i.test(value);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references; anything else is left as is. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
    }
    return NAMED[ref] ?? '';
  });
}

/** A parsed element: attributes under `@_name`, children by local name (always arrays), text under `#text`. */
export type XmlNode = { [key: string]: XmlNode[] | string | undefined };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  maxNestedTags: 200,
});

/** Parses a small part into a tree (see XmlNode); throws ExtractProblem when it is not XML. */
export function parseXml(xml: string, part: string): XmlNode {
  assertNoDtd(xml, part);
  try {
    return parser.parse(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml) as XmlNode;
  } catch (e) {
    throw new ExtractProblem(`XML part ${shownPart(part)} cannot be parsed: ${errorReason(e)}`);
  }
}

/** Child elements of `node` with local name `name`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** First descendant path, e.g. `first(doc, 'Types', 'Override')`. */
export function first(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let cur = node;
  for (const name of path) cur = children(cur, name)[0];
  return cur;
}

/** Attribute value of a parsed element. */
export function attrOf(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** All text inside a parsed element, depth first, joined. */
export function textOf(node: XmlNode | string | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  let out = '';
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    if (typeof value === 'string') out += value;
    else if (Array.isArray(value)) for (const child of value as (XmlNode | string)[]) out += textOf(child);
  }
  return out;
}
