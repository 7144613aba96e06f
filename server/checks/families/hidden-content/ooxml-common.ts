/**
 * Checks every Office package gets, whatever the application: document properties, external
 * relationships (linked images, templates, data sources; plain hyperlinks only feed the text
 * detectors), macros, embedded objects and media (handed back as members, so a photo in a
 * report is checked for GPS like any other image).
 */
import { posix } from 'node:path';
import { safeExtension } from '../../shared/mask-name';
import { judgeDocumentProperties } from '../../shared/document-properties';
import type { DocumentProperty } from '../../shared/document-properties';
import { finding } from '../../engine/types';
import type { Collector } from './collector';
import type { OoxmlPackage } from './ooxml-package';
import { children, first, parseXml, textOf } from './xml-scan';
import type { XmlNode } from './xml-scan';

const CORE_FIELDS: Record<string, DocumentProperty['kind']> = {
  creator: 'author',
  lastModifiedBy: 'author',
  title: 'descriptive',
  subject: 'descriptive',
  keywords: 'descriptive',
  description: 'descriptive',
  category: 'descriptive',
  contentStatus: 'descriptive',
};
const APP_FIELDS: Record<string, DocumentProperty['kind']> = { Company: 'company', Manager: 'author', HyperlinkBase: 'descriptive' };

/** Runs the package-wide checks and adds what they find to `out`. */
export async function checkPackageCommon(pkg: OoxmlPackage, out: Collector): Promise<void> {
  await checkProperties(pkg, out);
  await checkRelationships(pkg, out);
  await collectEmbedded(pkg, out);
}

async function checkProperties(pkg: OoxmlPackage, out: Collector): Promise<void> {
  const rootRels = await pkg.rels('');
  const partFor = (type: string, fallback: string) => rootRels.find((r) => r.type === type && !r.external)?.target ?? fallback;
  const props: DocumentProperty[] = [];
  const core = partFor('core-properties', 'docProps/core.xml');
  const coreRoot = await parsed(pkg, core, 'coreProperties');
  for (const [name, kind] of Object.entries(CORE_FIELDS)) {
    for (const node of children(coreRoot, name)) props.push({ name, value: textOf(node), kind, location: { part: core, field: name } });
  }
  const app = partFor('extended-properties', 'docProps/app.xml');
  const appRoot = await parsed(pkg, app, 'Properties');
  for (const [name, kind] of Object.entries(APP_FIELDS)) {
    for (const node of children(appRoot, name)) props.push({ name, value: textOf(node), kind, location: { part: app, field: name } });
  }
  const custom = partFor('custom-properties', 'docProps/custom.xml');
  const customRoot = await parsed(pkg, custom, 'Properties');
  for (const node of children(customRoot, 'property')) {
    const name = typeof node['@_name'] === 'string' ? node['@_name'] : 'unnamed';
    props.push({ name, value: textOf(node), kind: 'custom', chosenName: true, location: { part: custom, field: name } });
  }
  const judged = judgeDocumentProperties(props);
  out.add(...judged.findings);
  for (const t of judged.texts) out.text(t.text, t.location);
}

async function parsed(pkg: OoxmlPackage, part: string, root: string): Promise<XmlNode | undefined> {
  const xml = await pkg.text(part);
  return xml === undefined ? undefined : first(parseXml(xml, part), root);
}

/** Relationship types that pull content from outside the file when it is opened. */
const LINK_TYPES: Record<string, string> = {
  image: 'a linked image',
  oleObject: 'a linked object',
  package: 'a linked package',
  subDocument: 'a linked sub-document',
  frame: 'a linked frame',
  aFChunk: 'a linked chunk',
  video: 'a linked video',
  audio: 'a linked audio file',
  media: 'a linked media file',
  dataSource: 'a mail-merge data source',
  recipientData: 'mail-merge recipient data',
  mailMergeSource: 'a mail-merge source',
};

async function checkRelationships(pkg: OoxmlPackage, out: Collector): Promise<void> {
  for (const source of pkg.zip.names.filter((n) => n.toLowerCase().endsWith('.rels')).map(sourceOfRels)) {
    for (const rel of await pkg.rels(source)) {
      // Links to other workbooks are reported by the spreadsheet check, once per linked book.
      if (!rel.external || rel.type === 'externalLinkPath') continue;
      const where = { part: source || '_rels/.rels' };
      const what = describeExternal(rel.type, rel.target);
      out.text(rel.target, where);
      if (what)
        out.add(finding('hidden-content', 'external_link', 'review', `The document contains ${what} pointing outside the file; paths and addresses can name people, machines or shares`, where));
    }
  }
}

const FILE_PATH = /^(file:|\\\\|[a-z]:[\\/])/i;

/** What an external relationship is, or undefined when it is an ordinary web or mail link. */
function describeExternal(type: string, target: string): string | undefined {
  if (type === 'hyperlink') return FILE_PATH.test(target) ? 'a link to a local or network file' : undefined;
  // A bare template name says nothing; a template path names a machine, share or user folder.
  if (type === 'attachedTemplate') return /[\\/]/.test(target) ? 'an attached template path' : undefined;
  return LINK_TYPES[type] ?? `an external ${type || 'link'}`;
}

/** 'word/_rels/document.xml.rels' → 'word/document.xml'; '_rels/.rels' → '' (the package). */
function sourceOfRels(relsPart: string): string {
  const dir = posix.dirname(posix.dirname(relsPart));
  const base = posix.basename(relsPart).replace(/\.rels$/i, '');
  if (base === '') return '';
  return dir === '.' ? base : `${dir}/${base}`;
}

const MACRO_PART = /(^|\/)vbaProject\.bin$|(^|\/)vbaProjectSignature\.bin$|^xl\/macrosheets\//i;

async function collectEmbedded(pkg: OoxmlPackage, out: Collector): Promise<void> {
  const macros = pkg.zip.names.filter((n) => MACRO_PART.test(n) || pkg.contentType(n) === 'application/vnd.ms-office.vbaproject');
  if (macros.length > 0) {
    out.add(finding('hidden-content', 'macros', 'review', 'The document contains a macro (VBA) project; macros are code and can hold data', { part: macros[0] }));
  }
  for (const name of pkg.zip.names) {
    const embedded = /(^|\/)embeddings\//i.test(name);
    const media = /(^|\/)media\//i.test(name);
    if (!embedded && !media) continue;
    const handed = out.canTakeMember(pkg.zip.size(name) ?? 0) && out.member(name, (await pkg.zip.read(name)) ?? Buffer.alloc(0));
    if (embedded) {
      const note = handed ? 'it is checked as an entry' : 'it is too large or too many to check here; inspect it by hand';
      out.add(finding('hidden-content', 'embedded_object', 'review', `The document embeds a file (${safeExtension(name) || 'no extension'}); ${note}`, { part: name }));
    }
  }
}
