/**
 * Document properties (Office core/app/custom properties, PDF Info and XMP, ODF meta) judged the
 * same way whichever format they came from: who wrote or last saved the document, which
 * organisation, which custom properties → `metadata` review findings naming the property, never
 * its value (a custom property's name is the file's text: it is masked, `“P••••”`). Descriptive properties (title, subject, keywords) and custom values are handed to
 * the text detectors instead, so an email address in a custom property is still found.
 *
 * Example: `[{name:'creator', value:'Ada Lovelace', kind:'author', location:{part:'docProps/core.xml', field:'creator'}}]`
 * gives one `metadata.document_author` review finding and no texts.
 */
import { maskName } from './mask-name';
import { finding } from '../engine/types';
import type { Finding, FindingLocation } from '../engine/types';

/** What a property says about the document. */
export type DocumentPropertyKind = 'author' | 'company' | 'custom' | 'descriptive';

export interface DocumentProperty {
  /** Property name as the format spells it (`creator`, `Company`, `Author`, a custom name). */
  name: string;
  value: string;
  kind: DocumentPropertyKind;
  location: FindingLocation;
  /**
   * The name was chosen by whoever wrote the file (a custom property), so it is file text: findings
   * show it masked (mask-name.ts), in the message and as the location's `field`.
   */
  chosenName?: boolean;
}

/** Values tools write when nobody is named: not a person, so not a finding. */
const PLACEHOLDER_NAMES = new Set([
  '',
  '-',
  'n/a',
  'na',
  'none',
  'null',
  'unknown',
  'anonymous',
  'author',
  'user',
  'owner',
  'admin',
  'administrator',
  'default',
  'windows user',
  'microsoft office user',
  'microsoft',
  'microsoft corporation',
  'home',
  'python-docx',
  'python-pptx',
  'openpyxl',
  'xlsxwriter',
  'apache poi',
  'libreoffice',
  'docx4j',
  'pandoc',
  'calibre',
  'grizli777',
]);

/** Custom properties that Office suites and SharePoint write for their own use. */
const SYSTEM_CUSTOM_PROPERTIES = new Set(['contenttypeid', 'ksoproductbuildver', 'icv', 'linksuptodate', 'scalecrop', 'shareddoc', 'hyperlinkschanged']);

/** True when `value` plausibly names someone (not blank, not a tool's placeholder). */
export function namesSomeone(value: string): boolean {
  const v = value.trim().toLowerCase();
  return /\p{L}/u.test(v) && !PLACEHOLDER_NAMES.has(v);
}

const LABELS: Record<Exclude<DocumentPropertyKind, 'descriptive'>, { rule: string; what: string }> = {
  author: { rule: 'document_author', what: 'names the author or editor of the document' },
  company: { rule: 'document_company', what: 'names an organisation' },
  custom: { rule: 'custom_property', what: 'is a custom document property' },
};

/** Findings (one per property) and texts for the line detectors from a document's properties. */
export function judgeDocumentProperties(properties: DocumentProperty[]): { findings: Finding[]; texts: { text: string; location: FindingLocation }[] } {
  const findings: Finding[] = [];
  const texts: { text: string; location: FindingLocation }[] = [];
  for (const p of properties) {
    const value = p.value.trim();
    if (value === '') continue;
    const shown = p.chosenName ? maskName(p.name) : p.name;
    const location = p.chosenName ? { ...p.location, field: shown } : p.location;
    if (p.kind === 'descriptive') {
      texts.push({ text: value, location });
      continue;
    }
    if (p.kind === 'custom') {
      if (SYSTEM_CUSTOM_PROPERTIES.has(p.name.toLowerCase())) continue;
      texts.push({ text: value, location });
    } else if (!namesSomeone(value)) {
      continue;
    }
    const label = LABELS[p.kind];
    findings.push(finding('metadata', label.rule, 'review', `Document property “${shown}” ${label.what}; remove it before release`, location));
  }
  return { findings, texts };
}
