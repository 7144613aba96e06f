import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/entrypoints/web';
import { SCREENSHOT_DIR, browserAvailable, launchChromium, startDemoServer } from './browser';

describe.skipIf(!browserAvailable)('classification journey in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const account = (email: string) => {
    const found = server.demoAccounts.find((a) => a.email === email);
    if (!found) throw new Error(`no demo account ${email}`);
    return found;
  };

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(server.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(account(email).password);
    await page.getByRole('button', { name: 'Sign in' }).click();
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
    const context = await browser.newContext();
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
