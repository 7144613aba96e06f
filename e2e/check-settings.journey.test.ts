/**
 * The project's "Disclosure checks" in Chromium: a programme manager changes the preset and a
 * parameter of one tier in the modal, saves, and sees the effective table change for that tier
 * only (and still after a reload); an invalid override is refused with an error, sends nothing
 * and leaves the table as it was. Then a reviewer re-checks a package in review after the
 * project's preset was tightened, and sees its table go from passing to blocked.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

// A count of 5: at least DataSHIELD's minimum of 3, below ACRO's minimum of 10.
const TABLE_CSV = 'group,count\nA,25\nB,40\nC,5\n';

describe.skipIf(!browserAvailable)('project disclosure-check settings and re-checks in Chromium', () => {
  const demo = useDemoJourney();
  const { apiAs } = demo;

  async function openProject(page: Page, email: string): Promise<void> {
    await demo.signIn(page, email);
    await page.getByRole('link', { name: 'Hospital admissions and air quality (demo)' }).click();
  }

  /** The text of one cell of the effective table: the row named `row`, the column headed `column`. */
  async function cell(table: Locator, row: string, column: string): Promise<string> {
    const headers = await table.locator('thead th').allTextContents();
    const index = headers.indexOf(column);
    if (index < 0) throw new Error(`no column ${column} in ${headers.join(', ')}`);
    const cells = table.locator('tbody tr', { has: table.page().getByRole('rowheader', { name: row, exact: true }) }).locator('th, td');
    return (await cells.nth(index).textContent()) ?? '';
  }

  it('lets a programme manager change one tier’s preset and a parameter, and refuses an invalid override with an error', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/check-settings') && request.method() === 'PUT') writes.push(request.postData() ?? '');
    });

    await openProject(page, 'programme@example.org');
    const section = page.getByRole('region', { name: 'Disclosure checks' });
    const table = section.getByRole('table', { name: 'Disclosure checks per tier' });
    await expect.poll(() => cell(table, 'Preset', 'Tier 2')).toBe('acro');
    expect(await cell(table, 'Minimum cell count', 'Tier 2')).toBe('10');
    expect(await cell(table, 'Preset', 'Tier 1')).toBe('acro');

    // Tier 2: the ABS preset with a minimum cell count of 20.
    await section.getByRole('button', { name: 'Change' }).click();
    let dialog = page.getByRole('dialog', { name: 'Change disclosure checks' });
    await dialog.getByLabel('Settings for').selectOption('2');
    await dialog.getByLabel('Preset').selectOption('abs');
    await dialog.getByLabel('Parameter overrides').fill('{"minCellCount": 20}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0] ?? '{}')).toMatchObject({ tiers: { '2': { preset: 'abs', parameters: { minCellCount: 20 } } } });

    await expect.poll(() => cell(table, 'Preset', 'Tier 2')).toBe('abs');
    expect(await cell(table, 'Minimum cell count', 'Tier 2')).toBe('20');
    // Other tiers and unclassified work packages are unchanged.
    expect(await cell(table, 'Preset', 'Tier 1')).toBe('acro');
    expect(await cell(table, 'Minimum cell count', 'Tier 1')).toBe('10');
    expect(await cell(table, 'Preset', 'Unclassified')).toBe('acro');
    await expect.poll(() => section.getByTestId('check-settings-choices').textContent()).toContain('Tier 2: preset abs; minCellCount 20.');

    // A negative count and an unknown parameter are refused in the form: an error, nothing sent.
    await section.getByRole('button', { name: 'Change' }).click();
    dialog = page.getByRole('dialog', { name: 'Change disclosure checks' });
    await dialog.getByLabel('Settings for').selectOption('2');
    await expect.poll(() => dialog.getByLabel('Preset').inputValue()).toBe('abs');
    await dialog.getByLabel('Parameter overrides').fill('{"minCellCount": -5}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByText(/minCellCount: .*>=\s?0/i).count()).toBe(1);
    await dialog.getByLabel('Parameter overrides').fill('{"minCells": 5}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByText('unknown parameter "minCells"').count()).toBe(1);
    expect(writes).toHaveLength(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'check-settings-refused.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await cell(table, 'Minimum cell count', 'Tier 2')).toBe('20');

    // The change was stored: still there after a reload.
    await page.reload();
    await expect.poll(() => cell(table, 'Preset', 'Tier 2')).toBe('abs');
    expect(await cell(table, 'Minimum cell count', 'Tier 2')).toBe('20');

    await page.screenshot({ path: join(SCREENSHOT_DIR, 'check-settings.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it('lets a reviewer re-check a package in review under the tightened preset: its table passes, then is blocked', async () => {
    // Prepared over the API: the project on datashield, a table submitted and checked under it.
    const programme = await apiAs('programme@example.org');
    const projects = (await (await programme('GET', '/projects')).json()) as { projects: { id: string; name: string }[] };
    const projectId = projects.projects.find((p) => p.name === 'Hospital admissions and air quality (demo)')?.id as string;
    const detail = (await (await programme('GET', `/projects/${projectId}`)).json()) as { workPackages: { id: string; kind: string }[] };
    const packageId = detail.workPackages.find((w) => w.kind === 'egress_report')?.id as string;
    const setPreset = async (preset: string) => {
      const current = (await (await programme('GET', `/projects/${projectId}/check-settings`)).json()) as { version: number; settings: { tiers: unknown } };
      const res = await programme('PUT', `/projects/${projectId}/check-settings`, { preset, tiers: current.settings.tiers, version: current.version });
      expect(res.status).toBe(200);
    };
    await setPreset('datashield');

    const researcher = await apiAs('researcher@example.org');
    const upload = await researcher('PUT', `/packages/${packageId}/files/content?path=counts.csv`, TABLE_CSV, 'application/octet-stream');
    expect(upload.status).toBe(201);
    const fileId = ((await upload.json()) as { file: { id: string } }).file.id;
    let pkg = (await (await researcher('GET', `/packages/${packageId}`)).json()) as { version: number; status: string };
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
    // Tightened only once the table has been checked under DataSHIELD (the checks read the settings when they start).
    await expect.poll(async () => ((await (await researcher('GET', `/packages/${packageId}`)).json()) as { status: string }).status, { timeout: 90_000 }).toBe('in_review');
    await setPreset('acro');

    const browserContext = await demo.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await browserContext.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const status = page.getByTestId('package-status');
    const verdict = page.locator('[data-testid="file-row"][data-path="counts.csv"] [data-verdict]');

    // The researcher is not offered the re-check.
    await openProject(page, 'researcher@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 90_000 }).toBe('in_review');
    expect(await verdict.getAttribute('data-verdict')).toBe('pass');
    expect(await page.getByRole('button', { name: 'Re-check with current settings' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The data provider representative re-checks it, with a reason.
    await openProject(page, 'dpr@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('pass');
    await page.getByRole('button', { name: 'Re-check with current settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-check with current settings' });
    await dialog.getByRole('button', { name: 'Re-check with current settings' }).click();
    await expect.poll(() => dialog.getByText('A reason is required').count()).toBe(1);
    await dialog.getByLabel('Reason').fill('The project now uses the ACRO rules (minimum cell count 10).');
    await dialog.getByRole('button', { name: 'Re-check with current settings' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 90_000 }).toBe('in_review');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 30_000 }).toBe('block');

    const history = (await (await programme('GET', `/packages/${packageId}/history`)).json()) as { events: { action: string; summary: Record<string, unknown> }[] };
    expect(history.events.find((e) => e.action === 'package.recheck_requested')?.summary).toMatchObject({
      reason: 'The project now uses the ACRO rules (minimum cell count 10).',
      superseded: { results: 1, presets: { datashield: 1 }, verdicts: { pass: 1 } },
    });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'package-recheck.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await browserContext.close();
  }, 180_000);
});
