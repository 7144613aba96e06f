/**
 * The release of the demo data provider handover package by a push to the provider's storage
 * container, in Chromium at 1280×800 (issue 12). A real s3rver stands for the provider's S3
 * container (its bucket made by the provider, as the provider would); the server is started with
 * a DELIVERY_TARGETS file naming it. Through the screens the system manager registers the
 * provider's container as the project's destination; the researcher chooses it on the package
 * page; the rest of the approval (upload, context, submission, tier 1, review, sign-offs) is
 * prepared over the API. Then the system manager sees where the package goes and what is sent,
 * types the project's name, releases and watches the progress reach released, and the package
 * page says where the bundle was pushed. The test reads the pushed object back from s3rver:
 * exactly one object, its sha256 the release's, and `egress verify --server` accepts it.
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
      s3 = await startS3rver(BUCKET);
      // The provider's container exists before anything is pushed to it.
      const admin = client();
      await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
      admin.destroy();
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

  it('pushes the bundle to the container, where it reads back whole and egress verify accepts it', async () => {
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
    await shot(page, '03-released');

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
});
