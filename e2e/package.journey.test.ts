import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

/** An aggregate table a researcher would want out: counts by region, all well above any threshold. */
const TABLE_CSV = ['region,admissions,mean_pm25', 'North,412,9.8', 'Midlands,538,11.2', 'South,601,10.4', 'London,977,13.1', ''].join('\n');
const REPORT_TXT = [
  'Hospital admissions and air quality: draft findings',
  '',
  'Admissions for respiratory causes rose with the yearly mean PM2.5 in every region.',
  'The association is strongest in London (see the table of admissions by region).',
  '',
].join('\n');

describe.skipIf(!browserAvailable)('egress package journey in Chromium', () => {
  const demo = useDemoJourney();
  let filesDir: string;

  beforeAll(() => {
    filesDir = mkdtempSync(join(tmpdir(), 'egress-e2e-files-'));
    writeFileSync(join(filesDir, 'admissions-by-region.csv'), TABLE_CSV);
    writeFileSync(join(filesDir, 'report.txt'), REPORT_TXT);
  });

  afterAll(() => {
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  async function openReportPackage(page: Page, email: string): Promise<void> {
    await demo.signIn(page, email);
    await page.getByRole('link', { name: 'Hospital admissions and air quality (demo)' }).click();
    await page.getByRole('link', { name: 'Egress – Report finalisation' }).click();
    await page.getByRole('link', { name: 'Open package' }).click();
  }

  const fileRow = (page: Page, path: string) => page.locator(`[data-testid="file-row"][data-path="${path}"]`);

  it('lets a researcher upload two files (one across a dropped connection), move one to supporting, remove it temporarily with a reason, describe the output and submit', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await openReportPackage(page, 'researcher@example.org');
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status')).toBe('draft');

    // The connection drops during the first upload request that carries bytes: tus retries,
    // asks the server how much it holds (HEAD) and carries on from there.
    const uploadMethods: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/uploads')) uploadMethods.push(request.method());
    });
    let dropped = false;
    await page.route('**/api/v1/uploads/*', async (route) => {
      if (route.request().method() === 'PATCH' && !dropped) {
        dropped = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });

    // Upload both files through the upload control; each gets its own progress bar.
    await page.getByTestId('upload-input').setInputFiles([join(filesDir, 'admissions-by-region.csv'), join(filesDir, 'report.txt')]);
    const uploads = page.getByTestId('upload-row');
    await expect.poll(() => uploads.count()).toBe(2);
    for (const path of ['admissions-by-region.csv', 'report.txt']) {
      const row = page.locator(`[data-testid="upload-row"][data-path="${path}"]`);
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
      await expect.poll(() => row.getByTestId('upload-progress').getAttribute('data-percent')).toBe('100');
    }
    await expect.poll(() => page.getByTestId('file-row').count()).toBe(2);
    expect(dropped).toBe(true);
    expect(uploadMethods).toContain('HEAD');

    // The table becomes a supporting file: context for reviewers, never released.
    await page.getByLabel('Role of admissions-by-region.csv').selectOption('supporting');
    await expect.poll(() => fileRow(page, 'admissions-by-region.csv').getAttribute('data-role')).toBe('supporting');

    // …and is removed temporarily, with a reason that appears on the register.
    await page.getByRole('button', { name: 'Actions for admissions-by-region.csv' }).click();
    await page.getByRole('menuitem', { name: 'Remove temporarily' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove temporarily' });
    await dialog.getByLabel('Reason').fill('Regional counts may raise the tier; to be redacted with the DPR first.');
    await dialog.getByRole('button', { name: 'Remove temporarily' }).click();
    await expect.poll(() => fileRow(page, 'admissions-by-region.csv').getAttribute('data-removed')).toBe('true');
    const register = page.locator('[data-testid="removal-row"][data-path="admissions-by-region.csv"]');
    await expect.poll(() => register.count()).toBe(1);
    await expect.poll(() => register.textContent()).toContain('to be redacted with the DPR first');

    // The context reviewers need, including what the remaining output shows.
    const form = page.getByRole('form', { name: 'Package context' });
    await form.getByLabel('Purpose').fill('Finish the paper on admissions and air quality outside the environment.');
    await form.getByLabel('Recipient').fill('The study team at the university');
    await form.getByLabel('Destination').selectOption('research_team');
    await form.getByLabel('Population').fill('Adults admitted to hospital for respiratory causes, 2019–2024.');
    await form.getByLabel('Suppression threshold').fill('10');
    await form.getByLabel('Rounding').fill('to the nearest 5');
    await form.getByLabel('What report.txt shows').fill('Narrative findings: admissions rise with PM2.5; no counts below 10.');
    await form.getByRole('button', { name: 'Save context' }).click();
    await expect.poll(() => page.getByTestId('submission-checklist').textContent()).toContain('Ready to submit');

    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    // The confirmation says what submitting does before the package moves.
    const confirm = page.getByRole('dialog', { name: 'Submit' });
    await expect.poll(() => confirm.getByTestId('submit-consequences').textContent()).toMatch(/disclosure checks run/);
    await confirm.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status'), { timeout: 20_000 }).toMatch(/^(checking|in_review)$/);
    await expect.poll(() => page.getByTestId('package-status').textContent()).toMatch(/checks running|in review/i);
    // The checks stage runs in the server's job queue; the page follows it into review by itself.
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status'), { timeout: 90_000 }).toBe('in_review');
    await expect.poll(() => fileRow(page, 'report.txt').locator('[data-verdict]').getAttribute('data-verdict')).toMatch(/^(pass|review|block)$/);

    await page.screenshot({ path: join(SCREENSHOT_DIR, 'package-journey.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 240_000);
});
