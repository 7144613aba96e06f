/**
 * The closure report's PDF and HTML from one report: the PDF parses and shows the key lines, the
 * same report gives the same bytes (both formats), and HTML escapes every piece of text.
 */
import { describe, expect, it } from 'vitest';
import type { ClosureReport } from '../domain/closure/closure-report';
import { renderClosureReportHtml } from '../domain/closure/closure-report-html';
import { closureReportRenderer, toWinAnsi } from './closure-report-pdf';
import { pdfText } from './pdf-text.testing';

const H = (c: string) => c.repeat(64);

const REPORT: ClosureReport = {
  format: 1,
  generatedAt: '2026-03-01T10:00:00.000Z',
  closedBy: 'Pat Programme <pat@example.org>',
  project: { id: 'p1', name: 'Asthma <study> & "friends"', description: 'Rates by region', environmentTier: 2, createdAt: '2025-01-01T00:00:00.000Z', outputArea: '/data/out' },
  datasets: [{ id: 'd1', name: 'Hospital episodes', providerName: 'NHS Trust', representative: { id: 'u1', name: 'Dana Provider' } }],
  workPackages: [
    {
      id: 'w1',
      name: 'Egress – Report finalisation',
      kind: 'egress_report',
      classification: 'classified',
      tier: 1,
      resolution: 'agreement',
      round: 1,
      classifiedAt: '2026-01-02T00:00:00.000Z',
      policyVersion: 1,
      datasets: ['Hospital episodes'],
      opinions: [{ classifier: { id: 'u2', name: 'Ivy Investigator' }, role: 'investigator', round: 1, tier: 1, submittedAt: '2026-01-01T00:00:00.000Z' }],
    },
  ],
  packages: [
    {
      id: 'w1',
      name: 'Egress – Report finalisation',
      kind: 'egress_report',
      status: 'released',
      fileCount: 2,
      releases: [
        {
          id: 'r1',
          method: 'link',
          destination: null,
          step: 'released',
          releasedAt: '2026-02-01T00:00:00.000Z',
          manifestSha256: H('a'),
          bundleSha256: H('b'),
          bundleBytes: 1234,
          keyFingerprint: 'ed25519:abc',
          files: 2,
          revokedAt: null,
          revokeReason: null,
        },
      ],
    },
  ],
  files: [
    {
      path: 'final/report.md',
      bytes: 10,
      sha256: H('c'),
      fate: 'egressed',
      egress: { packageName: 'Egress – Report finalisation', path: 'results/report.md', versionNumber: 1, releasedAt: '2026-02-01T00:00:00.000Z', destination: null },
      mark: null,
    },
    {
      path: 'scratch/<img src=x onerror=alert(1)>.txt',
      bytes: 3,
      sha256: H('d'),
      fate: 'discarded',
      egress: null,
      mark: { reason: 'Scratch – not needed', by: { id: 'u2', name: 'Ivy Investigator' }, at: '2026-02-02T00:00:00.000Z' },
    },
  ],
  waivers: [{ code: 'closure.work_package_unclassified', key: 'w0', reason: 'Ingress classified on paper', by: { id: 'u3', name: 'Pat Programme' }, at: '2026-02-03T00:00:00.000Z' }],
  storageDecisions: [
    {
      packageId: 'w2',
      packageName: 'Egress – Data Provider Handover',
      location: 'Trust archive, vault 3',
      custodian: 'Records office',
      protection: 'Encrypted at rest',
      retention: '10 years',
      reviewDate: '2030-01-01',
      recordedBy: { id: 'u1', name: 'Dana Provider' },
      recordedAt: '2026-01-05T00:00:00.000Z',
      agreements: [{ person: { id: 'u2', name: 'Ivy Investigator' }, role: 'investigator', agreedAt: '2026-01-06T00:00:00.000Z' }],
    },
  ],
  audit: { chainHead: { seq: 42, hash: H('e') }, projectHead: { seq: 41, hash: H('f') } },
};

describe('the closure report documents', () => {
  it('renders a PDF that parses and shows the project, packages with manifest hashes, file fates, waivers, storage decisions and the chain head', async () => {
    const pdf = await closureReportRenderer().pdf(REPORT);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    const flat = text.replace(/\s+/g, ' ');
    for (const line of [
      'Closure report: Asthma <study> & "friends"',
      'Hospital episodes (provider NHS Trust), represented by Dana Provider',
      'Egress – Report finalisation: Released, 2 file(s)',
      `Manifest sha256: ${H('a')}`,
      'final/report.md',
      'Left in Egress – Report finalisation as results/report.md v1',
      'Reason: Scratch – not needed (Ivy Investigator',
      'Reason: Ingress classified on paper (Pat Programme',
      'Location: Trust archive, vault 3.',
      `Audit chain head: event 42, hash: ${H('e')}`,
    ]) {
      expect(flat).toContain(line);
    }
  });

  it('gives the same bytes for the same report, in both formats', async () => {
    const renderer = closureReportRenderer();
    expect((await renderer.pdf(REPORT)).equals(await renderer.pdf(structuredClone(REPORT)))).toBe(true);
    expect(renderClosureReportHtml(REPORT)).toBe(renderClosureReportHtml(structuredClone(REPORT)));
    const later = { ...REPORT, generatedAt: '2026-03-02T10:00:00.000Z' };
    expect((await renderer.pdf(later)).equals(await renderer.pdf(REPORT))).toBe(false);
  });

  it('escapes every piece of text in the HTML, so a file name cannot inject markup', () => {
    const html = renderClosureReportHtml(REPORT);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<study>');
    expect(html).toContain('scratch/&lt;img src=x onerror=alert(1)&gt;.txt');
    expect(html).toContain('<title>Closure report: Asthma &lt;study&gt; &amp; &quot;friends&quot;</title>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('shows characters the built-in PDF fonts lack as "?"', () => {
    expect(toWinAnsi('Zoë – “ok” 中文 ✓')).toBe('Zoë – “ok” ?? ?');
  });
});
