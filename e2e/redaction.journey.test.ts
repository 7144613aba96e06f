/**
 * Redaction inside the product in Chromium at 1280×800 (issue 13 "Tests that must exist"): a
 * flagged table and a JPEG with GPS are fixed from the review page with the built-in tools,
 * re-checked clean, and the package goes on to approval.
 *
 * The researcher uploads to the report package a ward frequency table with counts of 7 and 3
 * (and a total row) and a site photo whose EXIF holds a GPS position, both built here, and
 * submits it (context and submission over the API); the checks block the table and flag the photo. In the review workbench the data
 * provider representative previews, then proposes, "Suppress small counts" on the table's
 * finding (the line diff shows both counts withheld: with two cells out of the column, the
 * total gives neither back) and "Remove metadata" on the photo's GPS finding (the change list). The researcher
 * reads both proposals with their diffs on the package page and accepts each one (the dialog
 * says the package goes back to checking as a new review turn and the sign-offs are void); the
 * checks run again and both files pass. The versions dialog shows where v2 came from. The
 * work package is classified tier 1 (over the API: not this journey's subject), the DPR approves
 * both files and submits the review, the investigator and the DPR sign off, and the package is
 * approved. A second test has the researcher apply a suppression to a draft from the package
 * page's file list: a parameter refused on its field, a preview, a changed parameter asking for
 * a new preview, the required reason, the new version checked at once, its line diff and its
 * provenance. Screenshots go to test-output/screenshots/redaction-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pathFor } from '../server/testing/factories';
import { browserAvailable } from './browser';
import { type ApiCall, useDemoJourney } from './demo-journey';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const PROJECT = 'Hospital admissions and air quality (demo)';
const TABLE = 'tables/admissions_by_ward.csv';
const PHOTO = 'figures/site_visit.jpg';
const PATHS = [PHOTO, TABLE];
// A frequency table: two counts below the preset's minimum of 10, and a total that would give them back.
const TABLE_CSV = 'ward,admissions\nNorth,112\nSouth,7\nEast,340\nWest,3\nTotal,462\n';

/** A small JPEG whose EXIF locates where it was taken (GPS latitude and longitude). */
function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Demo', Model: 'Field camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2600/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3900/100' },
    })
    .toBuffer();
}

describe.skipIf(!browserAvailable)('redaction of a flagged table and a photo from the review page in Chromium', () => {
  const demo = useDemoJourney();
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  // One API session per account: signing in again and again meets the sign-in rate limit.
  const sessions = new Map<string, Promise<ApiCall>>();
  const as = (email: string): Promise<ApiCall> => {
    if (!sessions.has(email)) sessions.set(email, demo.apiAs(email));
    return sessions.get(email) as Promise<ApiCall>;
  };

  let filesDir: string | undefined;

  afterAll(async () => {
    for (const context of contexts) await context.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  async function personPage(email: string): Promise<Page> {
    const context = await demo.browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${email}: ${error.message}`));
    page.on('dialog', (dialog) => pageErrors.push(`${email}: a dialog opened: ${dialog.message()}`));
    await demo.signIn(page, email);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `redaction-${name}.png`) });
  const status = (page: Page) => page.getByTestId('package-status').getAttribute('data-status');
  const fileRow = (page: Page, path: string) => page.locator(`[data-testid="file-row"][data-path="${path}"]`);
  const verdict = (page: Page, path: string) => fileRow(page, path).locator('[data-verdict]').getAttribute('data-verdict');
  const workbenchFile = (page: Page, path: string) => page.locator(`[data-testid="workbench-file"][data-path="${path}"]`);
  const proposal = (page: Page, path: string) => page.locator(`[data-testid="redaction-proposal"][data-path="${path}"]`);

  async function fitsWidth(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  }

  async function packageStatus(packageId: string): Promise<string> {
    const researcher = await as('researcher@example.org');
    return ((await (await researcher('GET', `/packages/${packageId}`)).json()) as { status: string }).status;
  }

  /** The id of the demo project's work package of this kind (its package has the same id). */
  async function workPackageOf(kind: 'egress_report' | 'egress_handover'): Promise<string> {
    const programme = await as('programme@example.org');
    const { projects } = (await (await programme('GET', '/projects')).json()) as { projects: { id: string; name: string }[] };
    const projectId = projects.find((p) => p.name === PROJECT)?.id as string;
    const detail = (await (await programme('GET', `/projects/${projectId}`)).json()) as { workPackages: { id: string; kind: string }[] };
    return detail.workPackages.find((w) => w.kind === kind)?.id as string;
  }

  /** The researcher uploads the two outputs on the package page (a folder each, so the folder stays in the path). */
  async function uploadOutputs(page: Page, packageId: string): Promise<void> {
    filesDir = mkdtempSync(join(tmpdir(), 'egress-e2e-redaction-'));
    for (const [path, body] of [
      [TABLE, TABLE_CSV],
      [PHOTO, await photoWithGps()],
    ] as const) {
      mkdirSync(join(filesDir, dirname(path)), { recursive: true });
      writeFileSync(join(filesDir, path), body);
    }
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    for (const path of PATHS) {
      await page.getByLabel('Folder to upload').setInputFiles(join(filesDir, dirname(path)));
      await expect.poll(() => page.locator(`[data-testid="upload-row"][data-path="${path}"]`).getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    }
    await expect.poll(() => page.getByTestId('file-row').count(), { timeout: 20_000 }).toBe(PATHS.length);
  }

  /** The context described and the package submitted (over the API: the package journey covers that form); the checks have run. */
  async function describeAndSubmit(packageId: string): Promise<void> {
    const researcher = await as('researcher@example.org');
    const { files } = (await (await researcher('GET', `/packages/${packageId}/files?limit=10`)).json()) as { files: { id: string; path: string }[] };
    const outputs = Object.fromEntries(files.map((f) => [f.id, { shows: f.path === TABLE ? 'Admissions by ward' : 'The monitoring site', supportingFileIds: [] }]));
    const pkg = (await (await researcher('GET', `/packages/${packageId}`)).json()) as { version: number };
    const context = {
      purpose: 'Admissions by ward and a photo of the monitoring site for the paper',
      recipient: 'The study team at the university',
      destinationKind: 'research_team',
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs,
    };
    const saved = await researcher('PUT', `/packages/${packageId}/context`, { context, version: pkg.version });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const submitted = await researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: ((await saved.json()) as { version: number }).version });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    await expect.poll(() => packageStatus(packageId), { timeout: 90_000 }).toBe('in_review');
  }

  /** The investigator and the DPR classify the work package at tier 1 (no referee is needed). */
  async function classifyTier1(workPackageId: string): Promise<void> {
    for (const email of ['investigator@example.org', 'dpr@example.org']) {
      const call = await as(email);
      const res = await call('POST', `/work-packages/${workPackageId}/opinions`, { path: pathFor(1) });
      expect(res.status, `${email}: ${await res.clone().text()}`).toBe(201);
    }
    const call = await as('investigator@example.org');
    const detail = (await (await call('GET', `/work-packages/${workPackageId}`)).json()) as { workPackage: { status: string; tier: number | null } };
    expect(detail.workPackage).toMatchObject({ status: 'classified', tier: 1 });
  }

  async function openWorkbench(page: Page, packageId: string): Promise<void> {
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await page.getByTestId('open-workbench').click();
    await page.waitForURL(`${demo.server.url}/packages/${packageId}/review`);
    await expect.poll(() => page.getByTestId('workbench-file').count(), { timeout: 20_000 }).toBe(PATHS.length);
  }

  async function selectInWorkbench(page: Page, path: string): Promise<void> {
    await workbenchFile(page, path).click();
    await expect.poll(() => page.getByTestId('file-viewer').getAttribute('data-path')).toBe(path);
  }

  /**
   * From a finding of the file shown: "Propose a redaction", the operation, a preview (its change
   * list), the reason, "Propose redaction"; the dialog then shows the diff.
   */
  async function proposeFromFinding(page: Page, path: string, rule: string, operation: string, reason: string, screenshot: string): Promise<void> {
    await selectInWorkbench(page, path);
    const finding = page.locator(`[data-testid="standing-finding"][data-rule="${rule}"]`).first();
    await expect.poll(() => finding.count(), { timeout: 20_000 }).toBe(1);
    await finding.getByTestId('redact-finding').click();
    const dialog = page.getByRole('dialog', { name: `Redact ${path}` });
    await dialog.getByLabel('Operation').selectOption(operation);
    await expect.poll(() => dialog.getByTestId('redaction-form').getAttribute('data-operation')).toBe(operation);
    // The finding the redaction was opened from is the one it targets.
    expect(await dialog.getByTestId('redaction-targets').getByRole('checkbox', { checked: true }).count()).toBe(1);
    // Nothing can be proposed before a preview.
    expect(await dialog.getByTestId('redaction-commit').count()).toBe(0);
    await dialog.getByTestId('redaction-preview-button').click();
    const preview = dialog.getByTestId('redaction-preview');
    await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(1);
    expect(Number(await preview.getByTestId('redaction-outcome').getAttribute('data-change-count'))).toBeGreaterThan(0);
    await dialog.getByLabel('Reason').fill(reason);
    await shot(page, `${screenshot}-preview`);
    await dialog.getByTestId('redaction-commit').click();
    await expect.poll(() => dialog.getByTestId('redaction-done').getAttribute('data-kind'), { timeout: 20_000 }).toBe('proposed');
    await dialog.getByTestId('redaction-diff').waitFor();
    await shot(page, `${screenshot}-proposed`);
  }

  /** The author accepts a pending proposal after reading what acceptance does; the package is checked again and back in review. */
  async function accept(page: Page, packageId: string, path: string): Promise<void> {
    const card = proposal(page, path);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 20_000 }).toBe('pending');
    await card.getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept the proposed redaction' });
    const consequences = await dialog.getByTestId('accept-consequences').textContent();
    expect(consequences).toContain(`new current version of ${path}`);
    expect(consequences).toContain('goes back to checking');
    expect(consequences).toMatch(/review turn \d+ starts/);
    expect(consequences).toContain('Every sign-off given so far is void');
    await dialog.getByRole('button', { name: 'Accept and re-check' }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 20_000 }).toBe('accepted');
    await expect.poll(() => packageStatus(packageId), { timeout: 90_000 }).toBe('in_review');
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('in_review');
  }

  it('proposes suppression and metadata removal from the workbench, accepts them, re-checks clean and approves', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const packageId = await workPackageOf('egress_report');
    const packageUrl = `${demo.server.url}/packages/${packageId}`;
    const researcher = await personPage('researcher@example.org');
    await uploadOutputs(researcher, packageId);
    await describeAndSubmit(packageId);
    const dpr = await personPage('dpr@example.org');
    const investigator = await personPage('investigator@example.org');

    // ---- The checks flagged both outputs: the table blocks (small counts), the photo needs review (GPS).
    await researcher.goto(packageUrl);
    await expect.poll(() => verdict(researcher, TABLE), { timeout: 20_000 }).toBe('block');
    await expect.poll(() => verdict(researcher, PHOTO), { timeout: 20_000 }).toBe('review');
    // In review the author team does not redact: that is the reviewers' proposal to make.
    await fileRow(researcher, TABLE)
      .getByRole('button', { name: `Actions for ${TABLE}` })
      .click();
    await researcher.getByRole('menuitem', { name: 'Check results' }).waitFor();
    expect(await researcher.getByTestId('redact-file').count()).toBe(0);
    await researcher.keyboard.press('Escape');

    // ---- The DPR proposes both fixes from the review workbench.
    await openWorkbench(dpr, packageId);
    await proposeFromFinding(dpr, TABLE, 'sdc.small_count', 'tables.suppress', 'Counts of 7 and 3 are below the minimum of 10; the total would give them back.', '01-table');
    const tableDiff = dpr.getByRole('dialog', { name: `Redact ${TABLE}` }).getByTestId('line-diff');
    expect(await tableDiff.locator('tr[data-op="-"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('South,7'), expect.stringContaining('West,3')]));
    const added = (await tableDiff.locator('tr[data-op="+"]').allTextContents()).join('\n');
    expect(added).toContain('[REDACTED]');
    expect(added).not.toMatch(/South,7|West,3/);
    await dpr
      .getByRole('dialog', { name: `Redact ${TABLE}` })
      .getByRole('button', { name: 'Close' })
      .click();

    await proposeFromFinding(dpr, PHOTO, 'metadata.gps', 'images.strip_metadata', 'The photo’s EXIF gives the site’s GPS position.', '02-photo');
    const photoDiff = dpr.getByRole('dialog', { name: `Redact ${PHOTO}` }).getByTestId('redaction-diff');
    expect(await photoDiff.getAttribute('data-kind')).toBe('changes');
    await dpr
      .getByRole('dialog', { name: `Redact ${PHOTO}` })
      .getByRole('button', { name: 'Close' })
      .click();
    // The workbench shows the DPR where the proposal stands.
    await expect.poll(() => dpr.getByTestId('file-redaction').getByTestId('proposal-state').textContent()).toBe('Waiting for the authors');
    await fitsWidth(dpr);
    await dpr.getByTestId('file-redaction').scrollIntoViewIfNeeded();
    await shot(dpr, '03-workbench-proposals');

    // ---- The researcher reads the proposals with their diffs on the package page and accepts both.
    await researcher.goto(packageUrl);
    await expect.poll(() => researcher.getByTestId('redaction-proposal').count(), { timeout: 20_000 }).toBe(2);
    expect(await researcher.getByTestId('proposals-waiting').textContent()).toContain('Reviewers propose 2 redactions');
    await proposal(researcher, TABLE).getByTestId('line-diff').waitFor();
    await proposal(researcher, TABLE).scrollIntoViewIfNeeded();
    await fitsWidth(researcher);
    await shot(researcher, '04-proposals');
    await accept(researcher, packageId, TABLE);
    await accept(researcher, packageId, PHOTO);

    // ---- Re-checked clean: both files pass as their second version, made by the redactions.
    for (const path of PATHS) {
      await expect.poll(() => verdict(researcher, path), { timeout: 30_000 }).toBe('pass');
      expect(await researcher.getByRole('button', { name: `Versions of ${path}` }).textContent()).toBe('v2');
    }
    await researcher.getByRole('button', { name: `Versions of ${TABLE}` }).click();
    const versions = researcher.getByRole('dialog', { name: `Versions of ${TABLE}` });
    const provenance = versions.getByTestId('version-provenance');
    await expect.poll(() => provenance.count(), { timeout: 20_000 }).toBe(1);
    const said = await provenance.textContent();
    expect(said).toContain('Redacted from v1 by Dana Provider');
    expect(said).toContain('accepted by');
    expect(said).toContain('tables.suppress');
    expect(said).toContain('the total would give them back');
    expect(said).toMatch(/original sha256 [0-9a-f]{64}/);
    expect(said).toMatch(/new sha256 [0-9a-f]{64}/);
    await shot(researcher, '05-provenance');
    await versions.getByRole('button', { name: 'Close' }).last().click();

    // ---- Classified tier 1; the DPR approves both redacted files and submits the review.
    await classifyTier1(packageId);
    await openWorkbench(dpr, packageId);
    for (const path of PATHS) {
      await selectInWorkbench(dpr, path);
      await dpr.getByTestId('decision-panel').getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => workbenchFile(dpr, path).getAttribute('data-my-decision'), { timeout: 20_000 }).toBe('approve');
    }
    await dpr.getByTestId('submit-review').click();
    await dpr.getByTestId('confirm-submit-review').click();
    await expect.poll(() => dpr.getByTestId('review-topbar').textContent(), { timeout: 20_000 }).toContain('Review submitted');

    // ---- Sign-offs: the investigator, then the DPR; the system approves.
    for (const [page, role] of [
      [investigator, 'investigator'],
      [dpr, 'data provider representative'],
    ] as const) {
      await page.goto(packageUrl);
      const panel = page.getByTestId('sign-off-panel');
      await expect.poll(() => panel.count(), { timeout: 30_000 }).toBe(1);
      await panel.getByRole('button', { name: `Sign off as ${role}` }).click();
      await page
        .getByRole('dialog', { name: `Sign off as ${role}` })
        .getByRole('button', { name: 'Sign off', exact: true })
        .click();
      await expect.poll(() => panel.getByTestId('live-sign-offs').count(), { timeout: 20_000 }).toBe(1);
    }
    await expect.poll(() => packageStatus(packageId), { timeout: 20_000 }).toBe('approved');
    await researcher.goto(packageUrl);
    await expect.poll(() => status(researcher), { timeout: 20_000 }).toBe('approved');
    await fitsWidth(researcher);
    await shot(researcher, '06-approved');
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('lets the researcher apply a suppression to a draft from the file list: preview, reason, the new version checked, its diff and provenance', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const packageId = await workPackageOf('egress_handover');
    const path = 'results/counts_by_site.csv';
    const researcherApi = await as('researcher@example.org');
    const upload = await researcherApi('PUT', `/packages/${packageId}/files/content?path=${encodeURIComponent(path)}`, 'site,patients\nA,48\nB,4\nC,52\n', 'application/octet-stream');
    expect(upload.status, await upload.clone().text()).toBe(201);

    const researcher = await personPage('researcher@example.org');
    await researcher.goto(`${demo.server.url}/packages/${packageId}`);
    await expect.poll(() => status(researcher), { timeout: 20_000 }).toBe('draft');
    await fileRow(researcher, path)
      .getByRole('button', { name: `Actions for ${path}` })
      .click();
    await researcher.getByRole('menuitem', { name: 'Redact…' }).click();
    const dialog = researcher.getByRole('dialog', { name: `Redact ${path}` });
    await dialog.getByLabel('Operation').selectOption('tables.suppress');
    // A parameter the form refuses is named on its field, and nothing is sent.
    await dialog.getByLabel('Sheets').fill('first');
    await dialog.getByTestId('redaction-preview-button').click();
    await expect.poll(() => dialog.getByText('Numbers only, separated by commas').count()).toBe(1);
    expect(await dialog.getByTestId('redaction-preview').count()).toBe(0);
    await dialog.getByLabel('Sheets').fill('');
    await dialog.getByLabel('Marker').fill('[c]');
    await dialog.getByTestId('redaction-preview-button').click();
    await expect.poll(() => dialog.getByTestId('redaction-preview').count(), { timeout: 20_000 }).toBe(1);
    expect(await dialog.getByTestId('redaction-changes').textContent()).toContain('suppressed');
    // Changing a parameter after the preview asks for a new one before anything is applied.
    await dialog.getByLabel('Marker').fill('[x]');
    await expect.poll(() => dialog.getByTestId('preview-outdated').count()).toBe(1);
    expect(await dialog.getByTestId('redaction-commit').count()).toBe(0);
    await dialog.getByTestId('redaction-preview-button').click();
    await expect.poll(() => dialog.getByTestId('redaction-commit').count(), { timeout: 20_000 }).toBe(1);
    // The reason is required.
    await dialog.getByTestId('redaction-commit').click();
    await expect.poll(() => dialog.getByText('Say why (kept with the new version)').count()).toBe(1);
    await dialog.getByLabel('Reason').fill('The count of 4 at site B is below the minimum of 10.');
    await shot(researcher, '07-apply-preview');
    await dialog.getByTestId('redaction-commit').click();
    await expect.poll(() => dialog.getByTestId('redaction-done').getAttribute('data-kind'), { timeout: 20_000 }).toBe('applied');
    // The checks ran on the new version at once: the small count is gone.
    expect(await dialog.getByTestId('redacted-verdict').getAttribute('data-verdict')).toBe('pass');
    const diff = dialog.getByTestId('line-diff');
    await diff.waitFor();
    expect(await diff.locator('tr[data-op="-"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('B,4')]));
    expect((await diff.locator('tr[data-op="+"]').allTextContents()).join('\n')).toContain('B,[x]');
    await shot(researcher, '08-applied-diff');
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    await expect.poll(() => researcher.getByRole('button', { name: `Versions of ${path}` }).textContent(), { timeout: 20_000 }).toBe('v2');
    await researcher.getByRole('button', { name: `Versions of ${path}` }).click();
    const provenance = researcher.getByRole('dialog', { name: `Versions of ${path}` }).getByTestId('version-provenance');
    await expect.poll(() => provenance.count(), { timeout: 20_000 }).toBe(1);
    expect(await provenance.textContent()).toContain('Redacted from v1 by Rui Researcher');
    expect(await provenance.textContent()).toContain('"marker":"[x]"');
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('lets the researcher link a version redacted by hand inside to the one it replaces, from the versions dialog', async () => {
    const packageId = await workPackageOf('egress_handover');
    const path = 'figures/ward_map.svg';
    const researcherApi = await as('researcher@example.org');
    for (const body of ['<svg><text>Ward 7: 3 patients</text></svg>', '<svg><text>Ward 7: [suppressed]</text></svg>']) {
      const upload = await researcherApi('PUT', `/packages/${packageId}/files/content?path=${encodeURIComponent(path)}`, body, 'application/octet-stream');
      expect(upload.status, await upload.clone().text()).toBe(201);
    }
    const researcher = await personPage('researcher@example.org');
    await researcher.goto(`${demo.server.url}/packages/${packageId}`);
    await expect.poll(() => researcher.getByRole('button', { name: `Versions of ${path}` }).textContent(), { timeout: 20_000 }).toBe('v2');
    await researcher.getByRole('button', { name: `Versions of ${path}` }).click();
    const dialog = researcher.getByRole('dialog', { name: `Versions of ${path}` });
    await dialog.getByRole('button', { name: 'Redacted by hand? Link v2 to the version it replaces' }).click();
    const form = dialog.getByRole('form', { name: 'Link a version redacted by hand' });
    // The reason is required.
    await form.getByRole('button', { name: 'Link v2 to the version it replaces' }).click();
    await expect.poll(() => form.getByText('Say what was redacted by hand, and why').count()).toBe(1);
    await form.getByLabel('What was redacted, and why').fill('The ward count of 3 was suppressed in the drawing tool inside.');
    await shot(researcher, '09-link-by-hand');
    await form.getByRole('button', { name: 'Link v2 to the version it replaces' }).click();
    const provenance = dialog.getByTestId('version-provenance');
    await expect.poll(() => provenance.count(), { timeout: 20_000 }).toBe(1);
    expect(await provenance.textContent()).toContain('Redacted by hand inside the environment, replacing v1');
    expect(await dialog.getByRole('button', { name: /Redacted by hand\?/ }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
