/**
 * Asking for a package in review to be checked again under the disclosure-check settings in
 * force (POST /api/v1/packages/:id/recheck): the version of the package the caller saw and why.
 *
 * This is the only way to ask for a re-check: POST /api/v1/packages/:id/transitions refuses the
 * action `recheck` (`validation.invalid_input`). The reason is at most
 * `RECHECK_REASON_MAX_LENGTH` characters after trimming; a longer one is refused, never cut.
 *
 * Example: `{ "version": 4, "reason": "The project's preset is now acro" }`.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { versionSchema } from './common.contract';

/** The longest reason a re-check keeps (characters, after trimming). */
export const RECHECK_REASON_MAX_LENGTH = 2000;

export const packageRecheckRequestSchema = z
  .object({
    /** Why the package is checked again; kept with the superseded results and in the audit log. */
    reason: freeText().trim().min(1).max(RECHECK_REASON_MAX_LENGTH),
    version: versionSchema,
  })
  .strict();
export type PackageRecheckRequest = z.infer<typeof packageRecheckRequestSchema>;
