/**
 * The closure report as a PDF (docs/closure.md "Closure report"), laid out by pdfkit with its
 * built-in Helvetica and Courier: no browser, no font file to ship. Deterministic: the document's
 * dates are the report's own, so the same report gives the same bytes. The built-in fonts cover
 * Latin-1 and common punctuation; any other character is shown as "?" (the HTML report, stored
 * beside it, has every character).
 *
 * Example: `await closureReportRenderer().pdf(report)` → a Buffer starting `%PDF-1.3`.
 */
import PDFDocument from 'pdfkit';
import { CLOSURE_GAP_LABELS, FILE_FATES, FILE_FATE_LABELS } from '../../common/vocab/closure';
import { RELEASE_METHOD_LABELS } from '../../common/vocab/release';
import { PROJECT_ROLE_LABELS } from '../../common/vocab/roles';
import { CLASSIFICATION_STATUS_LABELS, PACKAGE_STATUS_LABELS, WORK_PACKAGE_KIND_LABELS } from '../../common/vocab/statuses';
import { CLOSURE_REPORT_FORMAT, type ClosureReport, type ReportPerson, filesByFate } from '../domain/closure/closure-report';
import type { ClosureReportRenderer } from '../ports/closure-report-renderer';

/** Characters the built-in fonts (WinAnsi) can show; everything else becomes "?". */
const WIN_ANSI_EXTRA = '‘’“”–—•…€™';
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) out += ch;
    else if (ch === '\n' || ch === '\t') out += ' ';
    else out += '?';
  }
  return out;
}

const name = (p: ReportPerson | null) => (p ? p.name : 'the command line');
const tier = (t: number | null) => (t === null ? '—' : `Tier ${t}`);

type Doc = InstanceType<typeof PDFDocument>;

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(toWinAnsi(text)).moveDown(0.2);
}
function line(doc: Doc, text: string, indent = 0): void {
  doc.font('Helvetica').fontSize(9).text(toWinAnsi(text), { indent });
}
function mono(doc: Doc, label: string, value: string | null, indent = 12): void {
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(toWinAnsi(`${label}: `), { indent, continued: true })
    .font('Courier')
    .text(toWinAnsi(value ?? '—'));
}
function none(doc: Doc, text: string): void {
  doc.font('Helvetica-Oblique').fontSize(9).text(toWinAnsi(text));
}

function render(doc: Doc, r: ClosureReport): void {
  const p = r.project;
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(toWinAnsi(`Closure report: ${p.name}`));
  line(doc, `Safe Haven Egress closure report, format ${CLOSURE_REPORT_FORMAT}`);
  doc.moveDown(0.5);
  mono(doc, 'Project id', p.id, 0);
  line(doc, `Description: ${p.description}`);
  line(doc, `Environment tier: ${tier(p.environmentTier)}. Created ${p.createdAt}.`);
  mono(doc, 'Output area', p.outputArea ?? 'none', 0);
  line(doc, `Closed ${r.generatedAt} by ${r.closedBy}`);

  heading(doc, 'Datasets');
  if (r.datasets.length === 0) none(doc, 'No datasets.');
  for (const d of r.datasets) line(doc, `${d.name} (provider ${d.providerName}), represented by ${d.representative.name}`);

  heading(doc, 'Work packages and their classification');
  if (r.workPackages.length === 0) none(doc, 'No work packages.');
  for (const w of r.workPackages) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(toWinAnsi(`${w.name} (${WORK_PACKAGE_KIND_LABELS[w.kind]})`));
    line(
      doc,
      `${CLASSIFICATION_STATUS_LABELS[w.classification]}: ${tier(w.tier)}${w.classifiedAt ? `, ${w.classifiedAt}` : ''}${w.resolution ? ` by ${w.resolution.replaceAll('_', ' ')}` : ''}` +
        `${w.policyVersion !== null ? `, tier policy v${w.policyVersion}` : ''}, round ${w.round}`,
      12,
    );
    line(doc, `Datasets: ${w.datasets.length === 0 ? '—' : w.datasets.join(', ')}`, 12);
    for (const o of w.opinions) line(doc, `Opinion: ${o.classifier.name} (${PROJECT_ROLE_LABELS[o.role]}): ${tier(o.tier)}, ${o.submittedAt}`, 12);
  }

  heading(doc, 'Egress packages');
  if (r.packages.length === 0) none(doc, 'No egress packages.');
  for (const pkg of r.packages) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(toWinAnsi(`${pkg.name}: ${PACKAGE_STATUS_LABELS[pkg.status]}, ${pkg.fileCount} file(s)`));
    if (pkg.releases.length === 0) line(doc, 'No release.', 12);
    for (const rel of pkg.releases) {
      line(
        doc,
        `${RELEASE_METHOD_LABELS[rel.method]}${rel.destination ? ` to ${rel.destination}` : ''}: ${rel.step}${rel.releasedAt ? ` ${rel.releasedAt}` : ''}, ${rel.files} file(s)` +
          `${rel.revokedAt ? `; revoked ${rel.revokedAt}: ${rel.revokeReason ?? ''}` : ''}`,
        12,
      );
      mono(doc, 'Manifest sha256', rel.manifestSha256);
      mono(doc, 'Bundle sha256', rel.bundleSha256);
    }
  }

  heading(doc, 'Output-area files');
  const counts = filesByFate(r.files, FILE_FATES);
  line(doc, `${r.files.length} file(s). ${FILE_FATES.map((f) => `${FILE_FATE_LABELS[f]}: ${counts[f]}`).join(' · ')}`);
  if (r.files.length === 0) none(doc, 'The project has no output-area files.');
  for (const f of r.files) {
    doc.moveDown(0.2).font('Courier').fontSize(9).text(toWinAnsi(f.path));
    line(doc, `${FILE_FATE_LABELS[f.fate]}, ${f.bytes} bytes`, 12);
    if (f.egress) {
      line(doc, `Left in ${f.egress.packageName} as ${f.egress.path} v${f.egress.versionNumber}, released ${f.egress.releasedAt}${f.egress.destination ? ` to ${f.egress.destination}` : ''}`, 12);
    } else if (f.mark) line(doc, `Reason: ${f.mark.reason} (${name(f.mark.by)}, ${f.mark.at})`, 12);
    mono(doc, 'sha256', f.sha256);
  }

  heading(doc, 'Waivers');
  if (r.waivers.length === 0) none(doc, 'No checklist item was waived.');
  for (const w of r.waivers) {
    line(doc, `${CLOSURE_GAP_LABELS[w.code]} (${w.code}), item ${w.key}`);
    line(doc, `Reason: ${w.reason} (${name(w.by)}, ${w.at})`, 12);
  }

  heading(doc, 'Storage decisions');
  if (r.storageDecisions.length === 0) none(doc, 'No storage decision was recorded (none was required).');
  for (const s of r.storageDecisions) {
    doc.font('Helvetica-Bold').fontSize(10).text(toWinAnsi(s.packageName));
    line(doc, `Location: ${s.location}. Custodian: ${s.custodian}.`, 12);
    line(doc, `Protection: ${s.protection}. Retention: ${s.retention}. Review date: ${s.reviewDate}.`, 12);
    line(doc, `Recorded by ${s.recordedBy.name}, ${s.recordedAt}`, 12);
    for (const a of s.agreements) line(doc, `Agreed: ${a.person.name} (${a.role.replaceAll('_', ' ')}), ${a.agreedAt}`, 12);
  }

  heading(doc, 'Audit chain at closure');
  mono(doc, `Audit chain head: event ${r.audit.chainHead.seq}, hash`, r.audit.chainHead.hash, 0);
  if (r.audit.projectHead) mono(doc, `Project's latest event: event ${r.audit.projectHead.seq}, hash`, r.audit.projectHead.hash, 0);
  line(doc, 'The event that closed the project follows this head in the audit chain and records the sha256 of this report (HTML and PDF).');
}

/** The pdfkit renderer. */
export function closureReportRenderer(): ClosureReportRenderer {
  return {
    pdf: (report) =>
      new Promise<Buffer>((resolve, reject) => {
        const at = new Date(report.generatedAt);
        const doc = new PDFDocument({
          size: 'A4',
          margin: 48,
          compress: true,
          info: { Title: toWinAnsi(`Closure report: ${report.project.name}`), Producer: 'Safe Haven Egress', Creator: 'Safe Haven Egress', CreationDate: at, ModDate: at },
        });
        const chunks: Buffer[] = [];
        doc.on('data', (c: Buffer) => chunks.push(c));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
        doc.on('error', reject);
        try {
          render(doc, report);
          doc.end();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
  };
}
