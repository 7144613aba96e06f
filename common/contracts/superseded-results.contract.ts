/**
 * Check results set aside by a re-check (GET /api/v1/packages/:id/files/:fileId/superseded-results):
 * the results one file version had before each re-check, kept whole (preset, parameters, tool
 * version, verdict and findings) with who asked for the re-check, when and why. The current
 * result stays at GET .../files/:fileId/check; these are the earlier ones, for auditors and
 * reviewers comparing what the file was found under the earlier settings.
 *
 * Example: `{ "results": [{ "preset": "datashield", "result": { "verdict": "pass", … }, "reason": "The project now
 * uses the ACRO rules", "supersededBy": { "id": "u_…", "name": "Dana Reviewer" }, … }] }`.
 */
import { z } from 'zod';
import { idSchema, isoDateSchema } from './common.contract';
import { fileCheckResultSchema } from './packages.contract';

/** One result set aside by a re-check: the result as it was stored (as GET …/check shows one), and the re-check that replaced it. */
export const supersededCheckResultSchema = fileCheckResultSchema.extend({
  id: idSchema,
  /** The number of the file version the result belongs to. */
  versionNumber: z.number().int(),
  supersededAt: isoDateSchema,
  /** Who asked for the re-check; null when the system did. */
  supersededBy: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** Why the package was checked again, as given with the re-check. */
  reason: z.string(),
});
export type SupersededCheckResult = z.infer<typeof supersededCheckResultSchema>;

/** A file version's superseded results, most recently superseded first; empty before any re-check. */
export const supersededCheckResultsResponseSchema = z.object({ results: z.array(supersededCheckResultSchema) });
export type SupersededCheckResultsResponse = z.infer<typeof supersededCheckResultsResponseSchema>;
