/**
 * The checks stage of the package lifecycle (docs/design.md §5.1, §7): a background job that runs
 * the disclosure checks on every file version of a submitted package that has no result yet,
 * stores one result per file version (with the preset, parameters and tool version), then
 * moves the package from `checking` to `in_review` once every current file version has a
 * result (`finishChecks`; checked in the transaction that moves it). A new version is checked on the next
 * submission; versions already checked keep their result.
 *
 * The preset and parameters are the project's check settings for the tier of the package's
 * work package (check-settings.resolve.ts: installation default → project → tier), read when
 * the stage runs. A result keeps the preset and parameters it was checked with: changing the
 * settings later re-checks nothing already checked, only versions without a result. To check
 * a package in review again under the settings in force, a reviewer or a programme or system
 * manager who neither submitted it nor is on its author team re-checks it
 * (package-recheck.commands.ts): the current versions' results move to the
 * superseded history and the package comes back here, in the same review turn. A job that
 * started before such a re-check (a duplicate, or one re-queued by another process) stores
 * nothing: each batch is stored under the package's lock only if no re-check has set results
 * aside since the job started (`countSupersededResults`, compared, not clocks); the re-check's
 * own job checks those versions.
 *
 * Each blob is copied (verified against its hash) into a private temporary folder under the
 * file's own name, because the checks read files and use the name as a hint. A blob that no
 * longer matches its hash is an integrity failure: audited, and the package fails at once
 * (retrying would not mend it). Any other error is retried by the job queue; once attempts
 * run out, `failChecks` moves the package to `failed` with the reason.
 */
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import type { PresetName } from '../checks/shared/presets';
import type { PackageKind } from '../checks/engine/types';
import { findCheckSettings } from '../db/check-settings.repository';
import { type FileWithCurrent, countSupersededResults, findPackage, listAllFiles, saveCheckResult, verdictCounts } from '../db/packages.repository';
import { isDomainError } from '../domain/errors';
import type { BlobStore } from '../ports/blob-store';
import type { ScanBatch, Scanner } from '../ports/scanner';
import { lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import { recordIntegrityFailure } from './packages.commands';
import { checkSettingsOf, resolveChecks } from './check-settings.resolve';
import { type CommandContext, inTransaction, nowIso } from './context';

export const CHECKS_QUEUE = 'package.checks';

export interface ChecksJob {
  packageId: string;
  reviewTurn: number;
}

export interface ChecksDeps {
  blobs: BlobStore;
  /** The installation default (config CHECK_PRESET); a project's check settings may choose another. */
  preset: PresetName;
  toolVersion: string;
  /** Runs the checks on staged copies of the files (server/ports/scanner.ts). */
  scanner: Scanner;
}

/** Files per batch: bounded temporary disk use and progress that survives a retry. */
const BATCH = 50;

async function stage(blobs: BlobStore, scan: ScanBatch, item: FileWithCurrent): Promise<string> {
  return scan.stage(item.file.path.slice(item.file.path.lastIndexOf('/') + 1), await blobs.open(item.current.sha256));
}

/** The entry with every path that starts with the temporary copy's path starting with the package path instead. */
export function renamed(entry: ScannedEntry, from: string, to: string): ScannedEntry {
  const path = entry.path.startsWith(from) ? to + entry.path.slice(from.length) : entry.path;
  return { ...entry, path, entries: entry.entries.map((e) => renamed(e, from, to)) };
}

/** Runs the checks of one package's review turn. Safe to run twice: it does only what is missing. */
export async function runPackageChecks(ctx: CommandContext, deps: ChecksDeps, job: ChecksJob): Promise<void> {
  const pkg = await findPackage(ctx.db, job.packageId);
  if (!pkg || pkg.status !== 'checking' || pkg.review_turn !== job.reviewTurn) return;
  const superseded = await countSupersededResults(ctx.db, pkg.id);
  const workPackage = await ctx.db.selectFrom('work_packages').select(['kind', 'tier']).where('id', '=', pkg.id).executeTakeFirstOrThrow();
  const packageKind: PackageKind = workPackage.kind === 'egress_handover' ? 'handover' : 'report';
  const settings = checkSettingsOf(await findCheckSettings(ctx.db, pkg.project_id));
  const { preset, parameters } = resolveChecks(deps.preset, settings, workPackage.tier === null ? null : Number(workPackage.tier));
  const pending = (await listAllFiles(ctx.db, pkg.id)).filter((f) => !f.check);

  for (let start = 0; start < pending.length; start += BATCH) {
    // A job made stale by a re-check stops before checking more files (and is checked again, under the lock, before it stores).
    if ((await countSupersededResults(ctx.db, pkg.id)) !== superseded) return;
    const batch = pending.slice(start, start + BATCH);
    const scan = await deps.scanner.openBatch();
    try {
      const paths: string[] = [];
      for (const item of batch) {
        try {
          paths.push(await stage(deps.blobs, scan, item));
        } catch (error) {
          if (isDomainError(error) && error.code === 'storage.integrity') {
            await recordIntegrityFailure(ctx, pkg, item.current, 'checks');
            await failChecks(ctx, job, `The stored content of "${item.file.path}" (version ${item.current.number}) no longer matches its hash`);
            return;
          }
          throw error;
        }
      }
      const entries = await scan.scan({ parameters, packageKind });
      const stored = await inTransaction(ctx, async (trx) => {
        // Under the lock a re-check takes: after a re-check made since this job started, its results are stale.
        await lockPackageFor(trx, job.packageId, ctx.actor, 'view');
        if ((await countSupersededResults(trx, pkg.id)) !== superseded) return false;
        for (const [i, item] of batch.entries()) {
          const entry = entries[i];
          if (!entry) continue;
          await saveCheckResult(trx, {
            file_version_id: item.current.id,
            package_id: pkg.id,
            status: entry.status,
            verdict: entry.verdict,
            tool_version: deps.toolVersion,
            preset,
            parameters: JSON.stringify({ ...parameters, packageKind }),
            // The record names the file (and its archive entries) by its package path, not the temporary copy.
            result: JSON.stringify(renamed(entry, paths[i] as string, item.file.path)),
            checked_at: nowIso(ctx),
          });
        }
        return true;
      });
      if (!stored) return;
    } finally {
      await scan.dispose();
    }
  }

  await finishChecks(ctx, job);
}

/**
 * Moves the package of a job to `in_review`, once every current file version has a result.
 * A re-check keeps the review turn, so a duplicate or stale job of the same package and turn
 * (queued twice, or re-queued by another process on start) may reach this point while the
 * versions whose results the re-check set aside are still being checked by the job the re-check
 * queued. Such a job leaves the package `checking`: the job that stores the last missing result
 * moves it (and a package left `checking` is queued again on start). Returns whether it moved.
 */
export async function finishChecks(ctx: CommandContext, job: ChecksJob): Promise<boolean> {
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, job.packageId, ctx.actor, 'view');
    if (state.pkg.status !== 'checking' || state.pkg.review_turn !== job.reviewTurn) return false;
    if ((await verdictCounts(trx, state.pkg.id, Number(state.pkg.file_count))).pending > 0) return false;
    await transitionPackage(trx, { ...ctx, db: trx }, state, 'checks_finished', {});
    return true;
  });
}

/** Moves a package whose checks cannot finish to `failed`, with the reason. */
export async function failChecks(ctx: CommandContext, job: ChecksJob, reason: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, job.packageId, ctx.actor, 'view');
    if (state.pkg.status !== 'checking' || state.pkg.review_turn !== job.reviewTurn) return;
    await transitionPackage(trx, { ...ctx, db: trx }, state, 'fail', { comment: `Automated checks failed: ${reason}` });
  });
}
