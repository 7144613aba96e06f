/**
 * The release of the demo data provider handover package by a push to the provider's storage
 * container, in Chromium at 1280×800 (issue 12). A real s3rver stands for the provider's S3
 * container (its bucket made by the provider, as the provider would); the server is started with
 * a DELIVERY_TARGETS file naming it. Through the screens the system manager registers the
 * provider's container as the project's destination; the researcher chooses it on the package
 * page; the rest of the approval (upload, context, submission, tier 1, review, sign-offs) is
 * prepared over the API. Then the system manager sees where the package goes and what is sent,
 * types the project's name and releases; the provider has not made its container yet, so the
 * release fails with the reason; once the container exists the system manager releases again and
 * watches the progress reach released, and the package page says where the bundle was pushed. The test reads the pushed object back from s3rver:
 * exactly one object, its sha256 the release's, and `egress verify --server` accepts it.
 * A second journey, on the report package: with the investigator's sign-off live and the package
 * returned, the researcher changes its destination; the page asks first, saying the change voids
 * the sign-off ("Keep the destination" changes nothing), and then shows the sign-off voided
 * because the destination changed.
 * Screenshots go to test-output/screenshots/release-push-*.png.
 */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningObjectStore, S3RVER_CREDENTIALS, startS3rver } from '../server/testing/object-store-servers';
import { browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';
import { DEMO_PROJECT, JOURNEY_VIEWPORT, ok, releaseJourney } from './release-journey';

const run = promisify(execFile);
const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const OUTPUT = 'handover/admissions-by-area.csv';
// Counts of 30 and 55: nothing for the checks to flag.
const OUTPUT_CSV = 'area,admissions\nNorth,30\nSouth,55\n';
const BUCKET = 'provider-inbox';
const TARGET = 'provider-archive';
const DESTINATION = 'Northshire archive';
const PUSH_LABEL = 'Push to the recipient’s storage container';
// Copies: the AWS SDK marks the credentials object it is given.
const credentials = () => ({ accessKeyId: S3RVER_CREDENTIALS.accessKeyId, secretAccessKey: S3RVER_CREDENTIALS.secretAccessKey });

describe.skipIf(!browserAvailable)('the release of an approved handover package by a push to the provider’s container', () => {
  let s3: RunningObjectStore | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'egress-e2e-release-push-'));
  const client = () => new S3Client({ region: 'us-east-1', endpoint: s3?.endpoint, forcePathStyle: true, credentials: credentials() });

  const demo = useDemoJourney({
    async settings() {
      // The provider has not made its container yet: the first release fails (see the test).
      s3 = await startS3rver(BUCKET);
      const targets = join(workDir, 'delivery-targets.json');
      const target = { type: 's3', bucket: BUCKET, prefix: 'egress', endpoint: s3.endpoint, region: 'us-east-1', ...credentials(), attempts: 1 };
      writeFileSync(targets, JSON.stringify({ [TARGET]: target }), { mode: 0o600 });
      return { DELIVERY_TARGETS: targets };
    },
  });
  const journey = releaseJourney(demo);
  afterAll(async () => {
    await s3?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `release-push-${name}.png`), fullPage: true });

  /** The system manager registers the provider's container on the project page. */
  async function registerDestinationOnPage(page: Page, projectId: string): Promise<void> {
    await page.goto(`${demo.server.url}/projects/${projectId}`);
    await page.getByRole('button', { name: 'Register destination' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a destination' });
    await dialog.getByLabel('Name').fill(DESTINATION);
    await dialog.getByLabel('Kind of destination').selectOption('data_provider');
    await dialog.getByLabel('Contact e-mail').fill('archive@northshire.example.org');
    await dialog.getByLabel('Delivery').selectOption('container_push');
    expect(await dialog.getByLabel('Storage target').inputValue()).toBe(TARGET);
    await shot(page, '01-register-destination');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const table = page.getByTestId('destinations');
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain(DESTINATION);
    expect(await table.textContent()).toContain(TARGET);
  }

  it('fails while the container is missing, then released again pushes the bundle, which reads back whole and egress verify accepts', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { projectId, packageId } = await journey.workPackage('egress_handover');

    const context = await demo.browser.newContext({ viewport: JOURNEY_VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await demo.signIn(page, 'sysadmin@example.org');
    await registerDestinationOnPage(page, projectId);

    await journey.approve(packageId, {
      output: OUTPUT,
      content: OUTPUT_CSV,
      destinationKind: 'data_provider',
      destinationLabel: `${DESTINATION} (Data provider (the original owner), ${PUSH_LABEL})`,
    });

    // Before the release: where it goes and what is sent; no link to set up for a push.
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    const start = page.getByTestId('start-release');
    await start.waitFor({ timeout: 30_000 });
    await expect.poll(() => start.getByTestId('release-destination').textContent(), { timeout: 20_000 }).toContain(DESTINATION);
    expect(await start.getByTestId('release-destination').textContent()).toContain(PUSH_LABEL);
    await expect.poll(() => start.getByTestId('release-files').textContent(), { timeout: 20_000 }).toContain(OUTPUT);
    expect(await start.getByLabel('Downloads allowed').count()).toBe(0);
    expect(await start.getByTestId('release-consequence').textContent()).toContain(`delivered to ${DESTINATION}`);
    await start.getByLabel(/Type the project’s name/).fill(DEMO_PROJECT);
    await shot(page, '02-confirm');
    await start.getByRole('button', { name: 'Release', exact: true }).click();

    // The provider's container does not exist yet: the push is refused, retried, and the release
    // fails with the reason (never released); the page offers to release again.
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status'), { timeout: 120_000, interval: 1_000 }).toBe('failed');
    const failed = page.getByTestId('release-failed');
    await failed.waitFor({ timeout: 20_000 });
    expect(await failed.textContent()).toContain(`The storage target "${TARGET}" refused`);
    await shot(page, '03-failed');

    // The provider makes its container; the system manager releases again.
    const admin = client();
    await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
    admin.destroy();
    await start.getByLabel(/Type the project’s name/).fill(DEMO_PROJECT);
    await start.getByRole('button', { name: 'Release again' }).click();

    // The progress reaches released; no link is shown, the delivery is.
    const progress = page.getByTestId('release-progress');
    await expect.poll(() => progress.getAttribute('data-step'), { timeout: 60_000 }).toBe('released');
    await expect.poll(() => page.getByTestId('package-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('released');
    expect(await page.getByTestId('release-link-url').count()).toBe(0);
    const delivery = page.getByTestId('release-delivery');
    await delivery.waitFor({ timeout: 20_000 });
    const release = await ok<{ id: string; bundle: { sha256: string; bytes: number; name: string } }>((await journey.as('sysadmin@example.org'))('GET', `/packages/${packageId}/release`));
    const key = `egress/${release.id}/${release.bundle.name}`;
    await expect.poll(() => delivery.textContent()).toContain(key);
    expect(await delivery.textContent()).toContain(release.bundle.sha256);
    await shot(page, '04-released');

    // What landed in the provider's container: one object, the bundle, whole.
    const reader = client();
    const listed = await reader.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([key]);
    const object = await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const bytes = Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    reader.destroy();
    expect(bytes.length).toBe(release.bundle.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(release.bundle.sha256);
    const bundle = join(workDir, release.bundle.name);
    writeFileSync(bundle, bytes);
    const verified = await run('node', [join(process.cwd(), 'bin', 'egress.js'), 'verify', bundle, '--server', demo.server.url]);
    // execFile rejects on a non-zero exit: reaching here means exit 0.
    expect(verified.stdout).toContain('Bundle verified');
    expect(verified.stdout).toMatch(/Files:\s+1 \(/);
    expect(verified.stdout).toContain('by Sam Sysadmin');

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);

  it('asks before a change of destination voids the live sign-offs, and shows them voided', async () => {
    const { projectId, packageId } = await journey.workPackage('egress_report');
    const sysadmin = await journey.as('sysadmin@example.org');
    const register = (name: string, method: 'link' | 'container_push') =>
      ok<{ id: string }>(
        sysadmin('POST', `/projects/${projectId}/destinations`, {
          name,
          kind: 'research_team',
          contactEmail: 'team@example.org',
          method,
          target: method === 'link' ? null : TARGET,
          recipientKey: null,
        }),
        201,
      );
    const download = await register('Study team download', 'link');
    await register('Study team archive', 'container_push');

    // In review with the investigator's sign-off live; the DPR returns it for a change.
    const researcher = await journey.as('researcher@example.org');
    const { version } = await ok<{ version: number }>(researcher('GET', `/packages/${packageId}`));
    await ok(researcher('PUT', `/packages/${packageId}/destination`, { destinationId: download.id, version }));
    await journey.submitForReview(packageId, { output: 'results/counts.csv', content: 'group,count\nA,25\nB,40\n', destinationKind: 'research_team' });
    const investigator = await journey.as('investigator@example.org');
    const { digest } = await ok<{ digest: string }>(investigator('GET', `/packages/${packageId}/approval`));
    await ok(investigator('POST', `/packages/${packageId}/sign-offs`, { role: 'investigator', digest }), 201);
    const dpr = await journey.as('dpr@example.org');
    const returned = await ok<{ version: number }>(dpr('GET', `/packages/${packageId}`));
    await ok(dpr('POST', `/packages/${packageId}/transitions`, { action: 'return', version: returned.version, comment: 'Please send it to the archive instead.' }));
    const liveSignOffs = async () => (await ok<{ signOffs: { live: boolean; voidCause: string | null }[] }>(researcher('GET', `/packages/${packageId}/sign-offs`))).signOffs;
    expect((await liveSignOffs()).filter((s) => s.live)).toHaveLength(1);

    const context = await demo.browser.newContext({ viewport: JOURNEY_VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await demo.signIn(page, 'researcher@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    const select = page.getByTestId('package-destination-select');
    await select.waitFor({ timeout: 30_000 });
    const before = 'Study team download (Research team, Download link)';
    const after = `Study team archive (Research team, ${PUSH_LABEL})`;
    await expect.poll(() => select.inputValue(), { timeout: 20_000 }).toBe(before);
    const choose = async () => {
      await select.click();
      await page.getByRole('option', { name: after }).click();
    };

    // Asked first, saying what the change does; keeping the destination changes nothing.
    await choose();
    const dialog = page.getByRole('dialog', { name: 'Change the destination?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('One sign-off is live');
    expect(await dialog.textContent()).toContain('changing it voids it');
    await shot(page, 'change-destination-01-asked');
    await dialog.getByRole('button', { name: 'Keep the destination' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await select.inputValue()).toBe(before);
    expect((await liveSignOffs()).filter((s) => s.live)).toHaveLength(1);

    // Changed: the sign-off is voided, and the page says why.
    await choose();
    await dialog.getByRole('button', { name: 'Change it and void the sign-offs' }).click();
    await expect.poll(() => select.inputValue(), { timeout: 20_000 }).toBe(after);
    expect((await liveSignOffs()).map((s) => [s.live, s.voidCause])).toEqual([[false, 'destination_changed']]);
    await expect.poll(() => page.locator('body').textContent(), { timeout: 20_000 }).toContain('the destination changed');
    await shot(page, 'change-destination-02-voided');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);
});
