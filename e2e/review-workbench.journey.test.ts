/**
 * The reviewer's workbench in Chromium at 1280×800. The researcher submits the demo report
 * package (a table with a small count, methods notes with an e-mail address, the model code)
 * over the API and, in the workbench, asks for an exception on the table's blocking finding.
 * The data provider representative opens the workbench from the package page, moves through
 * the files with the keyboard, answers every finding (override with a justification,
 * acknowledgement), is told when a file changed under them, decides on each output (a, c with a
 * reason, a), comments with HTML that stays text, and submits the review once nothing remains.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser';
import { type ApiCall, useDemoJourney } from './demo-journey';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };

const FILES: Record<string, string> = {
  'counts.csv': 'age_band,admissions\n0-15,112\n16-44,340\n45-64,518\n65+,3\n',
  'methods.md': '# Methods\n\nDaily admissions were linked to the nearest monitoring station.\nQuestions to analyst.one@example.org.\n',
  'model.R': 'fit <- glm(admissions ~ pm25 + season, family = poisson, data = daily)\nsummary(fit)\n',
};
const PATHS = Object.keys(FILES).sort();
const EXCEPTION = 'The 3 is the published national figure for this age band (ONS table 4).';
const JUSTIFICATION = 'Agreed: the count is already public, so it discloses nothing new.';
const HOSTILE = 'Please remove the address. <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> **thanks**';

describe.skipIf(!browserAvailable)('the reviewer’s workbench in Chromium', () => {
  const demo = useDemoJourney();

  async function inReview(call: ApiCall, packageId: string): Promise<void> {
    await expect.poll(async () => ((await (await call('GET', `/packages/${packageId}`)).json()) as { status: string }).status, { timeout: 90_000 }).toBe('in_review');
  }

  /** The demo report package, filled and submitted by the researcher; its id. */
  async function submitReportPackage(): Promise<string> {
    const programme = await demo.apiAs('programme@example.org');
    const projects = (await (await programme('GET', '/projects')).json()) as { projects: { id: string; name: string }[] };
    const projectId = projects.projects.find((p) => p.name === 'Hospital admissions and air quality (demo)')?.id as string;
    const detail = (await (await programme('GET', `/projects/${projectId}`)).json()) as { workPackages: { id: string; kind: string }[] };
    const packageId = detail.workPackages.find((w) => w.kind === 'egress_report')?.id as string;
    const researcher = await demo.apiAs('researcher@example.org');
    const outputs: Record<string, { shows: string; supportingFileIds: string[] }> = {};
    for (const [path, content] of Object.entries(FILES)) {
      const upload = await researcher('PUT', `/packages/${packageId}/files/content?path=${encodeURIComponent(path)}`, content, 'application/octet-stream');
      expect(upload.status).toBe(201);
      const fileId = ((await upload.json()) as { file: { id: string } }).file.id;
      outputs[fileId] = { shows: `What ${path} shows`, supportingFileIds: [] };
    }
    let pkg = (await (await researcher('GET', `/packages/${packageId}`)).json()) as { version: number };
    const context = {
      purpose: 'Finish the paper on admissions and air quality',
      recipient: 'The study team',
      destinationKind: 'research_team',
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs,
    };
    const saved = await researcher('PUT', `/packages/${packageId}/context`, { context, version: pkg.version });
    expect(saved.status).toBe(200);
    pkg = (await saved.json()) as typeof pkg;
    expect((await researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: pkg.version })).status).toBe(200);
    await inReview(researcher, packageId);
    return packageId;
  }

  const fileItem = (page: Page, path: string) => page.locator(`[data-testid="workbench-file"][data-path="${path}"]`);
  const selectedPath = (page: Page) => page.locator('[data-testid="workbench-file"][data-selected="true"]').getAttribute('data-path');
  const viewerPath = (page: Page) => page.getByTestId('file-viewer').getAttribute('data-path');

  async function noHorizontalOverflow(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  }

  it('lets the author ask for an exception and the DPR review every file with the keyboard and submit', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const packageId = await submitReportPackage();
    const workbenchUrl = `${demo.server.url}/packages/${packageId}/review`;

    // ---- the researcher (author team): read-only, but may ask for an exception on a blocking finding
    const authorContext = await demo.browser.newContext({ viewport: VIEWPORT });
    const author = await authorContext.newPage();
    const authorErrors: string[] = [];
    author.on('pageerror', (error) => authorErrors.push(error.stack ?? error.message));
    await demo.signIn(author, 'researcher@example.org');
    await author.goto(`${demo.server.url}/packages/${packageId}`);
    await author.getByTestId('open-workbench').click();
    await author.waitForURL(workbenchUrl);
    await expect.poll(() => author.getByTestId('author-notice').textContent()).toContain('outcomes show once the reviewers have finished');
    expect(await author.getByTestId('submit-review').count()).toBe(0);
    expect(await author.getByTestId('decision-panel').getByRole('button').count()).toBe(0);
    await fileItem(author, 'counts.csv').click();
    const authorBlocking = author.locator('[data-testid="standing-finding"][data-severity="block"]').first();
    await expect.poll(() => authorBlocking.count(), { timeout: 20_000 }).toBe(1);
    await authorBlocking.getByRole('button', { name: 'Request an exception' }).click();
    const askDialog = author.getByRole('dialog', { name: 'Request an exception' });
    await askDialog.getByRole('button', { name: 'Request an exception' }).click();
    await expect.poll(() => askDialog.textContent()).toContain('Say why this output is safe to release as it is.');
    await askDialog.getByLabel('Why this output is safe to release as it is').fill(EXCEPTION);
    await askDialog.getByRole('button', { name: 'Request an exception' }).click();
    await expect.poll(() => authorBlocking.getAttribute('data-standing')).toBe('exception_requested');
    await author.screenshot({ path: join(SCREENSHOTS, 'workbench-author.png') });
    expect(authorErrors).toEqual([]);
    await authorContext.close();

    // ---- the data provider representative reviews
    const context = await demo.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await demo.signIn(page, 'dpr@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await page.getByTestId('open-workbench').click();
    await page.waitForURL(workbenchUrl);

    await expect.poll(() => page.getByTestId('workbench-file').count(), { timeout: 20_000 }).toBe(PATHS.length);
    expect(await page.getByTestId('review-progress').textContent()).toBe(`Decided 0 of ${PATHS.length}`);
    expect(await page.getByTestId('independent-notice').textContent()).toContain('You will see the other reviewers’ decisions after you submit your review');
    expect(await page.getByTestId('submit-review').isDisabled()).toBe(true);
    expect(await page.getByTestId('submit-blocked').textContent()).toBe(`${PATHS.length} outputs need your decision before you can submit.`);
    // The first file still needing a decision is open, with its content and flagged cell.
    await expect.poll(() => selectedPath(page)).toBe('counts.csv');
    await expect.poll(() => page.locator('[data-testid="csv-preview"] [data-flagged]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="file-viewer"] [data-verdict]').first().getAttribute('data-verdict')).toBe('block');
    await noHorizontalOverflow(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'workbench-reviewer.png') });

    // ? lists the shortcuts; Escape closes them.
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('shortcuts').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcuts').count()).toBe(0);

    // j / ArrowDown go on, k / ArrowUp go back, and the viewer follows.
    await page.keyboard.press('j');
    await expect.poll(() => selectedPath(page)).toBe(PATHS[1]);
    await expect.poll(() => viewerPath(page)).toBe(PATHS[1]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedPath(page)).toBe(PATHS[2]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedPath(page)).toBe(PATHS[2]);
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selectedPath(page)).toBe('counts.csv');

    // The table's blocking finding shows the authors' request; an override needs a justification.
    const blocking = page.locator('[data-testid="standing-finding"][data-severity="block"]').first();
    await expect.poll(() => blocking.getAttribute('data-standing')).toBe('exception_requested');
    expect(await blocking.locator('[data-testid="finding-response"][data-kind="exception_request"]').textContent()).toContain(EXCEPTION);
    await blocking.getByRole('button', { name: 'Override' }).click();
    const override = page.getByRole('dialog', { name: 'Override this blocking finding' });
    await override.getByRole('button', { name: 'Override' }).click();
    await expect.poll(() => override.textContent()).toContain('Write the justification.');
    await noHorizontalOverflow(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'workbench-override.png') });
    await override.getByLabel('Justification').fill(JUSTIFICATION);
    await override.getByRole('button', { name: 'Override' }).click();
    await expect.poll(() => blocking.getAttribute('data-standing')).toBe('overridden');
    // Keys typed into a text field do not decide: the dialog's text stayed text, nothing was decided.
    expect(await fileItem(page, 'counts.csv').getAttribute('data-my-decision')).toBe('');

    // A decision on a version that is no longer current is refused; the workbench says the file changed.
    let staleOnce = false;
    await page.route('**/api/v1/packages/*/files/*/review', async (route) => {
      if (staleOnce || route.request().method() !== 'POST') return route.continue();
      staleOnce = true;
      return route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'review.stale_file_version', message: 'The file has a newer version.' } }) });
    });
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('stale-notice').textContent()).toContain('This file changed since you opened it');
    expect(await fileItem(page, 'counts.csv').getAttribute('data-my-decision')).toBe('');
    await page.unroute('**/api/v1/packages/*/files/*/review');

    // a approves and moves on to the next file needing a decision.
    await page.keyboard.press('a');
    await expect.poll(() => fileItem(page, 'counts.csv').getAttribute('data-my-decision')).toBe('approve');
    await expect.poll(() => selectedPath(page)).toBe('methods.md');
    expect(await page.getByTestId('review-progress').textContent()).toBe(`Decided 1 of ${PATHS.length}`);

    // The notes: answer each finding (override the blocking ones, acknowledge the review-level ones).
    await expect.poll(() => viewerPath(page)).toBe('methods.md');
    await expect.poll(() => page.locator('[data-testid="text-preview"] mark[data-masked]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('text-preview').textContent()).not.toContain('analyst.one@example.org');
    const findings = page.getByTestId('standing-finding');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await findings.count()); i++) {
      const finding = findings.nth(i);
      if ((await finding.getAttribute('data-severity')) === 'block') {
        await finding.getByRole('button', { name: 'Override' }).click();
        const dialog = page.getByRole('dialog', { name: 'Override this blocking finding' });
        await dialog.getByLabel('Justification').fill('A staff contact address published on the trust’s website.');
        await dialog.getByRole('button', { name: 'Override' }).click();
        await expect.poll(() => finding.getAttribute('data-standing')).toBe('overridden');
      } else {
        await finding.getByRole('button', { name: 'Acknowledge' }).click();
        const dialog = page.getByRole('dialog', { name: 'Acknowledge this finding' });
        await dialog.getByRole('button', { name: 'Acknowledge' }).click();
        await expect.poll(() => finding.getAttribute('data-standing')).toBe('acknowledged');
      }
    }

    // A public comment with HTML in it: shown as text, nothing runs.
    const fileComments = page.getByTestId('comments-file');
    await fileComments.getByLabel('Comment on this file').fill(HOSTILE);
    // Typing a, c, j or x in the comment box neither decides nor moves.
    expect(await selectedPath(page)).toBe('methods.md');
    await fileComments.getByRole('button', { name: 'Comment' }).click();
    const comment = fileComments.getByTestId('comment');
    await expect.poll(() => comment.count()).toBe(1);
    expect(await comment.getAttribute('data-visibility')).toBe('public');
    expect(await comment.textContent()).toContain('<script>window.__pwned = 1</script>');
    expect(await comment.textContent()).toContain('<img src=x onerror="window.__pwned = 2">');
    expect(await comment.locator('script, img').count()).toBe(0);
    expect(await comment.locator('strong').textContent()).toBe('thanks');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await fileItem(page, 'methods.md').getAttribute('data-my-decision')).toBe('');

    // c asks for a reason; without one nothing is sent.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('c');
    const changes = page.getByRole('dialog', { name: /Request changes: methods\.md/ });
    await expect.poll(() => changes.count()).toBe(1);
    await changes.getByRole('button', { name: 'Request changes' }).click();
    await expect.poll(() => changes.textContent()).toContain('Choose the reason for this decision.');
    await changes.getByLabel('Reason').selectOption('identifiers');
    await changes.getByLabel('Note for the reviewers (optional)').fill('An e-mail address on line 4.');
    await noHorizontalOverflow(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'workbench-request-changes.png') });
    await changes.getByRole('button', { name: 'Request changes' }).click();
    await expect.poll(() => fileItem(page, 'methods.md').getAttribute('data-my-decision')).toBe('request_changes');
    await expect.poll(() => selectedPath(page)).toBe('model.R');

    // The filter: only the file still needing a decision, then the flagged ones.
    await page.getByTestId('file-filter').getByText('To decide', { exact: true }).click();
    await expect.poll(() => page.getByTestId('workbench-file').count()).toBe(1);
    await page.getByTestId('file-filter').getByText('Flagged', { exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="workbench-file"][data-path="counts.csv"]').count()).toBe(1);
    await page.getByTestId('file-filter').getByText('All', { exact: true }).click();
    await expect.poll(() => page.getByTestId('workbench-file').count()).toBe(PATHS.length);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => selectedPath(page)).toBe('model.R');
    await page.keyboard.press('a');
    await expect.poll(() => fileItem(page, 'model.R').getAttribute('data-my-decision')).toBe('approve');
    await expect.poll(() => page.getByTestId('review-progress').textContent()).toBe(`Decided ${PATHS.length} of ${PATHS.length}`);

    // Submit: the button is enabled once nothing remains; afterwards the outcomes show.
    await expect.poll(() => page.getByTestId('submit-review').isDisabled()).toBe(false);
    await page.getByTestId('submit-review').click();
    await page.getByTestId('confirm-submit-review').click();
    await expect.poll(() => page.getByTestId('review-topbar').textContent()).toContain('Review submitted');
    await fileItem(page, 'methods.md').click();
    await expect.poll(() => page.getByTestId('file-outcome').getAttribute('data-outcome')).toBe('changes_requested');
    await fileItem(page, 'counts.csv').click();
    await expect.poll(() => page.getByTestId('file-outcome').getAttribute('data-outcome')).toBe('approved');
    expect(await page.getByTestId('all-decisions').textContent()).toContain('Dana Provider: Approve');
    expect(await page.getByTestId('decision-panel').getByRole('button').count()).toBe(0);
    await noHorizontalOverflow(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'workbench-submitted.png') });

    // The server agrees.
    const dpr = await demo.apiAs('dpr@example.org');
    const summary = (await (await dpr('GET', `/packages/${packageId}/review`)).json()) as { submittedAt: string | null; counts: { remainingForMe: number } };
    expect(summary.submittedAt).not.toBeNull();
    expect(summary.counts.remainingForMe).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);
});
