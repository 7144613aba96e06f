/**
 * A released package's release, its download links and its revocation (issue 12, docs/design.md §8):
 * - `getPackageRelease`: the release as the package page shows it (links without their tokens, and
 *   where a push or folder export put the bundle);
 * - `issueReleaseLink`: a system manager issues a new link for a released, unrevoked package,
 *   within the tier's link lifetime from now, without a new approval (the token is returned once);
 * - `revokeRelease`: a system manager or the work package's DPR revokes the release with a reason:
 *   the package moves released → revoked through `transitionPackage`, the release row is marked
 *   and every link is killed, in one transaction with the `package.revoked` event; then the
 *   delivery's own revoke step (ports/release-revoke.ts) runs after commit and is audited;
 * - `listReleasedFiles`: what the release took out, for anyone who may see the package, until revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type IssuedLink, type Release as ReleaseView, type ReleasedFiles, type ReleaseLink, issueLinkRequestSchema, revokeReleaseRequestSchema } from '../../common/contracts/releases.contract';
import { appendAudit } from '../db/audit.repository';
import { newId } from '../db/ids';
import { findTierPolicy } from '../db/question-sets.repository';
import { type ReleaseLinkRow, insertReleaseLink, listReleaseLinks, revokeReleaseLinks } from '../db/release-links.repository';
import { type Release, findLiveRelease, markReleaseRevoked } from '../db/releases.repository';
import type { Db, Tx } from '../db/schema';
import { linkExpiry } from '../domain/release/download-link';
import { DomainError } from '../domain/errors';
import { type ReleaseSubject, authorizeRelease, releaseAbilities } from '../policies/release.policy';
import type { AddressLists } from '../ports/address-lists';
import type { ReleaseRevokeSteps } from '../ports/release-revoke';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { type PackageState, loadPackageFor, lockPackageFor } from './package-access';
import { transitionPackage } from './package-lifecycle';
import { parseInput } from './parse-input';
import { releaseDeliveryOf } from './release-delivery.queries';

/** Where a link's token is used: `GET /api/v1/links/<token>` (no sign-in). */
export const linkPath = (token: string): string => `/api/v1/links/${token}`;

/** Link tokens: a mark and 256 random bits, base64url (the mark lets scanners recognise a leaked one). */
export const LINK_TOKEN_MARK = 'egl_';
export const LINK_TOKEN_PATTERN = /^egl_[A-Za-z0-9_-]{43}$/;
export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The agreed tier's longest link lifetime in hours; null when the tier allows no links. */
export async function linkLifetimeOf(db: Db, state: PackageState): Promise<number | null> {
  const { tier, policy_version: version } = state.workPackage;
  if (tier === null || version === null) return null;
  const policy = await findTierPolicy(db, Number(version));
  return policy?.tiers[Number(tier)]?.linkLifetimeHours ?? null;
}

async function subjectOf(db: Db, state: PackageState): Promise<ReleaseSubject> {
  return { package: state.subject, linkLifetimeHours: await linkLifetimeOf(db, state) };
}

async function releaseOf(db: Db, packageId: string): Promise<Release> {
  const release = await findLiveRelease(db, packageId);
  if (!release) throw new DomainError('release.not_found', 'This package has not been released');
  return release;
}

function linkState(link: ReleaseLinkRow, release: Release, now: string): ReleaseLink['state'] {
  if (link.revokedAt !== null || release.revokedAt !== null) return 'revoked';
  if (link.expiresAt <= now) return 'expired';
  return link.downloads >= link.maxDownloads ? 'exhausted' : 'active';
}

function toLinkView(link: ReleaseLinkRow & { createdByName?: string | null }, release: Release, now: string): ReleaseLink {
  return {
    id: link.id,
    createdAt: link.createdAt,
    createdBy: link.createdByName ?? null,
    expiresAt: link.expiresAt,
    maxDownloads: link.maxDownloads,
    downloads: link.downloads,
    allowedNetworks: link.allowedNetworks,
    revokedAt: link.revokedAt ?? release.revokedAt,
    state: linkState(link, release, now),
  };
}

/** The package's release with its links (never their tokens) and what the caller may do. Throws `release.not_found` before release. */
export async function getPackageRelease(ctx: CommandContext, packageId: string): Promise<ReleaseView> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  const subject = await subjectOf(ctx.db, state);
  authorizeRelease('view', subject);
  const release = await releaseOf(ctx.db, packageId);
  const now = nowIso(ctx);
  const links = await listReleaseLinks(ctx.db, release.id);
  const revokedBy = release.revokedBy ? await ctx.db.selectFrom('users').select('name').where('id', '=', release.revokedBy).executeTakeFirst() : undefined;
  const abilities = releaseAbilities(subject);
  return {
    id: release.id,
    packageId: release.packageId,
    step: release.step,
    method: release.method,
    destinationId: release.destinationId,
    bundle: release.bundle,
    manifestSha256: release.manifestSha256,
    keyFingerprint: release.keyFingerprint,
    startedAt: release.startedAt,
    releasedAt: release.releasedAt,
    failureReason: release.failureReason,
    revocation: release.revokedAt ? { at: release.revokedAt, byName: revokedBy?.name ?? null, reason: release.revokeReason ?? '' } : null,
    delivery: await releaseDeliveryOf(ctx.db, release),
    linkLifetimeHours: subject.linkLifetimeHours,
    links: links.map((l) => toLinkView(l, release, now)),
    abilities: { issueLink: abilities.issue_link, revoke: abilities.revoke },
  };
}

/**
 * Issues a link for `release` in the caller's transaction (the release job may call it as the
 * system once the release is delivered): validates the lifetime against the tier's
 * `tierLifetimeHours` and the allow-list, stores the token's sha256 and audits
 * `release.link_issued`. Returns the token, which exists nowhere else.
 */
export async function issueLinkInTransaction(
  trx: Tx,
  ctx: CommandContext,
  addresses: AddressLists,
  release: Release & { projectId: string },
  tierLifetimeHours: number,
  input: unknown,
): Promise<IssuedLink> {
  const request = parseInput(issueLinkRequestSchema, input);
  const expiresAt = linkExpiry(ctx.clock.now(), tierLifetimeHours, request.lifetimeHours);
  if (expiresAt === null) {
    throw new DomainError('link.lifetime_too_long', `A link for this package may live at most ${tierLifetimeHours} hours (its tier’s limit)`, { maxHours: tierLifetimeHours });
  }
  const parsed = addresses.parse(request.allowedNetworks ?? []);
  if (parsed.errors.length > 0) throw new DomainError('link.networks_invalid', `The allow-list is not valid: ${parsed.errors.join('; ')}`, { problems: parsed.errors });
  const token = `${LINK_TOKEN_MARK}${randomBytes(32).toString('base64url')}`;
  const at = nowIso(ctx);
  const allowed = parsed.entries.length > 0 ? parsed.entries : null;
  const row = {
    id: newId(),
    release_id: release.id,
    token_sha256: hashLinkToken(token),
    created_by: ctx.actor.userId,
    created_at: at,
    expires_at: expiresAt,
    max_downloads: request.maxDownloads,
    downloads: 0,
    allowed_networks: allowed ? JSON.stringify(allowed) : null,
    revoked_at: null,
  };
  const audit = auditBy(
    ctx,
    'release.link_issued',
    { type: 'package', id: release.packageId, projectId: release.projectId },
    { releaseId: release.id, linkId: row.id, expiresAt, maxDownloads: request.maxDownloads, allowedNetworks: allowed },
  );
  const link = await insertReleaseLink(trx, row, audit);
  return { link: toLinkView(link, release, at), token, path: linkPath(token) };
}

/** A system manager issues a new link for a released, unrevoked package (no new approval). */
export async function issueReleaseLink(ctx: CommandContext, deps: { addresses: AddressLists }, packageId: string, input: unknown): Promise<IssuedLink> {
  return inTransaction(ctx, async (trx) => {
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    const subject = await subjectOf(trx, state);
    authorizeRelease('issue_link', subject);
    const release = await releaseOf(trx, packageId);
    return issueLinkInTransaction(trx, { ...ctx, db: trx }, deps.addresses, { ...release, projectId: state.pkg.project_id }, subject.linkLifetimeHours as number, input);
  });
}

/**
 * Revokes the package's release: released → revoked (`transitionPackage`, which checks who may:
 * a system manager or the work package's DPR), the release marked with who, when and why, and
 * every link killed at once, all in one transaction with the `package.revoked` event. After the
 * commit, the delivery method's revoke step runs (deleting pushed objects, recording that a
 * folder export must be deleted by its recipient) and its outcome is audited
 * (`release.delivery_revoked`); a failing step is audited too and does not undo the revocation.
 */
export async function revokeRelease(ctx: CommandContext, deps: { revokeSteps: ReleaseRevokeSteps }, packageId: string, input: unknown): Promise<ReleaseView> {
  const request = parseInput(revokeReleaseRequestSchema, input);
  const { release, projectId } = await inTransaction(ctx, async (trx) => {
    const tctx = { ...ctx, db: trx };
    const state = await lockPackageFor(trx, packageId, ctx.actor, 'view');
    const release = await findLiveRelease(trx, packageId);
    const at = nowIso(ctx);
    // Links are killed first so the count goes into the package's event.
    const linksRevoked = release ? await revokeReleaseLinks(trx, release.id, at) : 0;
    await transitionPackage(trx, tctx, state, 'revoke', { version: request.version, comment: request.reason, audit: { releaseId: release?.id ?? null, linksRevoked } });
    if (!release || !(await markReleaseRevoked(trx, release.id, ctx.actor.userId, request.reason, at))) {
      throw new DomainError('release.not_released', 'This package has no release to revoke');
    }
    return { release, projectId: state.pkg.project_id };
  });
  const step = deps.revokeSteps[release.method];
  if (step) {
    let outcome: Record<string, unknown>;
    try {
      outcome = { ok: true, ...(await step(release)) };
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error' };
    }
    await inTransaction(ctx, (trx) =>
      appendAudit(trx, auditBy(ctx, 'release.delivery_revoked', { type: 'package', id: packageId, projectId }, { releaseId: release.id, method: release.method, ...outcome })),
    );
  }
  return getPackageRelease(ctx, packageId);
}

/**
 * The files the release took out, for anyone who may see the package, while it is released
 * (after revocation, nothing: `content.revoked`). Reading their bytes goes through the file
 * content route, which follows the same rule and audits every read.
 */
export async function listReleasedFiles(ctx: CommandContext, packageId: string): Promise<ReleasedFiles> {
  const state = await loadPackageFor(ctx.db, packageId, ctx.actor);
  if (state.pkg.status === 'revoked') throw new DomainError('content.revoked', 'The release of this package was revoked; none of its files can be read');
  if (state.pkg.status !== 'released') throw new DomainError('content.not_released', 'This package has not been released');
  const release = await releaseOf(ctx.db, packageId);
  return { releaseId: release.id, releasedAt: release.releasedAt, files: release.files };
}

/**
 * For a released package, refuses (`content.not_released`) a file version the release did not
 * take out: after release only what left is readable (policies/package-content.policy.ts).
 */
export async function assertReleasedVersion(db: Db, packageId: string, fileVersionId: string): Promise<void> {
  const release = await releaseOf(db, packageId);
  if (!release.files.some((f) => f.fileVersionId === fileVersionId)) {
    throw new DomainError('content.not_released', 'Only the files the release took out can be read');
  }
}
