/**
 * The package page's approval side in Chromium at 1280×800 (issue 10 §5–§7). A report
 * finalisation agreed at tier 2 can never be approved: the page says so in the seed rule's
 * words ("complete and present it inside a secure environment") and offers the reviewer
 * "Retain inside". A data provider handover at tier 1 shows its sign-off panel listing what is
 * still missing and who must act; the investigator signs off there (the panel then names only
 * the data provider representative) and records and agrees the storage decision. A returned
 * package shows the reviewers' public comments as a to-do list above the files, as text; a
 * removed item's discussion and agreed outcome are recorded. Packages are prepared over the
 * API; screenshots go to test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pathFor } from '../server/testing/factories';
import { browserAvailable } from './browser';
import { type ApiCall, useDemoJourney } from './demo-journey';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
// Counts of 25 and 40: nothing for the checks to flag, so the classification contradicts no finding.
const TABLE_CSV = 'group,count\nA,25\nB,40\n';

describe.skipIf(!browserAvailable)('the approval panel on the package page in Chromium', () => {
  const demo = useDemoJourney();
  // One API session per account: signing in again and again meets the sign-in rate limit.
  const sessions = new Map<string, Promise<ApiCall>>();
  const as = (email: string): Promise<ApiCall> => {
    if (!sessions.has(email)) sessions.set(email, demo.apiAs(email));
    return sessions.get(email) as Promise<ApiCall>;
  };

  async function workPackageOf(kind: 'egress_report' | 'egress_handover'): Promise<string> {
    const programme = await as('programme@example.org');
    const { projects } = (await (await programme('GET', '/projects')).json()) as { projects: { id: string; name: string }[] };
    const projectId = projects.find((p) => p.name === 'Hospital admissions and air quality (demo)')?.id as string;
    const detail = (await (await programme('GET', `/projects/${projectId}`)).json()) as { workPackages: { id: string; kind: string }[] };
    return detail.workPackages.find((w) => w.kind === kind)?.id as string;
  }

  /** A table uploaded by the researcher, the context filled in, submitted, and checked: in review. */
  async function submitTable(packageId: string, destinationKind: string): Promise<void> {
    const researcher = await as('researcher@example.org');
    const upload = await researcher('PUT', `/packages/${packageId}/files/content?path=results/counts.csv`, TABLE_CSV, 'application/octet-stream');
    expect(upload.status, await upload.clone().text()).toBe(201);
    const fileId = ((await upload.json()) as { file: { id: string } }).file.id;
    let pkg = (await (await researcher('GET', `/packages/${packageId}`)).json()) as { version: number };
    const context = {
      purpose: 'Counts by group for the final report',
      recipient: 'The study team',
      destinationKind,
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs: { [fileId]: { shows: 'Counts by group', supportingFileIds: [] } },
    };
    const saved = await researcher('PUT', `/packages/${packageId}/context`, { context, version: pkg.version });
    expect(saved.status, await saved.clone().text()).toBe(200);
    pkg = (await saved.json()) as typeof pkg;
    const submitted = await researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: pkg.version });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    await expect.poll(async () => ((await (await researcher('GET', `/packages/${packageId}`)).json()) as { status: string }).status, { timeout: 90_000 }).toBe('in_review');
  }

  /** Every classifier of the demo project gives the tier's answer path until the work package is classified. */
  async function classify(workPackageId: string, tier: number, classifiers: string[]): Promise<void> {
    for (const email of classifiers) {
      const call: ApiCall = await as(email);
      const res = await call('POST', `/work-packages/${workPackageId}/opinions`, { path: pathFor(tier) });
      expect(res.status, `${email}: ${await res.clone().text()}`).toBe(201);
    }
    const call = await as('investigator@example.org');
    const detail = (await (await call('GET', `/work-packages/${workPackageId}`)).json()) as { workPackage: { status: string; tier: number | null } };
    expect(detail.workPackage).toMatchObject({ status: 'classified', tier });
  }

  /** Nothing on the page is wider than the window: no sideways scrolling at 1280 pixels. */
  async function expectFitsWidth(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  }

  it('says why a tier-2 report stays inside, in the seed rule’s words, and offers the reviewer to retain it', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const packageId = await workPackageOf('egress_report');
    await submitTable(packageId, 'research_team');
    await classify(packageId, 2, ['investigator@example.org', 'dpr@example.org', 'referee@example.org']);

    const context = await demo.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const seed = page.getByTestId('seed-rule');

    // The author team reads why, without a move they may not make.
    await demo.signIn(page, 'researcher@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await expect.poll(() => seed.count(), { timeout: 30_000 }).toBe(1);
    expect(await seed.getByTestId('seed-rule-words').textContent()).toBe('Complete and present it inside a secure environment.');
    expect(await seed.getByRole('button', { name: 'Retain inside' }).count()).toBe(0);
    expect(await seed.textContent()).toContain('A reviewer can retain it inside the environment.');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();

    // The data provider representative, a reviewer, is offered the retain move.
    await demo.signIn(page, 'dpr@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await expect.poll(() => seed.count(), { timeout: 30_000 }).toBe(1);
    expect(await seed.getAttribute('data-code')).toBe('approval.report_tier_inside');
    expect(await seed.getByTestId('seed-rule-words').textContent()).toBe('Complete and present it inside a secure environment.');
    expect(await seed.textContent()).toContain('A report finalisation package below tier 2');
    const retain = seed.getByRole('button', { name: 'Retain inside' });
    expect(await retain.count()).toBe(1);
    // Nobody is offered a sign-off on a package the seed rule keeps inside.
    expect(await page.getByRole('button', { name: /^Sign off as/ }).count()).toBe(0);
    await expectFitsWidth(page);
    await seed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'approval-seed-rule.png') });

    // The offer is the package's own retain move: a reason, then the package is retained.
    await retain.click();
    const dialog = page.getByRole('dialog', { name: 'Retain inside' });
    await dialog.getByLabel('Comment').fill('A tier-2 report is completed and presented inside the environment.');
    await dialog.getByRole('button', { name: 'Retain inside' }).click();
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('retained');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);

  it('lists what a tier-1 handover still needs and who must act, and takes the investigator’s sign-off', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const packageId = await workPackageOf('egress_handover');
    await submitTable(packageId, 'data_provider');
    await classify(packageId, 1, ['investigator@example.org', 'dpr@example.org']);

    const context = await demo.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await demo.signIn(page, 'investigator@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);

    const panel = page.getByTestId('sign-off-panel');
    await expect.poll(() => panel.count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('seed-rule').count()).toBe(0);
    const guard = (id: string) => panel.locator(`[data-guard="${id}"]`);
    expect(await guard('tier_agreed').getAttribute('data-ok')).toBe('true');
    expect(await guard('files_approved').getAttribute('data-ok')).toBe('false');
    expect(await guard('files_approved').textContent()).toContain('results/counts.csv (incomplete)');
    expect(await guard('independent_reviews').textContent()).toContain('0 of 1 submitted');
    expect(await guard('sign_offs_present').getAttribute('data-ok')).toBe('false');
    const who = panel.getByTestId('who-must-sign');
    expect(await who.textContent()).toContain('Investigator: Ines Investigator must sign');
    expect(await who.textContent()).toContain('Data provider representative: Dana Provider must sign');
    // A handover shows its decisions; at tier 1 approval does not wait for them.
    expect(await page.getByTestId('storage-decision').count()).toBe(1);
    await expectFitsWidth(page);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'approval-panel-missing.png') });

    // The investigator signs off on the content the page loaded.
    await panel.getByRole('button', { name: 'Sign off as investigator' }).click();
    await page.getByRole('dialog', { name: 'Sign off as investigator' }).getByRole('button', { name: 'Sign off', exact: true }).click();
    await expect.poll(() => panel.getByTestId('live-sign-offs').textContent(), { timeout: 20_000 }).toContain('Ines Investigator');
    await expect.poll(() => who.textContent()).not.toContain('Investigator: Ines Investigator must sign');
    expect(await who.textContent()).toContain('Data provider representative: Dana Provider must sign');
    expect(await panel.getByRole('button', { name: 'Withdraw my sign-off' }).count()).toBe(1);

    // The handover's storage decision: recorded in the form, then agreed; the DPR must still agree.
    const storage = page.getByTestId('storage-decision');
    await storage.getByRole('button', { name: 'Record the storage decision' }).click();
    const form = page.getByRole('form', { name: 'Storage decision' });
    await form.getByLabel('Where it will be stored').fill('Northshire Hospitals’ research archive');
    await form.getByLabel('Custodian').fill('The Trust’s data office');
    await form.getByLabel('Protection').fill('Encrypted at rest; named access only');
    await form.getByLabel('Retention period').fill('10 years');
    await form.getByLabel('Review date').fill('2031-01-31');
    await form.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => storage.getByTestId('storage-missing').textContent(), { timeout: 20_000 }).toContain('Dana Provider');
    expect(await storage.getByTestId('storage-agreed').textContent()).toContain('nobody yet');
    await storage.getByRole('button', { name: 'Agree to this decision' }).click();
    await expect.poll(() => storage.getByTestId('storage-agreed').textContent()).toContain('Ines Investigator');
    expect(await storage.getByTestId('storage-missing').textContent()).not.toContain('Ines Investigator');
    await expectFitsWidth(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'approval-panel-signed.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);
});

describe.skipIf(!browserAvailable)('a returned package’s to-do list and the register’s discussions in Chromium', () => {
  const demo = useDemoJourney();

  it('shows the reviewers’ public comments above the files as text, discusses a removed item and records its outcome', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const programme = await demo.apiAs('programme@example.org');
    const { projects } = (await (await programme('GET', '/projects')).json()) as { projects: { id: string; name: string }[] };
    const projectId = projects.find((p) => p.name === 'Hospital admissions and air quality (demo)')?.id as string;
    const detail = (await (await programme('GET', `/projects/${projectId}`)).json()) as { workPackages: { id: string; kind: string }[] };
    const packageId = detail.workPackages.find((w) => w.kind === 'egress_report')?.id as string;

    // Prepared over the API: a table and a removed note, submitted and checked; the DPR comments and returns it.
    const researcher = await demo.apiAs('researcher@example.org');
    const put = async (path: string, body: string) => {
      const res = await researcher('PUT', `/packages/${packageId}/files/content?path=${path}`, body, 'application/octet-stream');
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { file: { id: string } }).file.id;
    };
    const table = await put('results/counts.csv', TABLE_CSV);
    const notes = await put('results/notes.txt', 'Interview notes\n');
    const version = async () => ((await (await researcher('GET', `/packages/${packageId}`)).json()) as { version: number }).version;
    expect((await researcher('POST', `/packages/${packageId}/files/${notes}/removal`, { reason: 'Names would raise the tier', version: await version() })).status).toBe(200);
    const context = {
      purpose: 'Counts by group for the final report',
      recipient: 'The study team',
      destinationKind: 'research_team',
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs: { [table]: { shows: 'Counts by group', supportingFileIds: [] } },
    };
    expect((await researcher('PUT', `/packages/${packageId}/context`, { context, version: await version() })).status).toBe(200);
    expect((await researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: await version() })).status).toBe(200);
    await expect.poll(async () => ((await (await researcher('GET', `/packages/${packageId}`)).json()) as { status: string }).status, { timeout: 90_000 }).toBe('in_review');
    const dpr = await demo.apiAs('dpr@example.org');
    const body = 'Please round the counts to the nearest 5.\n<script>alert(1)</script>';
    const comment = await dpr('POST', `/packages/${packageId}/comments`, { subjectType: 'package', subjectId: packageId, visibility: 'public', body });
    expect(comment.status, await comment.clone().text()).toBe(201);
    const returned = await dpr('POST', `/packages/${packageId}/transitions`, { action: 'return', comment: 'See the comments.', version: await version() });
    expect(returned.status, await returned.clone().text()).toBe(200);

    const browserContext = await demo.browser.newContext({ viewport: VIEWPORT });
    const page = await browserContext.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => pageErrors.push(`a dialog opened: ${dialog.message()}`));
    await demo.signIn(page, 'researcher@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);

    // The to-do list: the comment's text as written, line break kept, no markup run.
    const todo = page.getByTestId('returned-to-do');
    await expect.poll(() => todo.count(), { timeout: 30_000 }).toBe(1);
    expect(await todo.textContent()).toContain('To do before you resubmit');
    const shown = todo.getByTestId('comment').first();
    expect(await shown.innerText()).toContain('Please round the counts to the nearest 5.\n<script>alert(1)</script>');
    expect(await shown.locator('script').count()).toBe(0);
    // Above the files.
    const todoTop = (await todo.boundingBox())?.y ?? Infinity;
    const filesTop = (await page.getByRole('region', { name: 'Files', exact: true }).boundingBox())?.y ?? -Infinity;
    expect(todoTop).toBeLessThan(filesTop);
    await expectFitsWidth(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'returned-to-do.png') });

    // Resubmitting says first that it voids the sign-offs.
    await page.getByRole('button', { name: 'Resubmit', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Resubmit' });
    await expect.poll(() => confirm.getByTestId('submit-consequences').textContent()).toMatch(/sign-off.* voided/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    // The researcher asks in the removed item's thread.
    const row = page.locator('[data-testid="removal-row"][data-path="results/notes.txt"]');
    await row.getByRole('button', { name: 'Discussion' }).click();
    const discussion = page.getByTestId('removal-discussion');
    await discussion.getByLabel('Comment on this removed item').fill('Could we drop the names column and reinstate it?');
    await discussion.getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => discussion.getByTestId('comment').count()).toBe(1);
    // Only investigators and DPRs record the outcome.
    expect(await discussion.getByRole('button', { name: 'Keep inside' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();

    // The investigator reads the thread and records the agreed outcome: who and when are shown.
    await demo.signIn(page, 'investigator@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await row.getByRole('button', { name: 'Discussion' }).click();
    await expect.poll(() => discussion.textContent()).toContain('Could we drop the names column');
    await discussion.getByRole('button', { name: 'Keep inside' }).click();
    const outcome = row.getByTestId('removal-outcome');
    await expect.poll(() => outcome.getAttribute('data-outcome'), { timeout: 20_000 }).toBe('keep_inside');
    expect(await outcome.textContent()).toContain('Ines Investigator');
    await expectFitsWidth(page);
    await page.getByRole('region', { name: 'Removal register' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'removal-discussion.png') });
    expect(pageErrors).toEqual([]);
    await browserContext.close();
  }, 300_000);

  async function expectFitsWidth(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  }
});
