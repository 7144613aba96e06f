/**
 * What applying, proposing and previewing a redaction share (issue 13): loading the file and the
 * version the caller saw (refused with `redaction.stale_version` unless it is the current one),
 * turning finding keys into targets (rule and location, never a value), the check parameters of
 * the package, running the operation through the Redactor port on the version's stored bytes,
 * and storing the result as a blob. A blob is not a version: only the commands' transactions
 * make one, so a failed or refused run leaves nothing a package shows.
 */
import type { ScannedEntry } from '../../common/contracts/scan.contract';
import { findCheckSettings } from '../db/check-settings.repository';
import { findCheckResult, findFile, listVersions, toNumber } from '../db/packages.repository';
import type { StoredTarget } from '../db/redaction.repository';
import type { Db, FileVersionsTable, PackageFilesTable } from '../db/schema';
import { DomainError } from '../domain/errors';
import { findFindingByKey } from '../domain/review/result-findings';
import { type RedactionAction, decideRedaction } from '../policies/redaction.policy';
import type { BlobStore, StoredBlob } from '../ports/blob-store';
import type { PackageLimits, RedactionServices } from '../ports/package-services';
import type { RedactedFile, RedactionRun } from '../ports/redactor';
import type { ScanParameters } from '../checks/shared/presets';
import { checkSettingsOf, resolveChecks } from './check-settings.resolve';
import type { PackageState } from './package-access';

type TargetFinding = RedactionRun['targets'][number];

/** What the redaction commands need from the running system. */
export interface RedactionDeps {
  blobs: BlobStore;
  limits: PackageLimits;
  redaction: RedactionServices;
}

/** Throws the redaction policy's refusal when the actor may not take `action` now. */
export function authorizeRedaction(state: PackageState, action: RedactionAction): void {
  const decision = decideRedaction(action, state.subject);
  if (!decision.ok) throw new DomainError(decision.code, decision.reason, { action });
}

/** The file (in the package, not taken out) and its current version. */
export async function currentVersionOf(db: Db, packageId: string, fileId: string): Promise<{ file: PackageFilesTable; current: FileVersionsTable }> {
  const file = await findFile(db, packageId, fileId);
  if (!file || file.deleted_at !== null) throw new DomainError('file.not_found', 'No such file in this package');
  const current = (await listVersions(db, file.id)).find((v) => v.number === file.current_version);
  if (!current) throw new DomainError('file.not_found', 'No such file in this package');
  return { file, current };
}

/** Refuses unless `fileVersionId` is the file's current version (what the caller saw is what is redacted). */
export function assertCurrent(current: FileVersionsTable, fileVersionId: string): void {
  if (current.id !== fileVersionId) {
    throw new DomainError('redaction.stale_version', `The version you redacted is not this file's current version (now version ${current.number}); reload it and try again`, {
      currentVersionId: current.id,
    });
  }
}

/** The findings named by key in the version's check result, as targets for the operation and as stored. */
export async function targetsOf(db: Db, version: FileVersionsTable, keys: readonly string[]): Promise<{ targets: TargetFinding[]; stored: StoredTarget[] }> {
  if (keys.length === 0) return { targets: [], stored: [] };
  const check = await findCheckResult(db, version.id);
  const result = check ? (JSON.parse(check.result) as ScannedEntry) : undefined;
  const targets: TargetFinding[] = [];
  const stored: StoredTarget[] = [];
  for (const key of new Set(keys)) {
    const found = result ? findFindingByKey(result, key) : undefined;
    if (!found) throw new DomainError('redaction.finding_not_found', 'A finding named is not one of this version’s findings; reload the findings and try again', { findingKey: key });
    targets.push({ rule: found.finding.rule, ...(found.finding.location ? { location: found.finding.location } : {}) });
    stored.push({ findingKey: key, rule: found.finding.rule });
  }
  return { targets, stored };
}

/** The check parameters that apply to the package (the project's settings for its tier), which operations use as thresholds. */
export async function scanParametersOf(db: Db, deps: RedactionDeps, state: PackageState): Promise<ScanParameters> {
  const settings = checkSettingsOf(await findCheckSettings(db, state.pkg.project_id));
  return resolveChecks(deps.redaction.checks.preset, settings, state.workPackage.tier === null ? null : Number(state.workPackage.tier)).parameters;
}

export interface RedactionAsk {
  operation: string;
  parameters: unknown;
}

/** Runs the operation on the version's stored bytes; the caller disposes of the result. */
export async function runOn(
  deps: RedactionDeps,
  file: PackageFilesTable,
  version: FileVersionsTable,
  ask: RedactionAsk,
  scanParameters: ScanParameters,
  targets: TargetFinding[],
): Promise<RedactedFile> {
  const content = await deps.blobs.open(version.sha256);
  return deps.redaction.redactor.redact({
    operation: ask.operation,
    parameters: ask.parameters,
    source: { name: file.path.slice(file.path.lastIndexOf('/') + 1), mediaType: version.media_type, bytes: toNumber(version.bytes), content },
    scanParameters,
    targets,
  });
}

/** Stores the redacted bytes as a blob (verified against the hash the run computed, within the file limit). */
export async function storeResult(deps: RedactionDeps, redacted: RedactedFile): Promise<StoredBlob> {
  if (redacted.bytes === 0) throw new DomainError('file.empty', 'The redacted file is empty; there would be nothing to release');
  return deps.blobs.put(redacted.open(), { expectedSha256: redacted.sha256, expectedBytes: redacted.bytes, maxBytes: deps.limits.maxFileBytes });
}
