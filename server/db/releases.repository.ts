/**
 * Release attempts of packages (migration 0008). The release job creates one row per attempt
 * (`insertRelease`), moves it along the steps with `advanceRelease` (idempotent: a step already
 * reached is a no-op, so a resumed job can repeat its last call), and ends it with
 * `markReleaseFailed` or, through `advanceRelease(…, 'released')`, released. Revocation marks
 * the row (`markReleaseRevoked`). Every write takes its audit event.
 */
import { RELEASE_STEP_ORDER, type ReleaseMethod, type ReleaseStep } from '../../common/vocab/release';
import type { ReleasedFile } from '../../common/contracts/releases.contract';
import { DomainError } from '../domain/errors';
import { type AuditInput, appendAudit } from './audit.repository';
import { newId } from './ids';
import type { Db, ReleasesTable, Tx } from './schema';

/** A release attempt as the commands use it (numbers as numbers, files parsed). */
export interface Release {
  id: string;
  packageId: string;
  step: ReleaseStep;
  method: ReleaseMethod;
  destinationId: string | null;
  bundle: { sha256: string; bytes: number; name: string } | null;
  manifestSha256: string | null;
  keyFingerprint: string | null;
  files: ReleasedFile[];
  startedBy: string | null;
  startedAt: string;
  updatedAt: string;
  releasedAt: string | null;
  failedAt: string | null;
  failureReason: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export function toRelease(row: ReleasesTable): Release {
  return {
    id: row.id,
    packageId: row.package_id,
    step: row.step,
    method: row.method,
    destinationId: row.destination_id,
    bundle: row.bundle_sha256 !== null ? { sha256: row.bundle_sha256, bytes: Number(row.bundle_bytes ?? 0), name: row.bundle_name ?? `${row.package_id}.zip` } : null,
    manifestSha256: row.manifest_sha256,
    keyFingerprint: row.key_fingerprint,
    files: JSON.parse(row.files) as ReleasedFile[],
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    releasedAt: row.released_at,
    failedAt: row.failed_at,
    failureReason: row.failure_reason,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  };
}

export interface NewRelease {
  packageId: string;
  method: ReleaseMethod;
  destinationId?: string | null;
  /** The file versions the release takes out (the manifest's files). */
  files: ReleasedFile[];
  startedBy: string | null;
  at: string;
}

/**
 * Records a new attempt at step `sealing`. A package has at most one attempt that has not
 * failed: a second is refused with `release.in_progress` (the database's unique index decides
 * under concurrency; callers should hold the package's lock anyway).
 */
export async function insertRelease(trx: Tx, input: NewRelease, audit: AuditInput): Promise<Release> {
  if (await findLiveRelease(trx, input.packageId)) throw new DomainError('release.in_progress', 'This package already has a release that has not failed');
  const row: ReleasesTable = {
    id: newId(),
    package_id: input.packageId,
    step: 'sealing',
    method: input.method,
    destination_id: input.destinationId ?? null,
    bundle_sha256: null,
    bundle_bytes: null,
    bundle_name: null,
    manifest_sha256: null,
    key_fingerprint: null,
    files: JSON.stringify(input.files),
    started_by: input.startedBy,
    started_at: input.at,
    updated_at: input.at,
    released_at: null,
    failed_at: null,
    failure_reason: null,
    revoked_at: null,
    revoked_by: null,
    revoke_reason: null,
  };
  await trx.insertInto('releases').values(row).execute();
  await appendAudit(trx, { ...audit, summary: { releaseId: row.id, method: row.method, files: input.files.length, ...audit.summary } });
  return toRelease(row);
}

export async function findRelease(db: Db, id: string): Promise<Release | undefined> {
  const row = await db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRelease(row) : undefined;
}

/** The package's attempt that has not failed (in progress, released or revoked), if any. */
export async function findLiveRelease(db: Db, packageId: string): Promise<Release | undefined> {
  const row = await db.selectFrom('releases').selectAll().where('package_id', '=', packageId).where('step', '<>', 'failed').executeTakeFirst();
  return row ? toRelease(row) : undefined;
}

/** Every attempt of the package, oldest first (failed ones included). */
export async function listReleases(db: Db, packageId: string): Promise<Release[]> {
  const rows = await db.selectFrom('releases').selectAll().where('package_id', '=', packageId).orderBy('started_at').orderBy('id').execute();
  return rows.map(toRelease);
}

/** What a step records when it is reached (each field only by the step that produces it). */
export interface StepFacts {
  bundle?: { sha256: string; bytes: number; name: string };
  manifestSha256?: string;
  keyFingerprint?: string;
  destinationId?: string | null;
}

/**
 * Moves the attempt forward to `step`, recording `facts`, with its audit event. Idempotent: when
 * the attempt is already at `step` or past it, nothing changes and no event is written (answers
 * `advanced: false`), so a resumed job may repeat the call; it never moves backwards. Refused
 * with `release.invalid_step` for a failed attempt, and for `sealed` or later without the bundle,
 * its manifest sha256 and key fingerprint (given now or before).
 */
export async function advanceRelease(trx: Tx, id: string, step: Exclude<ReleaseStep, 'failed'>, facts: StepFacts, audit: AuditInput): Promise<{ release: Release; advanced: boolean }> {
  const current = await findRelease(trx, id);
  if (!current) throw new DomainError('release.not_found', 'No such release');
  if (current.step === 'failed') throw new DomainError('release.invalid_step', 'This release attempt failed; a retry starts a new one');
  const from = RELEASE_STEP_ORDER.indexOf(current.step);
  const to = RELEASE_STEP_ORDER.indexOf(step);
  if (to <= from) return { release: current, advanced: false };
  const bundle = facts.bundle ?? current.bundle;
  const manifest = facts.manifestSha256 ?? current.manifestSha256;
  const fingerprint = facts.keyFingerprint ?? current.keyFingerprint;
  if (to >= RELEASE_STEP_ORDER.indexOf('sealed') && (!bundle || !manifest || !fingerprint)) {
    throw new DomainError('release.invalid_step', 'A release is sealed only with its bundle, manifest sha256 and key fingerprint');
  }
  const changes: Partial<ReleasesTable> = { step, updated_at: audit.at };
  if (facts.bundle) Object.assign(changes, { bundle_sha256: facts.bundle.sha256, bundle_bytes: facts.bundle.bytes, bundle_name: facts.bundle.name });
  if (facts.manifestSha256) changes.manifest_sha256 = facts.manifestSha256;
  if (facts.keyFingerprint) changes.key_fingerprint = facts.keyFingerprint;
  if (facts.destinationId !== undefined) changes.destination_id = facts.destinationId;
  if (step === 'released') changes.released_at = audit.at;
  // The step in the where clause: two workers advancing at once move it once.
  const result = await trx.updateTable('releases').set(changes).where('id', '=', id).where('step', '=', current.step).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return { release: (await findRelease(trx, id)) as Release, advanced: false };
  await appendAudit(trx, { ...audit, summary: { releaseId: id, from: current.step, to: step, ...audit.summary } });
  return { release: (await findRelease(trx, id)) as Release, advanced: true };
}

/** Ends an attempt that has not been released as failed, with its reason; false when it was already failed or released. */
export async function markReleaseFailed(trx: Tx, id: string, reason: string, audit: AuditInput): Promise<boolean> {
  const result = await trx
    .updateTable('releases')
    .set({ step: 'failed', failed_at: audit.at, failure_reason: reason.slice(0, 2000), updated_at: audit.at })
    .where('id', '=', id)
    .where('step', 'not in', ['released', 'failed'])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await appendAudit(trx, { ...audit, summary: { releaseId: id, reason: reason.slice(0, 2000), ...audit.summary } });
  return true;
}

/**
 * Marks a released attempt revoked (who, when, why). The caller revokes the links and moves the
 * package in the same transaction and writes the audit event (the package's `package.revoked`).
 * False when it was not released or already revoked.
 */
export async function markReleaseRevoked(trx: Tx, id: string, by: string | null, reason: string, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('releases')
    .set({ revoked_at: at, revoked_by: by, revoke_reason: reason, updated_at: at })
    .where('id', '=', id)
    .where('step', '=', 'released')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
