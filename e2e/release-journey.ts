/**
 * What the release journeys prepare over the API before the screens take over: one API session
 * per demo account, the demo project's work packages, the researcher choosing a registered
 * destination on the package page, and a package taken from its empty draft to in review
 * (`submitForReview`: one clean output uploaded and described, submitted, classified tier 1 by the
 * investigator and the DPR) or on to approved (`approve`: approved and reviewed by the DPR, signed
 * off by both).
 *
 * Example: `const r = releaseJourney(demo); const { projectId, packageId } = await r.workPackage('egress_report');`
 */
import { expect } from 'vitest';
import type { DestinationKind } from '../common/vocab/destinations';
import { pathFor } from '../server/testing/factories';
import type { ApiCall, DemoJourney } from './demo-journey';

export const DEMO_PROJECT = 'Hospital admissions and air quality (demo)';
export const JOURNEY_VIEWPORT = { width: 1280, height: 800 };

export interface ApprovalOptions {
  /** The output's path and content (nothing in it for the checks to flag). */
  output: string;
  content: string;
  destinationKind: DestinationKind;
  /** The destination's label in the package page's select, e.g. "Study team download (Research team, Download link)". */
  destinationLabel: string;
}

/** The call's JSON answer, after checking its status. */
export async function ok<T>(response: Promise<Response>, status = 200): Promise<T> {
  const res = await response;
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

export function releaseJourney(demo: DemoJourney) {
  const sessions = new Map<string, Promise<ApiCall>>();
  // One API session per account: signing in again and again meets the sign-in rate limit.
  const as = (email: string): Promise<ApiCall> => {
    if (!sessions.has(email)) sessions.set(email, demo.apiAs(email));
    return sessions.get(email) as Promise<ApiCall>;
  };

  async function workPackage(kind: 'egress_report' | 'egress_handover'): Promise<{ projectId: string; packageId: string }> {
    const programme = await as('programme@example.org');
    const { projects } = await ok<{ projects: { id: string; name: string }[] }>(programme('GET', '/projects'));
    const projectId = projects.find((p) => p.name === DEMO_PROJECT)?.id as string;
    const detail = await ok<{ workPackages: { id: string; kind: string }[] }>(programme('GET', `/projects/${projectId}`));
    return { projectId, packageId: detail.workPackages.find((w) => w.kind === kind)?.id as string };
  }

  /** The researcher chooses the registered destination in the package page's Destination section. */
  async function chooseDestinationOnPage(packageId: string, label: string): Promise<void> {
    const context = await demo.browser.newContext({ viewport: JOURNEY_VIEWPORT });
    const page = await context.newPage();
    await demo.signIn(page, 'researcher@example.org');
    await page.goto(`${demo.server.url}/packages/${packageId}`);
    const select = page.getByTestId('package-destination-select');
    await select.waitFor({ timeout: 30_000 });
    await select.click();
    await page.getByRole('option', { name: label }).click();
    await expect.poll(() => select.inputValue(), { timeout: 20_000 }).toBe(label);
    await context.close();
  }

  const statusOf = async (packageId: string) => (await ok<{ status: string }>((await as('researcher@example.org'))('GET', `/packages/${packageId}`))).status;

  /** From the demo's empty draft (its destination chosen) to in review, classified at tier 1 by the investigator and the DPR. */
  async function submitForReview(packageId: string, options: Omit<ApprovalOptions, 'destinationLabel'>): Promise<void> {
    const researcher = await as('researcher@example.org');
    const upload = await ok<{ file: { id: string } }>(
      researcher('PUT', `/packages/${packageId}/files/content?path=${encodeURIComponent(options.output)}`, options.content, 'application/octet-stream'),
      201,
    );
    let pkg = await ok<{ version: number; destinationId: string | null }>(researcher('GET', `/packages/${packageId}`));
    expect(pkg.destinationId).not.toBeNull();
    const context = {
      purpose: 'Counts by group for the end of the project',
      recipient: options.destinationKind === 'data_provider' ? 'The data provider' : 'The study team',
      destinationKind: options.destinationKind,
      population: 'Adults admitted to hospital, 2019–2024',
      suppressionThreshold: 10,
      rounding: 'none',
      outputs: { [upload.file.id]: { shows: 'Counts by group', supportingFileIds: [] } },
    };
    pkg = await ok(researcher('PUT', `/packages/${packageId}/context`, { context, version: pkg.version }));
    await ok(researcher('POST', `/packages/${packageId}/transitions`, { action: 'submit', version: pkg.version }));
    await expect.poll(() => statusOf(packageId), { timeout: 90_000 }).toBe('in_review');

    for (const email of ['investigator@example.org', 'dpr@example.org']) await ok((await as(email))('POST', `/work-packages/${packageId}/opinions`, { path: pathFor(1) }), 201);
  }

  /** From the demo's empty draft (its destination registered) to approved, as createPackageAt does with the commands. */
  async function approve(packageId: string, options: ApprovalOptions): Promise<void> {
    await chooseDestinationOnPage(packageId, options.destinationLabel);
    await submitForReview(packageId, options);

    const dpr = await as('dpr@example.org');
    const review = await ok<{ files: { fileId: string; fileVersionId: string; needsDecision: boolean }[] }>(dpr('GET', `/packages/${packageId}/review`));
    for (const f of review.files.filter((x) => x.needsDecision)) await ok(dpr('POST', `/packages/${packageId}/files/${f.fileId}/review`, { fileVersionId: f.fileVersionId, decision: 'approve' }));
    await ok(dpr('POST', `/packages/${packageId}/review-submissions`, {}), 201);

    const { digest } = await ok<{ digest: string }>(dpr('GET', `/packages/${packageId}/approval`));
    await ok((await as('investigator@example.org'))('POST', `/packages/${packageId}/sign-offs`, { role: 'investigator', digest }), 201);
    await ok(dpr('POST', `/packages/${packageId}/sign-offs`, { role: 'data_provider_representative', digest }), 201);
    await expect.poll(() => statusOf(packageId), { timeout: 20_000 }).toBe('approved');
  }

  return { as, workPackage, submitForReview, approve, statusOf };
}
