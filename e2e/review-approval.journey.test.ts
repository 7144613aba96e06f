/**
 * The issue's whole review and approval journey in Chromium at 1280×800 (issue 10 "Tests that
 * must exist"), every step through the screens: the researcher adds the demo output area's age
 * table (a count of 7) and methods notes (an e-mail address) to the report package, describes
 * them and submits; the data provider representative classifies tier 2 and the investigator
 * tier 1 (a referee is needed for now), each with the checks' findings beside the questions and
 * an explanation where an answer contradicts them; the DPR and the referee review independently
 * in the workbench (the referee sees none of the DPR's decisions or private comments before
 * submitting), each requests changes with a reason; the DPR returns the package with a public
 * comment; the researcher reads the to-do list, uploads corrected versions of the same paths
 * and resubmits; the DPR revises to tier 1 (the classifiers agree, the referee is no longer a
 * reviewer), approves each file and submits; the investigator and the DPR sign off on the
 * package page and the system approves. Each person signs in once, in a browser context of
 * their own, so the sign-in rate limit (10 per 15 minutes per address) is never met.
 * Screenshots go to test-output/screenshots/review-approval-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { browserAvailable } from './browser';
import { useDemoJourney } from './demo-journey';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const PROJECT = 'Hospital admissions and air quality (demo)';
const TABLE = 'tables/admissions_by_age.csv';
const NOTES = 'notes/methods.md';
const PATHS = [NOTES, TABLE];
// The corrected outputs the researcher uploads: the count of 7 suppressed, the address gone.
const TABLE_FIXED = 'age_band,admissions\n0-15,112\n16-44,340\n45-64,518\n65+,[suppressed]\n';
const NOTES_FIXED = '# Methods\n\nDaily admissions were linked to the nearest monitoring station.\nQuestions to the study team.\n';
const PUBLIC_COMMENT = 'Suppress the count of 7 in the age table and remove the e-mail address from the methods notes.';
const PRIVATE_NOTE = 'The 65+ band is small in this trust; worth a second look.';

// Turing set answers (Yes = true): tier 1 is N, Y, Y, Y, Y, Y; tier 2 differs in the last answer.
const TIER_1 = [false, true, true, true, true, true];
const TIER_2 = [false, true, true, true, true, false];

describe.skipIf(!browserAvailable)('review and approval of the demo report package in Chromium', () => {
  const demo = useDemoJourney();
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let filesDir: string | undefined;

  afterAll(async () => {
    for (const context of contexts) await context.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  /** A browser context of the person's own, signed in once for the whole journey. */
  async function personPage(email: string): Promise<Page> {
    const context = await demo.browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${email}: ${error.message}`));
    page.on('dialog', (dialog) => pageErrors.push(`${email}: a dialog opened: ${dialog.message()}`));
    await demo.signIn(page, email);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `review-approval-${name}.png`) });
  const status = (page: Page) => page.getByTestId('package-status').getAttribute('data-status');
  const fileRow = (page: Page, path: string) => page.locator(`[data-testid="file-row"][data-path="${path}"]`);
  const workbenchFile = (page: Page, path: string) => page.locator(`[data-testid="workbench-file"][data-path="${path}"]`);

  async function fitsWidth(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  }

  /** Answers the classification questions; where an answer contradicts the findings, explains it. */
  async function classify(page: Page, packageId: string, answers: boolean[], tier: number, explanation: string | null, screenshot?: string): Promise<void> {
    await page.goto(`${demo.server.url}/work-packages/${packageId}`);
    await page.getByRole('button', { name: /^(Classify|Revise my opinion)$/ }).click();
    await page.getByTestId('findings-in-view').waitFor();
    for (const answer of answers) await page.getByRole('button', { name: answer ? 'Yes' : 'No', exact: true }).click();
    await expect.poll(() => page.getByTestId('result-tier').textContent()).toContain(String(tier));
    const asked = page.getByTestId('explanation-needed');
    if (explanation === null) {
      expect(await asked.count()).toBe(0);
    } else {
      // Without an explanation nothing is sent.
      await page.getByRole('button', { name: 'Submit opinion' }).click();
      await expect.poll(() => asked.textContent()).toContain('Explain why, or go back and change your answers');
      await asked.getByLabel('Why do your answers stand?').fill(explanation);
    }
    await fitsWidth(page);
    if (screenshot) await shot(page, screenshot);
    await page.getByRole('button', { name: 'Submit opinion' }).click();
    await page.waitForURL(`${demo.server.url}/work-packages/${packageId}`);
  }

  /** Opens the workbench from the package page. */
  async function openWorkbench(page: Page, packageId: string): Promise<void> {
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    await page.getByTestId('open-workbench').click();
    await page.waitForURL(`${demo.server.url}/packages/${packageId}/review`);
    await expect.poll(() => page.getByTestId('workbench-file').count(), { timeout: 20_000 }).toBe(PATHS.length);
  }

  /** One decision through the decision panel's buttons; a request for changes with its reason. */
  async function decide(page: Page, path: string, decision: 'approve' | 'request_changes', reason?: string, note?: string): Promise<void> {
    await workbenchFile(page, path).click();
    await expect.poll(() => page.getByTestId('file-viewer').getAttribute('data-path')).toBe(path);
    const panel = page.getByTestId('decision-panel');
    if (decision === 'approve') {
      await panel.getByRole('button', { name: 'Approve' }).click();
    } else {
      await panel.getByRole('button', { name: 'Request changes' }).click();
      const dialog = page.getByRole('dialog', { name: `Request changes: ${path}` });
      await dialog.getByLabel('Reason').selectOption(reason as string);
      if (note) await dialog.getByLabel('Note for the reviewers (optional)').fill(note);
      await dialog.getByRole('button', { name: 'Request changes' }).click();
    }
    await expect.poll(() => workbenchFile(page, path).getAttribute('data-my-decision'), { timeout: 20_000 }).toBe(decision);
  }

  async function submitReview(page: Page): Promise<void> {
    await expect.poll(() => page.getByTestId('submit-review').isDisabled()).toBe(false);
    await page.getByTestId('submit-review').click();
    await page.getByTestId('confirm-submit-review').click();
    await expect.poll(() => page.getByTestId('review-topbar').textContent(), { timeout: 20_000 }).toContain('Review submitted');
  }

  it('takes the package from the output area through independent review, return, correction, agreement on tier 1 and sign-offs to approved', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    filesDir = mkdtempSync(join(tmpdir(), 'egress-e2e-corrected-'));
    mkdirSync(join(filesDir, 'tables'));
    mkdirSync(join(filesDir, 'notes'));
    writeFileSync(join(filesDir, 'tables', 'admissions_by_age.csv'), TABLE_FIXED);
    writeFileSync(join(filesDir, 'notes', 'methods.md'), NOTES_FIXED);

    const researcher = await personPage('researcher@example.org');
    const investigator = await personPage('investigator@example.org');
    const dpr = await personPage('dpr@example.org');
    const referee = await personPage('referee@example.org');

    // ---- The researcher adds the demo's outputs from the output area, describes them and submits.
    await researcher.getByRole('link', { name: PROJECT }).click();
    await researcher.getByRole('link', { name: 'Egress – Report finalisation' }).click();
    await researcher.getByRole('link', { name: 'Open package' }).click();
    await expect.poll(() => status(researcher)).toBe('draft');
    const packageId = /\/packages\/([^/?#]+)$/.exec(researcher.url())?.[1] as string;
    expect(packageId).toBeTruthy();
    const packageUrl = `${demo.server.url}/packages/${packageId}`;

    await researcher.getByRole('tab', { name: 'From the output area' }).click();
    for (const path of [TABLE, NOTES]) {
      const [folder, name] = path.split('/') as [string, string];
      await researcher.getByRole('button', { name: `Open folder ${folder}` }).click();
      await researcher.getByLabel(`Select ${name}`).check();
      await researcher.getByRole('button', { name: 'Add selected (1)' }).click();
      await expect.poll(() => fileRow(researcher, path).count(), { timeout: 20_000 }).toBe(1);
      // Back to the top of the output area through its breadcrumbs.
      await researcher.getByRole('button', { name: 'Output area', exact: true }).click();
    }
    await expect.poll(() => researcher.getByTestId('file-row').count()).toBe(PATHS.length);

    const form = researcher.getByRole('form', { name: 'Package context' });
    await form.getByLabel('Purpose').fill('Finish the paper on admissions and air quality outside the environment.');
    await form.getByLabel('Recipient').fill('The study team at the university');
    await form.getByLabel('Destination').selectOption('research_team');
    await form.getByLabel('Population').fill('Adults admitted to hospital, 2019–2024.');
    await form.getByLabel('Suppression threshold').fill('10');
    await form.getByLabel('Rounding').fill('none');
    await form.getByLabel(`What ${TABLE} shows`).fill('Admissions by age band');
    await form.getByLabel(`What ${NOTES} shows`).fill('How the admissions were linked to air quality');
    await form.getByRole('button', { name: 'Save context' }).click();
    await expect.poll(() => researcher.getByTestId('submission-checklist').textContent(), { timeout: 20_000 }).toContain('Ready to submit');
    await researcher.getByRole('region', { name: 'Files', exact: true }).scrollIntoViewIfNeeded();
    await shot(researcher, '01-draft');

    await researcher.getByRole('button', { name: 'Submit', exact: true }).click();
    const submitDialog = researcher.getByRole('dialog', { name: 'Submit' });
    await expect.poll(() => submitDialog.getByTestId('submit-consequences').textContent()).toMatch(/disclosure checks run/);
    await submitDialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect.poll(() => status(researcher), { timeout: 90_000 }).toBe('in_review');
    // The checks flag the small count (it blocks) and the e-mail address (for a reviewer to look at).
    const verdict = (path: string) => fileRow(researcher, path).locator('[data-verdict]').getAttribute('data-verdict');
    await expect.poll(() => verdict(TABLE), { timeout: 20_000 }).toBe('block');
    await expect.poll(() => verdict(NOTES), { timeout: 20_000 }).toBe('review');
    await shot(researcher, '02-submitted');

    // ---- Classification with the findings in view: the DPR says tier 2, the investigator tier 1.
    await classify(dpr, packageId, TIER_2, 2, 'Aggregate outputs, but the small count makes me cautious until it is suppressed.', '03-classify-findings');
    expect(await dpr.getByTestId('wp-status').textContent()).toMatch(/in progress/i);
    await classify(investigator, packageId, TIER_1, 1, 'The outputs are aggregates; the address and the small count will be removed in review.');
    // No tier yet: a DPR's tier 2 asks for a referee, and the opinions differ.
    await expect.poll(() => investigator.getByTestId('wp-status').textContent()).toMatch(/in progress/i);
    expect(await investigator.getByText('A referee is required', { exact: true }).count()).toBe(1);

    // ---- The DPR reviews first: changes on both files, a private note for the reviewers, submitted.
    await openWorkbench(dpr, packageId);
    expect(await dpr.getByTestId('independent-notice').textContent()).toContain('You will see the other reviewers’ decisions after you submit your review');
    await decide(dpr, TABLE, 'request_changes', 'small_counts', 'The 65+ band has a count of 7.');
    await decide(dpr, NOTES, 'request_changes', 'identifiers', 'An e-mail address in the last line.');
    const dprPackageThread = dpr.getByTestId('comments-package');
    await dprPackageThread.getByLabel('Comment on the package').fill(PRIVATE_NOTE);
    await dprPackageThread.getByText('Private (reviewers only)').click();
    await dprPackageThread.getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => dprPackageThread.locator('[data-testid="comment"][data-visibility="private"]').count()).toBe(1);
    await fitsWidth(dpr);
    await shot(dpr, '04-dpr-workbench');
    await submitReview(dpr);

    // ---- The referee reviews independently: none of the DPR's decisions or private comments show.
    await openWorkbench(referee, packageId);
    expect(await referee.getByTestId('independent-notice').textContent()).toContain('You will see the other reviewers’ decisions after you submit your review');
    for (const path of PATHS) {
      await workbenchFile(referee, path).click();
      await expect.poll(() => referee.getByTestId('file-viewer').getAttribute('data-path')).toBe(path);
      expect(await workbenchFile(referee, path).getAttribute('data-outcome')).toBe('');
      expect(await referee.getByTestId('all-decisions').count()).toBe(0);
      expect(await referee.getByTestId('file-outcome').count()).toBe(0);
    }
    expect(await referee.getByTestId('comments-package').textContent()).not.toContain(PRIVATE_NOTE);
    expect(await referee.getByText('1 private comment of this turn is hidden until you submit your review.').count()).toBe(1);
    expect(await referee.locator('body').textContent()).not.toContain('The 65+ band has a count of 7.');
    await fitsWidth(referee);
    await shot(referee, '05-referee-independent');
    await decide(referee, TABLE, 'request_changes', 'small_counts');
    await decide(referee, NOTES, 'approve');
    await submitReview(referee);
    // Now the decisions and the outcomes show: the table's changes are requested, the notes' conflicted.
    await expect.poll(() => workbenchFile(referee, TABLE).getAttribute('data-outcome')).toBe('changes_requested');
    await expect.poll(() => workbenchFile(referee, NOTES).getAttribute('data-outcome')).toBe('conflicted');
    await workbenchFile(referee, TABLE).click();
    await expect.poll(() => referee.getByTestId('all-decisions').textContent()).toContain('Dana Provider: Request changes');
    await expect.poll(() => referee.getByTestId('comments-package').textContent()).toContain(PRIVATE_NOTE);
    await shot(referee, '06-referee-submitted');

    // ---- The DPR returns the package with a public comment for the authors.
    await dpr.goto(packageUrl);
    const dprThread = dpr.getByTestId('comments-package');
    await dprThread.getByLabel('Comment on the package').fill(PUBLIC_COMMENT);
    await dprThread.getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => dprThread.locator('[data-testid="comment"][data-visibility="public"]').count()).toBe(1);
    await dpr.getByRole('button', { name: 'Return for changes' }).click();
    const returnDialog = dpr.getByRole('dialog', { name: 'Return for changes' });
    await returnDialog.getByLabel('Comment').fill('Please see the comments: suppress the small count and remove the address.');
    await returnDialog.getByRole('button', { name: 'Return for changes' }).click();
    await expect.poll(() => status(dpr), { timeout: 20_000 }).toBe('returned');

    // ---- The researcher reads the to-do list, uploads corrected versions of the same paths, resubmits.
    await researcher.goto(packageUrl);
    await expect.poll(() => status(researcher), { timeout: 20_000 }).toBe('returned');
    const todo = researcher.getByTestId('returned-to-do');
    await expect.poll(() => todo.count(), { timeout: 20_000 }).toBe(1);
    expect(await todo.textContent()).toContain('To do before you resubmit');
    expect(await todo.textContent()).toContain(PUBLIC_COMMENT);
    // Private comments and the reviewers' notes stay with the reviewers.
    expect(await researcher.locator('body').textContent()).not.toContain(PRIVATE_NOTE);
    await fitsWidth(researcher);
    await shot(researcher, '07-returned-to-do');

    // A folder upload keeps the folder in the path: tables/… and notes/… get their second version.
    const folderInput = researcher.getByLabel('Folder to upload');
    for (const folder of ['tables', 'notes']) {
      await folderInput.setInputFiles(join(filesDir, folder));
      const path = PATHS.find((p) => p.startsWith(`${folder}/`)) as string;
      await expect.poll(() => researcher.locator(`[data-testid="upload-row"][data-path="${path}"]`).getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    }
    for (const path of PATHS) await expect.poll(() => researcher.getByRole('button', { name: `Versions of ${path}` }).textContent(), { timeout: 20_000 }).toBe('v2');
    expect(await researcher.getByTestId('file-row').count()).toBe(PATHS.length);
    await researcher.getByRole('region', { name: 'Files', exact: true }).scrollIntoViewIfNeeded();
    await shot(researcher, '08-corrected-versions');

    await researcher.getByRole('button', { name: 'Resubmit', exact: true }).click();
    const resubmitDialog = researcher.getByRole('dialog', { name: 'Resubmit' });
    await resubmitDialog.getByTestId('submit-consequences').waitFor();
    await resubmitDialog.getByRole('button', { name: 'Resubmit', exact: true }).click();
    await expect.poll(() => status(researcher), { timeout: 90_000 }).toBe('in_review');
    for (const path of PATHS) await expect.poll(() => verdict(path), { timeout: 20_000 }).toBe('pass');

    // ---- The DPR revises to tier 1; nothing contradicts the findings any more. The classifiers agree.
    await classify(dpr, packageId, TIER_1, 1, null, '09-revise-tier-1');
    await expect.poll(() => dpr.getByTestId('wp-status').textContent(), { timeout: 20_000 }).toMatch(/classified/i);
    expect(await dpr.getByTestId('wp-tier').textContent()).toContain('Tier 1');

    // The corrected versions were there when the work package was classified: nobody is asked to
    // confirm their opinion (that happens only for versions added after the classification).
    await investigator.goto(`${demo.server.url}/work-packages/${packageId}`);
    await expect.poll(() => investigator.getByTestId('wp-tier').textContent(), { timeout: 20_000 }).toContain('Tier 1');
    expect(await investigator.getByTestId('confirmations-needed').count()).toBe(0);

    // At tier 1 no referee is needed: the referee is no longer a reviewer of the package.
    await referee.goto(`${packageUrl}/review`);
    await expect.poll(() => referee.getByTestId('workbench-file').count(), { timeout: 20_000 }).toBe(PATHS.length);
    expect(await referee.getByTestId('submit-review').count()).toBe(0);
    expect(await referee.getByTestId('decision-panel').getByRole('button').count()).toBe(0);

    // ---- The DPR approves each corrected file in the workbench and submits the review.
    await openWorkbench(dpr, packageId);
    expect(await dpr.getByTestId('review-progress').textContent()).toBe(`Decided 0 of ${PATHS.length}`);
    for (const path of PATHS) await decide(dpr, path, 'approve');
    await expect.poll(() => dpr.getByTestId('review-progress').textContent()).toBe(`Decided ${PATHS.length} of ${PATHS.length}`);
    await fitsWidth(dpr);
    await shot(dpr, '10-dpr-approves');
    await submitReview(dpr);
    for (const path of PATHS) await expect.poll(() => workbenchFile(dpr, path).getAttribute('data-outcome')).toBe('approved');

    // ---- Sign-offs on the package page: the panel says who must sign; the investigator signs first.
    await investigator.goto(packageUrl);
    const panel = investigator.getByTestId('sign-off-panel');
    await expect.poll(() => panel.count(), { timeout: 30_000 }).toBe(1);
    const guard = (id: string) => panel.locator(`[data-guard="${id}"]`);
    await expect.poll(() => guard('files_approved').getAttribute('data-ok')).toBe('true');
    for (const id of ['tier_agreed', 'opinions_confirmed', 'independent_reviews', 'findings_resolved']) expect(await guard(id).getAttribute('data-ok'), id).toBe('true');
    expect(await guard('sign_offs_present').getAttribute('data-ok')).toBe('false');
    const who = panel.getByTestId('who-must-sign');
    expect(await who.textContent()).toContain('Investigator: Ines Investigator must sign');
    expect(await who.textContent()).toContain('Data provider representative: Dana Provider must sign');
    await fitsWidth(investigator);
    await panel.scrollIntoViewIfNeeded();
    await shot(investigator, '11-sign-off-panel');
    await panel.getByRole('button', { name: 'Sign off as investigator' }).click();
    await investigator.getByRole('dialog', { name: 'Sign off as investigator' }).getByRole('button', { name: 'Sign off', exact: true }).click();
    await expect.poll(() => panel.getByTestId('live-sign-offs').textContent(), { timeout: 20_000 }).toContain('Ines Investigator');
    // The investigator's sign-off is from the research team: the package waits for the DPR's.
    expect(await status(investigator)).toBe('in_review');

    // ---- The DPR's sign-off is the last thing missing: the system approves the package.
    await dpr.goto(packageUrl);
    const dprPanel = dpr.getByTestId('sign-off-panel');
    await expect.poll(() => dprPanel.count(), { timeout: 30_000 }).toBe(1);
    await dprPanel.getByRole('button', { name: 'Sign off as data provider representative' }).click();
    await dpr.getByRole('dialog', { name: 'Sign off as data provider representative' }).getByRole('button', { name: 'Sign off', exact: true }).click();
    await expect.poll(() => status(dpr), { timeout: 20_000 }).toBe('approved');
    await expect.poll(() => dprPanel.getByTestId('approval-done').count(), { timeout: 20_000 }).toBe(1);
    expect(await dprPanel.getByTestId('live-sign-offs').textContent()).toContain('Dana Provider');

    // Everyone sees it approved.
    await researcher.goto(packageUrl);
    await expect.poll(() => status(researcher), { timeout: 20_000 }).toBe('approved');
    await expect.poll(() => researcher.getByTestId('approval-done').count(), { timeout: 20_000 }).toBe(1);
    await fitsWidth(researcher);
    await researcher.getByTestId('approval-done').scrollIntoViewIfNeeded();
    await shot(researcher, '12-approved');
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
