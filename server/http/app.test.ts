/**
 * The application shell: probes, the OpenAPI document and docs, unknown routes, security
 * headers, malformed requests, and that every API route is registered, documented and
 * closed to anonymous callers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../testing/databases';
import { type TestApp, expectError, startTestApp } from './app.testing';

/** Every API route, written out by hand: a new route must be added here (and so be tested). */
const API_ROUTES = [
  ['GET', '/api/v1/keys'],
  ['POST', '/api/v1/session'],
  ['GET', '/api/v1/session'],
  ['DELETE', '/api/v1/session'],
  // Identity (issue 15): the second sign-in step, one's own second factor, account lifecycle, lock-outs.
  ['POST', '/api/v1/session/code'],
  ['GET', '/api/v1/session/second-factor'],
  ['POST', '/api/v1/session/second-factor/enrolment'],
  ['POST', '/api/v1/session/second-factor/enrolment/confirm'],
  ['POST', '/api/v1/users/{userId}/disable'],
  ['POST', '/api/v1/users/{userId}/enable'],
  ['POST', '/api/v1/users/{userId}/password-reset'],
  ['POST', '/api/v1/users/{userId}/second-factor/reset'],
  ['GET', '/api/v1/users/{userId}/sessions'],
  ['DELETE', '/api/v1/users/{userId}/sessions'],
  ['DELETE', '/api/v1/users/{userId}/sessions/{sessionId}'],
  ['GET', '/api/v1/sign-in-locks'],
  ['POST', '/api/v1/sign-in-locks/lift'],
  ['GET', '/api/v1/users'],
  ['POST', '/api/v1/users'],
  ['GET', '/api/v1/projects'],
  ['POST', '/api/v1/projects'],
  ['GET', '/api/v1/projects/{projectId}'],
  ['POST', '/api/v1/projects/{projectId}/participants'],
  ['DELETE', '/api/v1/projects/{projectId}/participants/{participantId}'],
  ['POST', '/api/v1/projects/{projectId}/datasets'],
  ['POST', '/api/v1/projects/{projectId}/start-closing'],
  ['POST', '/api/v1/projects/{projectId}/resume'],
  ['POST', '/api/v1/projects/{projectId}/close'],
  ['POST', '/api/v1/projects/{projectId}/work-packages'],
  ['GET', '/api/v1/projects/{projectId}/audit'],
  ['GET', '/api/v1/projects/{projectId}/check-settings'],
  ['PUT', '/api/v1/projects/{projectId}/check-settings'],
  ['GET', '/api/v1/projects/{projectId}/destinations'],
  ['POST', '/api/v1/projects/{projectId}/destinations'],
  ['POST', '/api/v1/projects/{projectId}/destinations/{destinationId}/retire'],
  ['PUT', '/api/v1/packages/{packageId}/destination'],
  ['GET', '/api/v1/work-packages/{workPackageId}'],
  ['PUT', '/api/v1/work-packages/{workPackageId}/datasets'],
  ['POST', '/api/v1/work-packages/{workPackageId}/opinions'],
  ['POST', '/api/v1/work-packages/{workPackageId}/opinion-confirmations'],
  ['POST', '/api/v1/work-packages/{workPackageId}/referee-approvals'],
  ['POST', '/api/v1/work-packages/{workPackageId}/discussion'],
  ['POST', '/api/v1/work-packages/{workPackageId}/resolve'],
  ['POST', '/api/v1/work-packages/{workPackageId}/reopen'],
  ['GET', '/api/v1/question-sets'],
  ['POST', '/api/v1/question-sets'],
  ['GET', '/api/v1/question-sets/{idOrName}'],
  ['GET', '/api/v1/tier-policy'],
  ['POST', '/api/v1/tier-policy'],
  ['GET', '/api/v1/packages/{packageId}'],
  ['GET', '/api/v1/packages/{packageId}/files'],
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}'],
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}/check'],
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}/content'],
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}/superseded-results'],
  ['GET', '/api/v1/packages/{packageId}/history'],
  ['PUT', '/api/v1/packages/{packageId}/files/content'],
  ['PUT', '/api/v1/packages/{packageId}/context'],
  ['POST', '/api/v1/packages/{packageId}/transitions'],
  ['POST', '/api/v1/packages/{packageId}/recheck'],
  ['PATCH', '/api/v1/packages/{packageId}/files/{fileId}'],
  ['DELETE', '/api/v1/packages/{packageId}/files/{fileId}'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/removal'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/reinstatement'],
  // Findings responses and handover decisions (issue 10 §4, §6).
  ['GET', '/api/v1/packages/{packageId}/findings/responses'],
  ['GET', '/api/v1/packages/{packageId}/findings/overrides-and-acknowledgements'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/findings/{findingKey}/exception-request'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/findings/{findingKey}/override'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/findings/{findingKey}/refusal'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/findings/{findingKey}/acknowledgement'],
  ['GET', '/api/v1/packages/{packageId}/storage-decision'],
  ['PUT', '/api/v1/packages/{packageId}/storage-decision'],
  ['POST', '/api/v1/packages/{packageId}/storage-decision/agreement'],
  ['GET', '/api/v1/packages/{packageId}/redaction-decisions'],
  ['PUT', '/api/v1/packages/{packageId}/files/{fileId}/redaction-decision'],
  // Review (issue 10 §4, §6).
  ['GET', '/api/v1/packages/{packageId}/review'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/review'],
  ['POST', '/api/v1/packages/{packageId}/review-submissions'],
  ['GET', '/api/v1/packages/{packageId}/comments'],
  ['POST', '/api/v1/packages/{packageId}/comments'],
  ['POST', '/api/v1/packages/{packageId}/comments/{commentId}/retraction'],
  ['POST', '/api/v1/packages/{packageId}/removals/{removalId}/outcome'],
  ['GET', '/api/v1/tokens'],
  ['POST', '/api/v1/tokens'],
  ['POST', '/api/v1/tokens/{tokenId}/revoke'],
  ['GET', '/api/v1/tokens/current'],
  ['GET', '/api/v1/me/waiting'],
  ['GET', '/api/v1/me/notifications'],
  ['GET', '/api/v1/me/notifications/count'],
  ['POST', '/api/v1/me/notifications/{notificationId}/read'],
  ['POST', '/api/v1/me/notifications/read-all'],
  ['GET', '/api/v1/me/notification-settings'],
  ['PUT', '/api/v1/me/notification-settings'],
  ['GET', '/api/v1/notification-deliveries'],
  ['POST', '/api/v1/uploads'],
  ['POST', '/api/v1/uploads/preflight'],
  ['PATCH', '/api/v1/uploads/{uploadId}'],
  ['DELETE', '/api/v1/uploads/{uploadId}'],
  ['GET', '/api/v1/projects/{projectId}/output-area'],
  ['GET', '/api/v1/projects/{projectId}/output-area/setting'],
  ['PUT', '/api/v1/projects/{projectId}/output-area/setting'],
  ['POST', '/api/v1/packages/{packageId}/output-area-imports'],
  ['GET', '/api/v1/projects/{projectId}/closure'],
  ['GET', '/api/v1/projects/{projectId}/closure/files'],
  ['GET', '/api/v1/projects/{projectId}/closure/inventory'],
  ['POST', '/api/v1/projects/{projectId}/closure/inventory-refreshes'],
  ['POST', '/api/v1/projects/{projectId}/closure/file-marks'],
  ['POST', '/api/v1/projects/{projectId}/closure/waivers'],
  ['GET', '/api/v1/projects/{projectId}/closure/report'],
  ['GET', '/api/v1/projects/{projectId}/closure/report/html'],
  ['GET', '/api/v1/projects/{projectId}/closure/report/pdf'],
  // Sign-offs and approval (issue 10 §5).
  ['GET', '/api/v1/packages/{packageId}/sign-offs'],
  ['POST', '/api/v1/packages/{packageId}/sign-offs'],
  ['POST', '/api/v1/packages/{packageId}/sign-offs/{signOffId}/withdrawal'],
  ['GET', '/api/v1/packages/{packageId}/approval'],
  // Releases and download links (issue 12); the download itself needs no sign-in.
  ['GET', '/api/v1/packages/{packageId}/release'],
  ['POST', '/api/v1/packages/{packageId}/release'],
  ['POST', '/api/v1/packages/{packageId}/release/links'],
  ['POST', '/api/v1/packages/{packageId}/release/revoke'],
  ['GET', '/api/v1/packages/{packageId}/released-files'],
  ['GET', '/api/v1/links/{token}'],
  // Redaction inside the product (issue 13).
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}/redaction-operations'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/redaction-preview'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/redactions'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/manual-redactions'],
  ['POST', '/api/v1/packages/{packageId}/files/{fileId}/redaction-proposals'],
  ['GET', '/api/v1/packages/{packageId}/redaction-proposals'],
  ['POST', '/api/v1/packages/{packageId}/redaction-proposals/{proposalId}/acceptance'],
  ['POST', '/api/v1/packages/{packageId}/redaction-proposals/{proposalId}/declination'],
  ['GET', '/api/v1/packages/{packageId}/redaction-proposals/{proposalId}/diff'],
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}/versions/{versionId}/provenance'],
  ['GET', '/api/v1/packages/{packageId}/files/{fileId}/versions/{versionId}/diff'],
] as const;

/** Routes anyone may call: signing in, the public bundle keys, and a download link (its token is the credential). */
const PUBLIC_ROUTES = new Set(['POST /api/v1/session', 'GET /api/v1/keys', 'GET /api/v1/links/{token}']);

const concrete = (path: string) => path.replace(/\{(\w+)\}/g, 'some-$1');

describe.each(TEST_DIALECTS)('the app shell on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('answers the liveness probe', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers the readiness probe once the database is reachable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('serves an OpenAPI document with exactly the API routes, each with its method', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const doc = JSON.parse(res.body) as { openapi: string; info: { version: string }; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.version).toBe('test');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => r.includes(' /api/v1/'))
      .sort();
    expect(documented).toEqual(API_ROUTES.map(([m, p]) => `${m} ${p}`).sort());
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });

  it.each(API_ROUTES)('registers %s %s', (method, path) => {
    expect(t.app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') })).toBe(true);
  });

  it.each(API_ROUTES.filter(([m, p]) => !PUBLIC_ROUTES.has(`${m} ${p}`)))('refuses %s %s without a session as unauthenticated', async (method, path) => {
    const res = await t.app.inject({ method, url: concrete(path), ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
    expectError(res, 401, 'auth.unauthenticated');
  });

  it('serves the API docs as an HTML page', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; hops < 3 && res.statusCode >= 300 && res.statusCode < 400; hops += 1) {
      res = await t.app.inject({ method: 'GET', url: new URL(String(res.headers.location), 'http://localhost/api/docs').pathname });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
  });

  it('answers an unknown route with route.not_found, inside and outside the API', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'route.not_found');
    expectError(await t.app.inject({ method: 'GET', url: '/no/such/page' }), 404, 'route.not_found');
    expectError(await t.app.inject({ method: 'PATCH', url: '/api/v1/projects' }), 404, 'route.not_found');
  });

  it('sends security headers, a content security policy among them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('refuses malformed JSON with a 400 in the error shape, not a server error', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"email":', remoteAddress: '10.3.3.3' });
    expectError(res, 400, 'request.invalid');
  });

  it('refuses a body over one megabyte with 413 in the error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(1024 * 1024 + 10) }),
      remoteAddress: '10.3.3.4',
    });
    expectError(res, 413, 'request.invalid');
  });
});
