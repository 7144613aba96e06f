import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bundleEntries, createTestKey, writeTestBundle, zipEntries, type TestFile } from '../common/bundle/bundle-writer.testing';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

const key = createTestKey();
const FILES: TestFile[] = [
  { path: 'tables/admissions.csv', content: new TextEncoder().encode('region,count\nnorth,120\nsouth,95\n') },
  { path: 'figures/plot.png', content: Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256) },
];
const keyList = JSON.stringify({
  keys: [
    {
      fingerprint: key.fingerprint,
      algorithm: 'Ed25519',
      publicKey: Buffer.from(key.raw).toString('base64'),
      publicKeyPem: key.pem,
      createdAt: '2025-01-01T00:00:00Z',
      retiredAt: null,
      current: true,
    },
  ],
});

async function writeBundles() {
  const dir = mkdtempSync(join(tmpdir(), 'egress-verify-e2e-'));
  const good = join(dir, 'release-pk1.zip');
  writeFileSync(good, await writeTestBundle(FILES, key, { streamed: true }));
  const entries = bundleEntries(FILES, key);
  const i = entries.findIndex((e) => e.name === 'files/tables/admissions.csv');
  entries[i] = { ...entries[i]!, data: new TextEncoder().encode('region,count\nnorth,121\nsouth,95\n') };
  const tampered = join(dir, 'release-pk1-tampered.zip');
  writeFileSync(tampered, await zipEntries(entries));
  const keyFile = join(dir, 'egress-bundle-key.pem');
  writeFileSync(keyFile, key.pem);
  return { good, tampered, keyFile };
}

// Mantine's FileInput keeps a hidden <input type=file>: the first is the bundle, the second the key file.
const chooseBundle = (page: Page, path: string) => page.locator('input[type=file]').nth(0).setInputFiles(path);
const chooseKeyFile = (page: Page, path: string) => page.locator('input[type=file]').nth(1).setInputFiles(path);
const result = (page: Page) => page.getByTestId('verify-result');

describe.skipIf(!browserAvailable)('verify a bundle in Chromium', () => {
  const demo = useDemoJourney();

  it('verifies a good bundle and names the altered file of a tampered one, without signing in', async () => {
    const files = await writeBundles();
    const context = await demo.browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await context.newPage();
    // The page's key source is GET /api/v1/keys (another part of issue 12 serves it); here it
    // answers with the test key so the page's fetch-and-verify path runs end to end.
    await page.route('**/api/v1/keys', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: keyList }));
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') uploads.push(`${request.method()} ${request.url()}`);
    });

    await page.goto(`${demo.server.url}/login`);
    await page.getByRole('link', { name: 'Verify a bundle' }).click();
    await page.getByRole('heading', { name: 'Verify a bundle' }).waitFor();
    await expect.poll(() => page.getByTestId('keys-note').textContent()).toContain(key.fingerprint);

    await chooseBundle(page, files.good);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => result(page).textContent(), { timeout: 30_000 }).toContain('Verified');
    const summary = (await result(page).textContent()) ?? '';
    expect(summary).toContain('release-pk1.zip is intact');
    expect(summary).toContain('Final tables (report)');
    expect(summary).toContain('2 (200,032 bytes)');
    expect(summary).toContain(key.fingerprint);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'verify-bundle-ok.png'), fullPage: true });

    await chooseBundle(page, files.tampered);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => result(page).textContent(), { timeout: 30_000 }).toContain('Not verified');
    const problem = (await result(page).textContent()) ?? '';
    expect(problem).toContain('A file’s contents differ from what the manifest records.');
    expect(problem).toContain('tables/admissions.csv');
    expect(problem).toContain('bundle.file_altered');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'verify-bundle-tampered.png'), fullPage: true });

    // The bundle never left the browser: no request but GETs (the page, its assets, the keys).
    expect(uploads).toEqual([]);
    await context.close();
  }, 180_000);

  it('asks for a key file when the server publishes no keys, and is linked from the signed-in header', async () => {
    const files = await writeBundles();
    const context = await demo.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.route('**/api/v1/keys', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'Not found.' } }) }));
    await demo.signIn(page, 'researcher@example.org');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify a bundle' }).click();
    await expect.poll(() => page.getByTestId('keys-note').textContent()).toContain('Choose a key file');
    await chooseBundle(page, files.good);
    expect(await page.getByRole('button', { name: 'Verify' }).isDisabled()).toBe(true);

    await chooseKeyFile(page, files.keyFile);
    await expect.poll(() => page.getByTestId('keys-note').textContent()).toContain(`the key file you chose: ${key.fingerprint}`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => result(page).textContent(), { timeout: 30_000 }).toContain('Verified');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'verify-bundle-key-file.png'), fullPage: true });
    await context.close();
  }, 180_000);
});
