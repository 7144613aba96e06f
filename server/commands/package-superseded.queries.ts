/**
 * The check results a re-check set aside (docs/design.md §7; docs/checks.md "Results are not
 * rewritten; a re-check keeps the earlier ones"): for one version of a file, each earlier result
 * whole (preset, parameters, tool version, verdict, findings) with who asked for the re-check,
 * when and why, most recently superseded first. Whoever can see the package's current results
 * can see these: the same rule (`view`) as GET .../files/:fileId/check.
 *
 * Example: `listSupersededResults(ctx, packageId, fileId)` after one re-check from DataSHIELD to
 * ACRO → `[{ preset: 'datashield', result: { verdict: 'pass', … }, reason: 'The project now uses the ACRO rules', … }]`.
 */
import type { SupersededCheckResult } from '../../common/contracts/superseded-results.contract';
import { type SupersededCheckResultRow, listSupersededCheckResultsWithNames } from '../db/packages.repository';
import type { CommandContext } from './context';
import { toFileCheckResult } from '../db/packages.repository';
import { versionOf } from './packages.commands';

function toSupersededResult(row: SupersededCheckResultRow, versionNumber: number): SupersededCheckResult {
  return {
    ...toFileCheckResult(row),
    id: row.id,
    versionNumber,
    supersededAt: row.superseded_at,
    supersededBy: row.superseded_by === null ? null : { id: row.superseded_by, name: row.superseded_by_name ?? '' },
    reason: row.reason,
  };
}

/**
 * The superseded results of version `number` of a file (the current version without it); empty
 * before any re-check. Throws `package.not_found` for an unknown package or one the caller cannot
 * see, `file.not_found` for a file or version not in it.
 */
export async function listSupersededResults(ctx: CommandContext, packageId: string, fileId: string, number?: number): Promise<SupersededCheckResult[]> {
  const { version } = await versionOf(ctx, packageId, fileId, number);
  const rows = await listSupersededCheckResultsWithNames(ctx.db, version.id);
  return rows.map((row) => toSupersededResult(row, version.number));
}
