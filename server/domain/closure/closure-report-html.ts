/**
 * The closure report as one self-contained HTML page (docs/closure.md "Closure report"): no
 * script, no external resource, every piece of text escaped. Deterministic: the same report gives
 * the same bytes (no clock, no random ids; lists in the order the report holds them).
 *
 * Example: `renderClosureReportHtml(report)` → `<!doctype html>…<h1>Closure report: Asthma study</h1>…`.
 */
import { CLOSURE_GAP_LABELS, FILE_FATES, FILE_FATE_LABELS } from '../../../common/vocab/closure';
import { RELEASE_METHOD_LABELS } from '../../../common/vocab/release';
import { PROJECT_ROLE_LABELS } from '../../../common/vocab/roles';
import { CLASSIFICATION_STATUS_LABELS, PACKAGE_STATUS_LABELS, WORK_PACKAGE_KIND_LABELS } from '../../../common/vocab/statuses';
import { CLOSURE_REPORT_FORMAT, type ClosureReport, type ReportPerson, filesByFate } from './closure-report';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const e = (value: string | number | null | undefined): string => (value === null || value === undefined ? '—' : escapeHtml(String(value)));
const person = (p: ReportPerson | null): string => (p ? e(p.name) : 'the command line');
const tier = (t: number | null): string => (t === null ? '—' : `Tier ${t}`);
const hash = (h: string | null): string => (h ? `<code>${e(h)}</code>` : '—');

function table(headers: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${e(empty)}</p>`;
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:2rem;color:#111;line-height:1.4}',
  'table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}',
  'th,td{border:1px solid #bbb;padding:0.25rem 0.5rem;text-align:left;vertical-align:top;font-size:0.9rem}',
  'th{background:#eee}',
  'code{font-size:0.8rem;word-break:break-all}',
  '.empty{color:#555;font-style:italic}',
  'dl{display:grid;grid-template-columns:max-content auto;gap:0.25rem 1rem}',
  'dt{font-weight:600}',
].join('\n');

function projectSection(r: ClosureReport): string {
  const p = r.project;
  return [
    '<dl>',
    `<dt>Project</dt><dd>${e(p.name)} (<code>${e(p.id)}</code>)</dd>`,
    `<dt>Description</dt><dd>${e(p.description)}</dd>`,
    `<dt>Environment tier</dt><dd>${tier(p.environmentTier)}</dd>`,
    `<dt>Created</dt><dd>${e(p.createdAt)}</dd>`,
    `<dt>Output area</dt><dd>${p.outputArea === null ? 'none' : `<code>${e(p.outputArea)}</code>`}</dd>`,
    `<dt>Closed</dt><dd>${e(r.generatedAt)} by ${e(r.closedBy)}</dd>`,
    '</dl>',
  ].join('\n');
}

function workPackagesSection(r: ClosureReport): string {
  return table(
    ['Work package', 'Kind', 'Datasets', 'Classification', 'Tier', 'Opinions (current round)'],
    r.workPackages.map((w) => [
      `${e(w.name)}<br><code>${e(w.id)}</code>`,
      e(WORK_PACKAGE_KIND_LABELS[w.kind]),
      w.datasets.length === 0 ? '—' : w.datasets.map(e).join('<br>'),
      `${e(CLASSIFICATION_STATUS_LABELS[w.classification])}${w.classifiedAt ? ` ${e(w.classifiedAt)}` : ''}${w.resolution ? ` by ${e(w.resolution.replaceAll('_', ' '))}` : ''}` +
        `${w.policyVersion !== null ? `, tier policy v${e(w.policyVersion)}` : ''}, round ${e(w.round)}`,
      tier(w.tier),
      w.opinions.length === 0 ? '—' : w.opinions.map((o) => `${e(o.classifier.name)} (${e(PROJECT_ROLE_LABELS[o.role])}): ${tier(o.tier)}, ${e(o.submittedAt)}`).join('<br>'),
    ]),
    'No work packages.',
  );
}

function packagesSection(r: ClosureReport): string {
  const rows = r.packages.flatMap((p) => {
    const head = [`${e(p.name)}<br><code>${e(p.id)}</code>`, e(PACKAGE_STATUS_LABELS[p.status]), e(p.fileCount)];
    if (p.releases.length === 0) return [[...head, 'No release', '—', '—']];
    return p.releases.map((rel) => [
      ...head,
      `${e(RELEASE_METHOD_LABELS[rel.method])}${rel.destination ? ` to ${e(rel.destination)}` : ''}: ${e(rel.step)}${rel.releasedAt ? ` ${e(rel.releasedAt)}` : ''}, ${e(rel.files)} file(s)` +
        `${rel.revokedAt ? `<br>Revoked ${e(rel.revokedAt)}: ${e(rel.revokeReason)}` : ''}`,
      hash(rel.manifestSha256),
      rel.bundleSha256 ? `${hash(rel.bundleSha256)}<br>${e(rel.bundleBytes)} bytes, key ${e(rel.keyFingerprint)}` : '—',
    ]);
  });
  return table(['Egress package', 'Outcome', 'Files', 'Release', 'Manifest sha256', 'Bundle sha256'], rows, 'No egress packages.');
}

function filesSection(r: ClosureReport): string {
  const counts = filesByFate(r.files, FILE_FATES);
  const summary = FILE_FATES.map((f) => `${e(FILE_FATE_LABELS[f])}: ${counts[f]}`).join(' · ');
  const rows = r.files.map((f) => [
    `<code>${e(f.path)}</code>`,
    e(f.bytes),
    hash(f.sha256),
    e(FILE_FATE_LABELS[f.fate]),
    f.egress
      ? `${e(f.egress.packageName)}: <code>${e(f.egress.path)}</code> v${e(f.egress.versionNumber)}, released ${e(f.egress.releasedAt)}${f.egress.destination ? ` to ${e(f.egress.destination)}` : ''}`
      : f.mark
        ? `${e(f.mark.reason)} (${person(f.mark.by)}, ${e(f.mark.at)})`
        : '—',
  ]);
  return `<p>${r.files.length} file(s). ${summary}</p>\n${table(['Path', 'Bytes', 'sha256', 'Fate', 'How it left, or why it stays'], rows, 'The project has no output-area files.')}`;
}

function waiversSection(r: ClosureReport): string {
  return table(
    ['Item', 'Reason', 'Waived by'],
    r.waivers.map((w) => [`${e(CLOSURE_GAP_LABELS[w.code])} (<code>${e(w.code)}</code>)<br><code>${e(w.key)}</code>`, e(w.reason), `${person(w.by)}, ${e(w.at)}`]),
    'No checklist item was waived.',
  );
}

function storageSection(r: ClosureReport): string {
  return table(
    ['Package', 'Location', 'Custodian', 'Protection', 'Retention', 'Review date', 'Recorded', 'Agreed by'],
    r.storageDecisions.map((s) => [
      e(s.packageName),
      e(s.location),
      e(s.custodian),
      e(s.protection),
      e(s.retention),
      e(s.reviewDate),
      `${e(s.recordedBy.name)}, ${e(s.recordedAt)}`,
      s.agreements.length === 0 ? '—' : s.agreements.map((a) => `${e(a.person.name)} (${e(a.role.replaceAll('_', ' '))}), ${e(a.agreedAt)}`).join('<br>'),
    ]),
    'No storage decision was recorded (none was required).',
  );
}

function auditSection(r: ClosureReport): string {
  const head = r.audit.chainHead;
  const own = r.audit.projectHead;
  return [
    '<dl>',
    `<dt>Audit chain head</dt><dd>event ${e(head.seq)}, hash <code>${e(head.hash)}</code></dd>`,
    `<dt>Project’s latest event</dt><dd>${own ? `event ${e(own.seq)}, hash <code>${e(own.hash)}</code>` : 'none'}</dd>`,
    '</dl>',
    '<p>The event that closed the project follows this head in the audit chain and records the sha256 of this report (HTML and PDF).</p>',
  ].join('\n');
}

/** The report as a UTF-8 HTML document. */
export function renderClosureReportHtml(r: ClosureReport): string {
  const title = `Closure report: ${r.project.name}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta name="generator" content="Safe Haven Egress closure report, format ${CLOSURE_REPORT_FORMAT}">`,
    `<title>${e(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${e(title)}</h1>`,
    projectSection(r),
    '<h2>Datasets</h2>',
    table(
      ['Dataset', 'Provider', 'Representative'],
      r.datasets.map((d) => [e(d.name), e(d.providerName), e(d.representative.name)]),
      'No datasets.',
    ),
    '<h2>Work packages and their classification</h2>',
    workPackagesSection(r),
    '<h2>Egress packages</h2>',
    packagesSection(r),
    '<h2>Output-area files</h2>',
    filesSection(r),
    '<h2>Waivers</h2>',
    waiversSection(r),
    '<h2>Storage decisions</h2>',
    storageSection(r),
    '<h2>Audit chain at closure</h2>',
    auditSection(r),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
