import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

describe.skipIf(!browserAvailable)('history and audit screens in Chromium', () => {
  const demo = useDemoJourney();

  it('tells the project’s events and a package’s history in words, with the raw summary folded under Details', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await demo.signIn(page, 'researcher@example.org');
    await page.getByRole('link', { name: 'Hospital admissions and air quality (demo)' }).click();
    await page.getByRole('link', { name: 'Audit trail' }).click();

    const trail = page.getByRole('list', { name: 'Audit events' });
    await expect.poll(() => trail.textContent()).toContain('Demo setup created the project “Hospital admissions and air quality (demo)” (environment tier 3');
    expect(await trail.textContent()).toContain('Demo setup added researcher@example.org to the project as Researcher');
    // The summary is there for auditors, but folded: no JSON on the main lines.
    const added = trail.locator('li[data-action="participant.added"]').first();
    await expect.poll(() => added.getByText('"email"').isVisible()).toBe(false);
    await added.getByText('Details').click();
    await expect.poll(() => added.getByText('"email"').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-trail.png'), fullPage: true });

    // An edit of the package's context, then its history in words.
    await page.goBack();
    await page.getByRole('link', { name: 'Egress – Report finalisation' }).click();
    await page.getByRole('link', { name: 'Open package' }).click();
    const packageId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const call = await demo.apiAs('researcher@example.org');
    const pkg = (await (await call('GET', `/packages/${packageId}`)).json()) as { version: number; context: Record<string, unknown> };
    expect((await call('PUT', `/packages/${packageId}/context`, { context: { ...pkg.context, purpose: 'Finish the paper.' }, version: pkg.version })).status).toBe(200);
    await page.reload();
    const history = page.getByRole('list', { name: 'Package history' });
    await expect.poll(() => history.textContent()).toContain('Rui Researcher edited the package’s context (purpose)');
    await context.close();
  }, 180_000);
});
