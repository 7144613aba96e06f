/**
 * The closure of the demo project in Chromium at 1280×800 (issue 14): prepared over the API, the
 * demo's two recommended packages (report and data provider handover) are approved and released
 * with download links, the system manager points the project's output area at a folder holding
 * the released outputs and some scratch files, the ingress is classified, the programme manager
 * starts closing and waives the two open links with a reason. Then, through the screens, the
 * programme manager marks the scratch folder's log retained and its temporary files discarded,
 * sees the checklist complete, closes the project, and downloads the closure report (PDF and
 * HTML) from the closed project's page: the downloaded bytes hash to what the audit chain holds,
 * and the PDF lists both packages with their manifest hashes and every file's fate.
 * Screenshots go to test-output/screenshots/closure-*.png.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { pathFor } from '../server/testing/factories';
import { pdfText } from '../server/reports/pdf-text.testing';
import { browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';
import { DEMO_PROJECT as PROJECT, JOURNEY_VIEWPORT as VIEWPORT, ok, releaseJourney } from './release-journey';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const REPORT_OUTPUT = { path: 'results/counts.csv', content: 'group,count\nA,25\nB,40\n' };
const HANDOVER_OUTPUT = { path: 'derived/rates.csv', content: 'region,count\nNorth,30\nSouth,45\n' };
const AREA: Record<string, string> = {
  [REPORT_OUTPUT.path]: REPORT_OUTPUT.content,
  // The handover's output, moved since: it still counts as egressed (matched by content).
  'final/rates.csv': HANDOVER_OUTPUT.content,
  'scratch/run.log': 'run finished\n',
  'scratch/tmp/part-1.tmp': 'partial\n',
  'scratch/tmp/part-2.tmp': 'partial, again\n',
};

describe.skipIf(!browserAvailable)('the closure of the demo project in Chromium', () => {
  const demo = useDemoJourney();
  const journey = releaseJourney(demo);
  let area: string | undefined;
  afterAll(() => {
    if (area) rmSync(area, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `closure-${name}.png`), fullPage: true });

  /** A download-link destination of `kind` registered by the system manager; the package approved and released with a link. */
  async function releaseOverApi(projectId: string, packageId: string, kind: 'research_team' | 'data_provider', output: { path: string; content: string }): Promise<void> {
    const sysadmin = await journey.as('sysadmin@example.org');
    const name = kind === 'research_team' ? 'Study team download' : 'Provider download';
    await ok(sysadmin('POST', `/projects/${projectId}/destinations`, { name, kind, contactEmail: 'team@example.org', method: 'link', target: null, recipientKey: null }), 201);
    const kindLabel = kind === 'research_team' ? 'Research team' : 'Data provider (the original owner)';
    await journey.approve(packageId, { output: output.path, content: output.content, destinationKind: kind, destinationLabel: `${name} (${kindLabel}, Download link)` });
    const { version } = await ok<{ version: number }>(sysadmin('GET', `/packages/${packageId}`));
    await ok(sysadmin('POST', `/packages/${packageId}/release`, { confirmation: PROJECT, version, link: { lifetimeHours: 24, maxDownloads: 2 } }), 202);
    await expect.poll(() => journey.statusOf(packageId), { timeout: 90_000 }).toBe('released');
  }

  /** The output area set and inventoried, the ingress classified, closing started and the open links waived. */
  async function prepareClosing(projectId: string): Promise<void> {
    area = mkdtempSync(join(tmpdir(), 'egress-e2e-closure-area-'));
    for (const [path, content] of Object.entries(AREA)) {
      mkdirSync(dirname(join(area, path)), { recursive: true });
      writeFileSync(join(area, path), content);
    }
    const sysadmin = await journey.as('sysadmin@example.org');
    await ok(sysadmin('PUT', `/projects/${projectId}/output-area/setting`, { outputArea: area }));
    const programme = await journey.as('programme@example.org');
    const detail = await ok<{ project: { version: number }; workPackages: { id: string; kind: string; status: string }[] }>(programme('GET', `/projects/${projectId}`));
    const ingress = detail.workPackages.find((w) => w.kind === 'ingress');
    if (ingress && ingress.status !== 'classified') {
      for (const email of ['investigator@example.org', 'dpr@example.org']) await ok((await journey.as(email))('POST', `/work-packages/${ingress.id}/opinions`, { path: pathFor(1) }), 201);
    }
    await ok(programme('POST', `/projects/${projectId}/start-closing`, { version: detail.project.version }));
    await ok((await journey.as('investigator@example.org'))('POST', `/projects/${projectId}/closure/inventory-refreshes`, {}), 202);
    await expect
      .poll(async () => (await ok<{ lastComplete: { files: number } | null }>(programme('GET', `/projects/${projectId}/closure/inventory`))).lastComplete?.files, { timeout: 60_000 })
      .toBe(Object.keys(AREA).length);
    // The links the releases opened outlive the closure: the programme manager records why that is fine.
    const checklist = await ok<{ gaps: { code: string; key: string }[] }>(programme('GET', `/projects/${projectId}/closure`));
    const links = checklist.gaps.filter((g) => g.code === 'closure.link_open');
    expect(links).toHaveLength(2);
    for (const gap of links) {
      await ok(programme('POST', `/projects/${projectId}/closure/waivers`, { code: gap.code, key: gap.key, reason: 'The recipients have the link; it expires within 24 hours' }), 201);
    }
    const left = await ok<{ gaps: { code: string; key: string }[] }>(programme('GET', `/projects/${projectId}/closure`));
    expect(left.gaps.map((g) => `${g.code} ${g.key}`).sort()).toEqual(['scratch/run.log', 'scratch/tmp/part-1.tmp', 'scratch/tmp/part-2.tmp'].map((p) => `closure.file_unaccounted ${p}`));
  }

  /** Marks files in the checklist's modal: by folder or by paths, with a fate and a reason. */
  async function markFiles(page: Page, by: 'Folder' | 'Paths', value: string, fate: 'Retained inside' | 'Discarded', reason: string): Promise<void> {
    await page.getByRole('button', { name: 'Mark files' }).first().click();
    const modal = page.getByRole('dialog', { name: 'Mark output-area files' });
    await modal.waitFor();
    await modal.getByText(by, { exact: true }).click();
    await modal.getByLabel(by === 'Folder' ? 'Folder (empty: the whole area)' : 'Paths, one a line').fill(value);
    await modal.getByLabel('Fate', { exact: true }).first().click();
    await page.getByRole('option', { name: fate }).click();
    await modal.getByLabel('Reason').fill(reason);
    await modal.getByRole('button', { name: 'Mark files' }).click();
    await modal.waitFor({ state: 'hidden', timeout: 20_000 });
  }

  it('closes the demo project after both packages are released and the other files are marked, and downloads its closure report', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { projectId, packageId: reportId } = await journey.workPackage('egress_report');
    const { packageId: handoverId } = await journey.workPackage('egress_handover');
    await releaseOverApi(projectId, reportId, 'research_team', REPORT_OUTPUT);
    await releaseOverApi(projectId, handoverId, 'data_provider', HANDOVER_OUTPUT);
    await prepareClosing(projectId);

    const context = await demo.browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await demo.signIn(page, 'programme@example.org');
    await page.goto(`${demo.server.url}/projects/${projectId}`);
    const checklist = page.getByTestId('closure-checklist');
    await checklist.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('closure-gap-total').textContent(), { timeout: 20_000 }).toContain('3');
    await shot(page, '01-checklist');

    await markFiles(page, 'Paths', 'scratch/run.log', 'Retained inside', 'The run log stays with the environment’s archive');
    await markFiles(page, 'Folder', 'scratch/tmp', 'Discarded', 'Partial results, superseded by the released ones');
    await page.getByTestId('closure-complete').waitFor({ timeout: 20_000 });
    await shot(page, '02-complete');

    await page.getByRole('button', { name: 'Close project' }).click();
    await page.getByRole('dialog', { name: 'Close project?' }).getByRole('button', { name: 'Confirm' }).click();
    const report = page.getByTestId('closure-report');
    await report.waitFor({ timeout: 60_000 });
    // The whole page follows the new status without a reload: nothing left to mark, no destination to register.
    await expect.poll(() => page.getByText('Closed with everything accounted for.').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole('button', { name: 'Register destination' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Mark files' }).count()).toBe(0);
    await shot(page, '03-closed');

    const info = await ok<{ report: { pdf: { sha256: string }; html: { sha256: string } } }>((await journey.as('programme@example.org'))('GET', `/projects/${projectId}/closure/report`));
    const fetched: Record<string, Buffer> = {};
    for (const format of ['PDF', 'HTML'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: `Download the closure report (${format})` }).click()]);
      expect(download.suggestedFilename()).toBe(`closure-report-${projectId}.${format.toLowerCase()}`);
      fetched[format] = readFileSync((await download.path()) as string);
    }
    const sha = (b: Buffer | undefined) =>
      createHash('sha256')
        .update(b ?? Buffer.alloc(0))
        .digest('hex');
    expect(sha(fetched.PDF)).toBe(info.report.pdf.sha256);
    expect(sha(fetched.HTML)).toBe(info.report.html.sha256);

    // What the report says: both packages with their manifest hashes, every file's fate, the waivers.
    const releases = await Promise.all([reportId, handoverId].map(async (id) => ok<{ manifestSha256: string | null }>((await journey.as('programme@example.org'))('GET', `/packages/${id}/release`))));
    const text = (await pdfText(fetched.PDF as Buffer)).text.replace(/\s+/g, ' ');
    expect(text).toContain(`Closure report: ${PROJECT}`);
    for (const r of releases) expect(text).toContain(`Manifest sha256: ${r.manifestSha256}`);
    for (const path of Object.keys(AREA)) expect(text).toContain(path);
    expect(text).toContain('Egressed: 2 · Retained inside: 1 · Discarded: 2');
    expect(text).toContain('The recipients have the link; it expires within 24 hours');
    const html = (fetched.HTML as Buffer).toString('utf8');
    expect(html).not.toContain('partial, again'); // names and reasons, never contents

    // Someone who is not a manager sees that the report exists, without the download.
    const other = await demo.browser.newContext({ viewport: VIEWPORT });
    const investigatorPage = await other.newPage();
    await demo.signIn(investigatorPage, 'investigator@example.org');
    await investigatorPage.goto(`${demo.server.url}/projects/${projectId}`);
    await investigatorPage.getByTestId('closure-report').waitFor({ timeout: 30_000 });
    expect(await investigatorPage.getByTestId('closure-report').textContent()).toContain('The project’s managers can download it.');
    expect(await investigatorPage.getByRole('link', { name: /Download the closure report/ }).count()).toBe(0);
    await shot(investigatorPage, '04-not-a-manager');
    await other.close();

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 600_000);
});
