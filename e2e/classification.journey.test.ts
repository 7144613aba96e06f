import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

describe.skipIf(!browserAvailable)('classification journey in Chromium', () => {
  const demo = useDemoJourney();

  async function signIn(page: Page, email: string): Promise<void> {
    await demo.signIn(page, email);
    await page.getByRole('link', { name: 'Hospital admissions and air quality (demo)' }).click();
    await page.getByRole('link', { name: 'Egress – Report finalisation' }).click();
  }

  /** Tier 1 in the turing set: N, Y, Y, Y, Y, Y. The first answer is changed once to exercise Back. */
  async function classifyAsTierOne(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.getByRole('button', { name: 'Yes', exact: true }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'No', exact: true }).click();
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Yes', exact: true }).click();
    await expect.poll(() => page.getByTestId('result-tier').textContent()).toContain('1');
    await page.getByRole('button', { name: 'Submit opinion' }).click();
  }

  it('lets the investigator and the data provider representative classify blind until a tier is agreed', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'investigator@example.org');
    await classifyAsTierOne(page);
    await expect.poll(() => page.getByTestId('wp-status').textContent()).toMatch(/in progress/i);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();

    await signIn(page, 'dpr@example.org');
    await expect.poll(() => page.getByText('hidden until you submit').count()).toBeGreaterThan(0);
    await classifyAsTierOne(page);
    await expect.poll(() => page.getByTestId('wp-status').textContent()).toMatch(/classified/i);
    await expect.poll(() => page.getByTestId('wp-tier').textContent()).toContain('Tier 1');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'classification-journey.png'), fullPage: true });
    await context.close();
  });
});
