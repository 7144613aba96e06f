/**
 * The closure report end to end on SQLite and PostgreSQL (docs/closure.md "Closure report"): a
 * project closed after its two packages were released and its other output-area files marked
 * gets a report listing every package with its manifest hash, every file's fate, the waivers,
 * the storage decision and the chain head; both documents' sha256 are in the audit chain with
 * the close; only the project's managers read it, and nobody before the project closed; a project
 * that changes while its report renders gets a report of what it became.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findClosureReport } from '../db/closure-reports.repository';
import { pdfText } from '../reports/pdf-text.testing';
import { closureReportRenderer } from '../reports/closure-report-pdf';
import { type TestOutputArea, outputAreaFor, refreshInventory, waiveAllGaps } from '../testing/closure';
import { TEST_DIALECTS } from '../testing/databases';
import { type PackageWorld, createPackageAt, freshPackageWorldPerTest } from '../testing/package-factories';
import { releasePackage } from '../testing/release-factory';
import { personIn } from '../testing/world-lifecycle';
import { getClosureReportInfo, readClosureReport } from './closure-report.queries';
import { markClosureFiles } from './closure.commands';
import { addWorkPackage, changeProjectStatus } from './projects.commands';
import type { ClosureReportServices } from './closure-report.commands';

const REPORT = '# Final report\n\nRates per 100,000, rounded to the nearest 5.\n';
const TABLE = 'group,n\nA,25\nB,30\n';
const DERIVED = 'region,rate\nNorth,12.5\n';

describe.each(TEST_DIALECTS)('the closure report on %s', (dialect) => {
  let world: PackageWorld;
  let area: TestOutputArea | undefined;
  freshPackageWorldPerTest(dialect, (w) => (world = w));
  afterEach(async () => {
    await area?.dispose();
    area = undefined;
  });

  const ctx = (key: string) => personIn(world, key).ctx;
  const projectVersion = async () => Number((await world.db.selectFrom('projects').select('version').where('id', '=', world.projectId).executeTakeFirstOrThrow()).version);
  const move = async (action: 'start_closing' | 'close', services: ClosureReportServices = world.services) =>
    changeProjectStatus(ctx('programme'), world.projectId, action, { version: await projectVersion() }, services);

  /** Both recommended packages released, an extra one left as a draft (waived), and an output area whose other files are marked. */
  async function closingProject() {
    const report = await createPackageAt(world, 'approved', {
      files: [
        { path: 'results/report.md', content: REPORT },
        { path: 'results/table.csv', content: TABLE },
      ],
    });
    await releasePackage(world, world.services, report.id);
    const handover = await createPackageAt(world, 'approved', { workPackage: 'handover', tier: 2, files: [{ path: 'derived/rates.csv', content: DERIVED }] });
    await releasePackage(world, world.services, handover.id);
    await addWorkPackage(ctx('investigator'), world.projectId, { name: 'Extra egress' });
    area = await outputAreaFor(world, {
      'final/report.md': REPORT, // the released report, moved
      'results/table.csv': TABLE,
      'derived/rates.csv': DERIVED,
      'scratch/keep.log': 'run log\n',
      'scratch/<i>tmp&"x".txt': 'temporary\n',
    });
    await move('start_closing');
    await refreshInventory(world);
    await markClosureFiles(ctx('investigator'), world.projectId, { paths: ['scratch/keep.log'], fate: 'retained', reason: 'Run log stays for the <audit>' });
    await markClosureFiles(ctx('investigator'), world.projectId, { pattern: 'scratch/*.txt', fate: 'discarded', reason: 'Temporary output' });
    await waiveAllGaps(world);
    return { report, handover };
  }

  it('lists every package with its manifest hash, every file’s fate, the waivers, the storage decision and the chain head, and records its sha256 with the close', async () => {
    const { report, handover } = await closingProject();
    await move('close');

    const row = await findClosureReport(world.db, world.projectId);
    expect(row).toBeDefined();
    const html = await readClosureReport(ctx('programme'), world.services.blobs, world.projectId, 'html');
    const pdf = await readClosureReport(ctx('pm'), world.services.blobs, world.projectId, 'pdf');
    expect(html.sha256).toBe(row?.html_sha256);
    expect(pdf.sha256).toBe(row?.pdf_sha256);
    expect(html.contentType).toBe('text/html; charset=utf-8');

    // The audit chain holds both hashes: the report's own event, then the close.
    const events = await world.db.selectFrom('audit_events').selectAll().where('project_id', '=', world.projectId).orderBy('seq', 'desc').limit(2).execute();
    expect(events.map((e) => e.action)).toEqual(['project.closed', 'closure_report.stored']);
    const stored = JSON.parse(events[1]?.summary ?? '{}');
    expect(stored).toMatchObject({ htmlSha256: html.sha256, pdfSha256: pdf.sha256, htmlBytes: html.bytes.length, pdfBytes: pdf.bytes.length });
    expect(JSON.parse(events[0]?.summary ?? '{}')).toMatchObject({ from: 'closing', to: 'closed', reportHtmlSha256: html.sha256, reportPdfSha256: pdf.sha256 });
    // The head the report states is the event just before its own.
    expect(stored.chainHeadSeq).toBe(Number(events[1]?.seq) - 1);
    const before = await world.db.selectFrom('audit_events').select('hash').where('seq', '=', stored.chainHeadSeq).executeTakeFirstOrThrow();
    expect(stored.chainHeadHash).toBe(before.hash);

    const releases = await world.db.selectFrom('releases').select(['package_id', 'manifest_sha256']).where('step', '=', 'released').execute();
    expect(releases).toHaveLength(2);
    const text = html.bytes.toString('utf8');
    for (const r of releases) expect(text).toContain(r.manifest_sha256 as string);
    for (const name of ['Ingress', 'Egress – Report finalisation', 'Egress – Data Provider Handover', 'Extra egress', 'Dataset A']) expect(text).toContain(name);
    expect(text).toContain('<code>final/report.md</code>');
    expect(text).toContain('<code>scratch/&lt;i&gt;tmp&amp;&quot;x&quot;.txt</code>');
    expect(text).not.toContain('<i>tmp');
    expect(text).toContain('Run log stays for the &lt;audit&gt;');
    expect(text).toContain('Temporary output');
    expect(text).toContain('Not needed for this test project'); // the waivers' reason
    expect(text).toContain(stored.chainHeadHash);
    expect(text.match(/Egressed<\/td>/g)).toHaveLength(3);
    expect(text).toContain('Egressed: 3 · Retained inside: 1 · Discarded: 1');
    // The storage decision of the tier 2 handover, with its agreements.
    const decision = await world.db.selectFrom('storage_decisions').selectAll().where('package_id', '=', handover.id).where('superseded_at', 'is', null).executeTakeFirstOrThrow();
    expect(text).toContain(decision.location);
    // Names, hashes and reasons only: never a file's content.
    for (const content of [REPORT, TABLE, DERIVED, 'run log', 'temporary']) expect(text).not.toContain(content.trim().split('\n').pop());
    expect(report.id).not.toBe(handover.id);

    const read = (await pdfText(pdf.bytes)).text.replace(/\s+/g, ' ');
    expect(read).toContain('Closure report: Test project');
    for (const r of releases) expect(read).toContain(`Manifest sha256: ${r.manifest_sha256}`);
    for (const line of [
      'Egress – Report finalisation: Released',
      'Egress – Data Provider Handover: Released',
      'Extra egress: Draft',
      'scratch/keep.log',
      'Reason: Run log stays for the <audit>',
      `Location: ${decision.location}.`,
    ]) {
      expect(read).toContain(line);
    }
  });

  it('goes to the project’s managers only, and exists only once the project closed', async () => {
    await closingProject();
    const refused = (key: string, code: string) => expect(readClosureReport(ctx(key), world.services.blobs, world.projectId, 'pdf')).rejects.toMatchObject({ code });
    await refused('programme', 'closure.report_not_ready');
    expect(await getClosureReportInfo(ctx('pm'), world.projectId)).toMatchObject({ projectStatus: 'closing', report: null, abilities: { download: false } });
    await move('close');
    for (const key of ['programme', 'sysadmin', 'pm']) {
      expect((await readClosureReport(ctx(key), world.services.blobs, world.projectId, 'html')).bytes.length).toBeGreaterThan(0);
      expect(await getClosureReportInfo(ctx(key), world.projectId)).toMatchObject({ projectStatus: 'closed', abilities: { download: true } });
    }
    for (const key of ['investigator', 'researcher', 'dpr', 'referee']) {
      await refused(key, 'auth.forbidden');
      expect(await getClosureReportInfo(ctx(key), world.projectId)).toMatchObject({ report: { pdf: { bytes: expect.any(Number) } }, abilities: { download: false } });
    }
    await refused('outsider', 'project.not_found');
  });

  it('writes no report when the close is refused, and reports what the project became when it changed while the report rendered', async () => {
    const { report } = await closingProject();
    await markClosureFiles(ctx('investigator'), world.projectId, { paths: ['scratch/keep.log'], fate: 'unmarked', reason: 'Not sure yet' });
    await expect(move('close')).rejects.toMatchObject({ code: 'closure.file_unaccounted' });
    expect(await findClosureReport(world.db, world.projectId)).toBeUndefined();

    // The first rendering is overtaken: the investigator marks the log while the PDF is drawn.
    const real = closureReportRenderer();
    let renders = 0;
    await markClosureFiles(ctx('investigator'), world.projectId, { paths: ['scratch/keep.log'], fate: 'retained', reason: 'First reason' });
    const racing: ClosureReportServices = {
      blobs: world.services.blobs,
      reportRenderer: {
        pdf: async (r) => {
          renders += 1;
          if (renders === 1) await markClosureFiles(ctx('investigator'), world.projectId, { paths: ['scratch/keep.log'], fate: 'discarded', reason: 'Second thoughts' });
          return real.pdf(r);
        },
      },
    };
    await move('close', racing);
    expect(renders).toBe(2);
    const html = (await readClosureReport(ctx('programme'), world.services.blobs, world.projectId, 'html')).bytes.toString('utf8');
    expect(html).toContain('Second thoughts');
    expect(html).not.toContain('First reason');
    expect(report.id).toBe(world.wp.report);
  });
});
