/**
 * The release of the demo report package in Chromium at 1280×800 (issue 12): everything before
 * the release is prepared over the API — the system manager registers a download-link destination
 * for the research team, the researcher chooses it (on the package page), uploads a clean output, describes it and
 * submits; the investigator and the DPR classify tier 1; the DPR approves the file and submits the
 * review; the investigator and the DPR sign off, so the system approves. Then, through the screens,
 * the system manager opens the package, sees the destination and what will be sent, types the
 * project's name, releases with a link, copies the link's URL (shown once) and watches the progress
 * reach released. The bundle downloaded from that URL passes `egress verify --server`.
 * Screenshots go to test-output/screenshots/release-*.png.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';
import { DEMO_PROJECT as PROJECT, JOURNEY_VIEWPORT as VIEWPORT, ok, releaseJourney } from './release-journey';

const run = promisify(execFile);
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const OUTPUT = 'results/counts.csv';
// Counts of 25 and 40: nothing for the checks to flag.
const OUTPUT_CSV = 'group,count\nA,25\nB,40\n';

describe.skipIf(!browserAvailable)('the release of an approved package in Chromium', () => {
  const demo = useDemoJourney();
  const journey = releaseJourney(demo);
  let workDir: string | undefined;
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** The system manager registers a download link for the research team; the package is then approved over the API. */
  async function approveOverApi(projectId: string, packageId: string): Promise<void> {
    const sysadmin = await journey.as('sysadmin@example.org');
    await ok(
      sysadmin('POST', `/projects/${projectId}/destinations`, {
        name: 'Study team download',
        kind: 'research_team',
        contactEmail: 'team@example.org',
        method: 'link',
        target: null,
        recipientKey: null,
      }),
      201,
    );
    await journey.approve(packageId, {
      output: OUTPUT,
      content: OUTPUT_CSV,
      destinationKind: 'research_team',
      destinationLabel: 'Study team download (Research team, Download link)',
    });
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `release-${name}.png`), fullPage: true });

  it('releases the approved report package with a download link whose bundle egress verify accepts', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'egress-e2e-release-'));
    const { projectId, packageId } = await journey.workPackage('egress_report');
    await approveOverApi(projectId, packageId);

    const context = await demo.browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await demo.signIn(page, 'sysadmin@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);

    // Before the release: where it goes and what is sent.
    const start = page.getByTestId('start-release');
    await start.waitFor({ timeout: 30_000 });
    await expect.poll(() => start.getByTestId('release-destination').textContent(), { timeout: 20_000 }).toContain('Study team download');
    expect(await start.getByTestId('release-destination').textContent()).toContain('Download link');
    await expect.poll(() => start.getByTestId('release-files').textContent(), { timeout: 20_000 }).toContain(OUTPUT);
    expect(await start.getByTestId('release-consequence').textContent()).toContain('shown once');

    // A confirmation that is not the project's name is refused in the form.
    await start.getByLabel('Downloads allowed').fill('2');
    const confirm = start.getByLabel(/Type the project’s name/);
    await confirm.fill('release it');
    await start.getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => start.textContent()).toContain(`Type the project’s name, “${PROJECT}”, to confirm`);
    await confirm.fill(PROJECT);
    await shot(page, '01-confirm');
    await start.getByRole('button', { name: 'Release', exact: true }).click();

    // The link's URL, shown once, copied with the button.
    const shown = page.getByTestId('release-link-url');
    await shown.waitFor({ timeout: 20_000 });
    const url = ((await shown.textContent()) ?? '').trim();
    expect(url).toMatch(new RegExp(`^${demo.server.url}/api/v1/links/egl_[A-Za-z0-9_-]{43}$`));
    expect(await page.getByTestId('release-link').textContent()).toContain('shown only now');
    await page.getByRole('button', { name: 'Copy the link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    // The progress reaches released; the links then show.
    const progress = page.getByTestId('release-progress');
    await expect.poll(() => progress.getAttribute('data-step'), { timeout: 60_000 }).toBe('released');
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('released');
    await page.getByTestId('release-panel').waitFor();
    await expect.poll(() => page.getByTestId('release-panel').textContent()).toContain('0 of 2');
    await shot(page, '02-released');

    // The recipient downloads the bundle from the copied URL; egress verify accepts it.
    const download = await fetch(url);
    expect(download.status).toBe(200);
    const bundle = join(workDir, 'bundle.zip');
    writeFileSync(bundle, Buffer.from(await download.arrayBuffer()));
    const verified = await run('node', [join(process.cwd(), 'bin', 'egress.js'), 'verify', bundle, '--server', demo.server.url]);
    // execFile rejects on a non-zero exit: reaching here means exit 0.
    expect(verified.stdout).toContain('Bundle verified');
    expect(verified.stdout).toMatch(/Files:\s+1 \(/);
    expect(verified.stdout).toContain('by Sam Sysadmin');

    // Once the page is left, the link's address is not shown again.
    await page.reload();
    await page.getByTestId('release-panel').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('release-link-url').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);
});
