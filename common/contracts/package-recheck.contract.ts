/**
 * Asking for a package in review to be checked again under the disclosure-check settings in
 * force (POST /api/v1/packages/:id/recheck): the version of the package the caller saw and why.
 *
 * Example: `{ "version": 4, "reason": "The project's preset is now acro" }`.
 */
import { z } from 'zod';
import { versionSchema } from './common.contract';

export const packageRecheckRequestSchema = z
  .object({
    /** Why the package is checked again; kept with the superseded results and in the audit log. */
    reason: z.string().trim().min(1).max(2000),
    version: versionSchema,
  })
  .strict();
export type PackageRecheckRequest = z.infer<typeof packageRecheckRequestSchema>;
