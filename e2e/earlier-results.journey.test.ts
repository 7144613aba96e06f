/**
 * Earlier check results in Chromium: a table passes under DataSHIELD, a reviewer re-checks the
 * package after the project moved to ACRO, and the table's check results then end with
 * "Earlier results (1)": the DataSHIELD result, passing, with who re-checked and why. Before
 * the re-check the check results show no earlier results at all.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { type ApiCall, useDemoJourney } from './demo-journey';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE_CSV = 'group,count\nA,25\nB,40\nC,5\n';
const REASON = 'The project now uses the ACRO rules (minimum cell count 10).';

describe.skipIf(!browserAvailable)('earlier check results of a re-checked package in Chromium', () => {
  const demo = useDemoJourney();
  const { apiAs, signIn } = demo;

  /** Waits until the package is in review again (the checks stage runs in the background). */
  async function inReview(call: ApiCall, packageId: string): Promise<void> {
    await expect.poll(async () => ((await (await call('GET', `/packages/${packageId}`)).json()) as { status: string }).status, { timeout: 90_000 }).toBe('in_review');
  }

  it('shows the result a re-check set aside under the table’s check results, with who and why', async () => {
    // Prepared over the API: the project on DataSHIELD, a table submitted and checked under it.
    const programme = await apiAs('programme@example.org');
    const projects = (await (await programme('GET', '/projects')).json()) as { projects: { id: string; name: string }[] };
    const projectId = projects.projects.find((p) => p.name === 'Hospital admissions and air quality (demo)')?.id as string;
    const detail = (await (await programme('GET', `/projects/${projectId}`)).json()) as { workPackages: { id: string; kind: string }[] };
    const packageId = detail.workPackages.find((w) => w.kind === 'egress_report')?.id as string;
    const setPreset = async (preset: string) => {
      const current = (await (await programme('GET', `/projects/${projectId}/check-settings`)).json()) as { version: number; settings: { tiers: unknown } };
      expect((await programme('PUT', `/projects/${projectId}/check-settings`, { preset, tiers: current.settings.tiers, version: current.version })).status).toBe(200);
    };
    await setPreset('datashield');
    const researcher = await apiAs('researcher@example.org');
    const upload = await researcher('PUT', `/packages/${packageId}/files/content?path=counts.csv`, TABLE_CSV, 'application/octet-stream');
    expect(upload.status).toBe(201);
    const fileId = ((await upload.json()) as { file: { id: string } }).file.id;
    let pkg = (await (await researcher('GET', `/packages/${packageId}`)).json()) as { version: number };
    const context = {
      purpose: 'Counts by group for the report',
      recipient: 'The study team',
      destinationKind: 'research_team',
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs: { [fileId]: { shows: 'Counts by group', supportingFileIds: [] } },
    };
    pkg = (await (await researcher('PUT', `/packages/${packageId}/context`, { context, version: pkg.version })).json()) as typeof pkg;
    expect((await researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: pkg.version })).status).toBe(200);
    await inReview(researcher, packageId);

    const browserContext = await demo.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await browserContext.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const verdict = page.locator('[data-testid="file-row"][data-path="counts.csv"] [data-verdict]');
    const findings = page.getByRole('dialog', { name: /Check results: counts\.csv/ });
    const openFindings = async () => {
      await page.goto(`${demo.server.url}/packages/${packageId}`);
      await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 30_000 }).not.toBe('');
      await page.getByRole('button', { name: /Check results of counts\.csv/ }).click();
      await expect.poll(() => findings.getByTestId('findings-panel').count()).toBe(1);
    };

    // Before any re-check: no earlier results.
    await signIn(page, 'dpr@example.org');
    await openFindings();
    expect(await findings.getByRole('button', { name: /Earlier results/ }).count()).toBe(0);
    await findings.getByRole('button', { name: 'Close' }).click();

    // The project moves to ACRO and the data provider representative re-checks, with a reason.
    await setPreset('acro');
    const dpr = await apiAs('dpr@example.org');
    const { version } = (await (await dpr('GET', `/packages/${packageId}`)).json()) as { version: number };
    expect((await dpr('POST', `/packages/${packageId}/recheck`, { reason: REASON, version })).status).toBe(200);
    await inReview(dpr, packageId);

    await openFindings();
    expect(await verdict.getAttribute('data-verdict')).toBe('block');
    const toggle = findings.getByRole('button', { name: 'Earlier results (1)' });
    await expect.poll(() => toggle.count()).toBe(1);
    await toggle.click();
    const earlier = findings.getByTestId('earlier-result');
    await expect.poll(() => earlier.count()).toBe(1);
    expect(await earlier.locator('[data-verdict]').getAttribute('data-verdict')).toBe('pass');
    const text = await earlier.innerText();
    expect(text).toContain('Preset datashield');
    expect(text).toContain(`Reason: ${REASON}`);
    expect(text).toMatch(/set aside .* by \S/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'package-earlier-results.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await browserContext.close();
  }, 240_000);
});
