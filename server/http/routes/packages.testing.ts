/**
 * Helpers shared by the package route tests: a client for one package's endpoints, row counts
 * (to prove a refusal changed nothing), and a complete context.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Package, PackageContext } from '../../../common/contracts/packages.contract';
import { COMPLETE_CONTEXT } from '../../testing/package-context';
import type { CallOptions, Response, TestApp } from '../app.testing';

export { COMPLETE_CONTEXT };

export const sha256Of = (content: Buffer | string): string => createHash('sha256').update(content).digest('hex');

/** Every table's counts (package tables included) and the queued jobs: equal before and after a refusal. */
export async function allCounts(t: TestApp): Promise<Record<string, number>> {
  const jobs = await t.database.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { ...(await t.counts()), jobs: Number(jobs.n) };
}

/** The endpoints of one package, as a given user. */
export function packageClient(t: TestApp, packageId: string) {
  const url = `/api/v1/packages/${packageId}`;
  const uploadUrl = (path: string, query = '') => `${url}/files/content?path=${encodeURIComponent(path)}${query}`;
  return {
    url,
    uploadUrl,
    /** A simple upload of `content` at `path` (raw body, Content-Length set by the client). */
    upload: (key: string, path: string, content: Buffer | string, headers: Record<string, string> = {}, query = ''): Promise<Response> =>
      t.as(key).put(uploadUrl(path, query), Buffer.from(content), { headers: { 'content-type': 'application/octet-stream', ...headers } }),
    /** Uploads and asserts the file was added; returns the file. */
    add: async (key: string, path: string, content: Buffer | string) => {
      const res = await t.as(key).put(uploadUrl(path), Buffer.from(content), { headers: { 'content-type': 'application/octet-stream' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().file as { id: string; path: string; version: number; role: string; category: string };
    },
    get: async (key: string): Promise<Package> => {
      const res = await t.as(key).get(url);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Package;
    },
    setContext: (key: string, context: PackageContext, version: number, options?: CallOptions) => t.as(key).put(`${url}/context`, { context, version }, options),
    transition: (key: string, action: string, version: number, comment?: string) => t.as(key).post(`${url}/transitions`, { action, version, ...(comment !== undefined ? { comment } : {}) }),
  };
}

/** Sets the project's check preset over the API, as its programme manager. */
export async function setProjectPreset(t: TestApp, preset: string): Promise<void> {
  const current = await t.as('programme').get(`/api/v1/projects/${t.world.projectId}/check-settings`);
  const res = await t.as('programme').put(`/api/v1/projects/${t.world.projectId}/check-settings`, { preset, version: current.json().version });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * As the researcher: adds `csv` as results/table1.csv, completes the context, submits the
 * package and lets the checks stage finish (the package is then in review); returns the file id.
 */
export async function submitTable(t: TestApp, api: ReturnType<typeof packageClient>, csv: string): Promise<string> {
  const tableId = (await api.add('researcher', 'results/table1.csv', csv)).id;
  const pkg = await api.get('researcher');
  const context = { ...COMPLETE_CONTEXT, outputs: { [tableId]: { shows: 'Counts by group', supportingFileIds: [] } } };
  const withContext = (await api.setContext('researcher', context, pkg.version)).json() as Package;
  expect((await api.transition('researcher', 'submit', withContext.version)).statusCode).toBe(200);
  await t.services.settle();
  return tableId;
}
