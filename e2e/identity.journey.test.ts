/**
 * The second factor in Chromium: a person enrols TOTP from the second factor page (the code is
 * computed here with otpauth from the key the page shows, as an authenticator app would), keeps
 * the recovery codes, signs out, and signs in with password and code; a replayed code is refused.
 * Then a system manager resets that second factor from the users page. Screenshots in test-output/e2e.
 */
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

const totpOf = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
const stepNow = () => Math.floor(Date.now() / 30_000);

/** Waits for the next 30-second step, so that the next code is one not used yet. */
async function nextStep(): Promise<void> {
  const step = stepNow();
  while (stepNow() === step) await new Promise((resolve) => setTimeout(resolve, 250));
}

const signInWithPassword = async (page: Page, email: string, password: string) => {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

describe.skipIf(!browserAvailable)('second factor in Chromium', () => {
  const demo = useDemoJourney();

  it('enrols TOTP, signs out, and signs in again with a code from the authenticator', { timeout: 120_000 }, async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await context.newPage();
    await demo.signIn(page, 'researcher@example.org');
    await page.getByRole('link', { name: 'Second factor' }).click();
    await page.getByText('Optional for your account on this installation.').waitFor();
    await page.getByRole('button', { name: 'Enrol a second factor' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(page.getByRole('img', { name: 'QR code of the new second factor' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'identity-enrol-qr.png'), fullPage: true });

    await page.getByLabel('Code from the app').fill(totpOf(secret).generate());
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByTestId('recovery-codes').locator('code');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'identity-recovery-codes.png'), fullPage: true });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Enrolled', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, 'researcher@example.org', demo.passwordOf('researcher@example.org'));
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    // The enrolment's code was used: wait for the next step's code, as a person would.
    await nextStep();
    const code = totpOf(secret).generate();
    await page.getByLabel('Code').fill(code);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'identity-code-step.png'), fullPage: true });
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'identity-signed-in-with-code.png'), fullPage: true });

    // The same code a second time: refused with the one sign-in refusal.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, 'researcher@example.org', demo.passwordOf('researcher@example.org'));
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Sign-in was refused').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'identity-replayed-code.png'), fullPage: true });
    await context.close();

    // A system manager sees the enrolled factor and resets it.
    const admin = await demo.browser.newContext({ viewport: { width: 1300, height: 1000 } });
    const adminPage = await admin.newPage();
    await demo.signIn(adminPage, 'sysadmin@example.org');
    await adminPage.getByRole('link', { name: 'Users' }).click();
    const row = adminPage.getByRole('row', { name: /researcher@example\.org/ });
    await expect(row.getByText('Enrolled').isVisible()).resolves.toBe(true);
    await row.getByRole('button', { name: 'Actions for researcher@example.org' }).click();
    await adminPage.getByRole('menuitem', { name: 'Reset second factor…' }).click();
    await adminPage.getByRole('button', { name: 'Reset second factor' }).click();
    await row.getByText('None').waitFor();
    await adminPage.screenshot({ path: join(SCREENSHOT_DIR, 'identity-users-after-reset.png'), fullPage: true });
    await admin.close();
  });
});
