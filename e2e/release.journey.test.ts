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
import { pathFor } from '../server/testing/factories';
import { browserAvailable } from './browser';
import { type ApiCall, useDemoJourney } from './demo-journey';

const run = promisify(execFile);
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const PROJECT = 'Hospital admissions and air quality (demo)';
const OUTPUT = 'results/counts.csv';
// Counts of 25 and 40: nothing for the checks to flag.
const OUTPUT_CSV = 'group,count\nA,25\nB,40\n';

describe.skipIf(!browserAvailable)('the release of an approved package in Chromium', () => {
  const demo = useDemoJourney();
  const sessions = new Map<string, Promise<ApiCall>>();
  // One API session per account: signing in again and again meets the sign-in rate limit.
  const as = (email: string): Promise<ApiCall> => {
    if (!sessions.has(email)) sessions.set(email, demo.apiAs(email));
    return sessions.get(email) as Promise<ApiCall>;
  };
  let workDir: string | undefined;
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** The call's JSON answer, after checking its status. */
  async function ok<T>(response: Promise<Response>, status = 200): Promise<T> {
    const res = await response;
    expect(res.status, await res.clone().text()).toBe(status);
    return (await res.json()) as T;
  }

  async function reportPackage(): Promise<{ projectId: string; packageId: string }> {
    const programme = await as('programme@example.org');
    const { projects } = await ok<{ projects: { id: string; name: string }[] }>(programme('GET', '/projects'));
    const projectId = projects.find((p) => p.name === PROJECT)?.id as string;
    const detail = await ok<{ workPackages: { id: string; kind: string }[] }>(programme('GET', `/projects/${projectId}`));
    return { projectId, packageId: detail.workPackages.find((w) => w.kind === 'egress_report')?.id as string };
  }

  /** The researcher chooses the registered destination in the package page's Destination section. */
  async function chooseDestinationOnPage(packageId: string): Promise<void> {
    const context = await demo.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await demo.signIn(page, 'researcher@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    const select = page.getByTestId('package-destination-select');
    await select.waitFor({ timeout: 30_000 });
    await select.click();
    await page.getByRole('option', { name: 'Study team download (Research team, Download link)' }).click();
    await expect.poll(() => select.inputValue(), { timeout: 20_000 }).toBe('Study team download (Research team, Download link)');
    await context.close();
  }

  /** From the demo's empty draft to approved, over the API, as createPackageAt does with the commands. */
  async function approveOverApi(projectId: string, packageId: string): Promise<void> {
    const sysadmin = await as('sysadmin@example.org');
    const researcher = await as('researcher@example.org');
    const destination = await ok<{ id: string }>(
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
    await chooseDestinationOnPage(packageId);
    let pkg = await ok<{ version: number; destinationId: string | null }>(researcher('GET', `/packages/${packageId}`));
    expect(pkg.destinationId).toBe(destination.id);
    const upload = await ok<{ file: { id: string } }>(researcher('PUT', `/packages/${packageId}/files/content?path=${encodeURIComponent(OUTPUT)}`, OUTPUT_CSV, 'application/octet-stream'), 201);
    pkg = await ok(researcher('GET', `/packages/${packageId}`));
    const context = {
      purpose: 'Counts by group for the final report',
      recipient: 'The study team',
      destinationKind: 'research_team',
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs: { [upload.file.id]: { shows: 'Counts by group', supportingFileIds: [] } },
    };
    pkg = await ok(researcher('PUT', `/packages/${packageId}/context`, { context, version: pkg.version }));
    await ok(researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: pkg.version }));
    const statusOf = async () => (await ok<{ status: string }>(researcher('GET', `/packages/${packageId}`))).status;
    await expect.poll(statusOf, { timeout: 90_000 }).toBe('in_review');

    for (const email of ['investigator@example.org', 'dpr@example.org']) await ok((await as(email))('POST', `/work-packages/${packageId}/opinions`, { path: pathFor(1) }), 201);

    const dpr = await as('dpr@example.org');
    const review = await ok<{ files: { fileId: string; fileVersionId: string; needsDecision: boolean }[] }>(dpr('GET', `/packages/${packageId}/review`));
    for (const f of review.files.filter((x) => x.needsDecision)) await ok(dpr('POST', `/packages/${packageId}/files/${f.fileId}/review`, { fileVersionId: f.fileVersionId, decision: 'approve' }));
    await ok(dpr('POST', `/packages/${packageId}/review-submissions`, {}), 201);

    const { digest } = await ok<{ digest: string }>(dpr('GET', `/packages/${packageId}/approval`));
    await ok((await as('investigator@example.org'))('POST', `/packages/${packageId}/sign-offs`, { role: 'investigator', digest }), 201);
    await ok(dpr('POST', `/packages/${packageId}/sign-offs`, { role: 'data_provider_representative', digest }), 201);
    await expect.poll(statusOf, { timeout: 20_000 }).toBe('approved');
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `release-${name}.png`), fullPage: true });

  it('releases the approved report package with a download link whose bundle egress verify accepts', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'egress-e2e-release-'));
    const { projectId, packageId } = await reportPackage();
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
