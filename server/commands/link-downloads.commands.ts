/**
 * Downloading a release's bundle through a link (no sign-in; issue 12). Every request is audited
 * with its address: a refusal (`release.link_refused`, with its code) in its own transaction
 * before the answer; an allowed request (`release.link_download_started`, with the range and
 * whether it counted) in the transaction that counts it, before the first byte; and its end
 * (`release.link_download_ended`, with the bytes sent and whether the stream completed) when
 * the stream ends or is cut. An unknown token is audited without any part of the token.
 * The rules (what is refused, what counts) are server/domain/release/download-link.ts.
 */
import type { Readable } from 'node:stream';
import { appendAudit } from '../db/audit.repository';
import { countDownload, findLinkByTokenHash, findReleaseLink } from '../db/release-links.repository';
import { findRelease } from '../db/releases.repository';
import { findPackage } from '../db/packages.repository';
import { type LinkUseFacts, decideLinkUse } from '../domain/release/download-link';
import { DomainError } from '../domain/errors';
import type { AddressLists } from '../ports/address-lists';
import type { BlobStore, ByteRange } from '../ports/blob-store';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';
import { hashLinkToken } from './releases.commands';

export interface LinkDownloadDeps {
  blobs: BlobStore;
  addresses: AddressLists;
}

/** What the HTTP layer makes of the request's Range and If-Range headers, given the bundle. */
export type RangeChoice = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable'; header: string };

export type LinkDownload =
  | { kind: 'unsatisfiable'; bytes: number }
  | {
      kind: 'stream';
      stream: Readable;
      bundle: { sha256: string; bytes: number; name: string };
      /** The range sent; null for the whole bundle. */
      range: ByteRange | null;
      /** Audits the end of the download: bytes sent and whether every byte asked for went out. */
      finish(bytesSent: number): Promise<void>;
    };

const addressOf = (ctx: CommandContext): string | null => ctx.origin?.address ?? null;

async function audit(ctx: CommandContext, action: string, object: { id: string; projectId: string | null }, summary: Record<string, unknown>): Promise<void> {
  await inTransaction(ctx, (trx) => appendAudit(trx, auditBy(ctx, action, { type: 'release_link', ...object }, { address: addressOf(ctx), ...summary })));
}

async function refuse(ctx: CommandContext, object: { id: string; projectId: string | null }, code: DomainError['code'], reason: string, extra: Record<string, unknown> = {}): Promise<never> {
  await audit(ctx, 'release.link_refused', object, { code, ...extra });
  throw new DomainError(code, reason);
}

/**
 * Opens the download `token` names for the request in `ctx` (its origin is the address checked
 * against the allow-list): refuses with `link.not_found` (unknown), `link.not_ready` (the release has not finished), `link.revoked`, `link.expired`,
 * `link.address_not_allowed` or `link.exhausted`, each audited; answers `unsatisfiable` (audited)
 * when `chooseRange` finds the Range past the end; otherwise counts the download when it counts
 * (atomically), audits its start and returns the stream of the bundle (verified against its
 * sha256 when whole; a part is read as stored).
 */
export async function openLinkDownload(ctx: CommandContext, deps: LinkDownloadDeps, token: string, chooseRange: (bundle: { sha256: string; bytes: number }) => RangeChoice): Promise<LinkDownload> {
  // The lookup is by hash whatever the token looks like, so a malformed guess takes the same path.
  const link = await findLinkByTokenHash(ctx.db, hashLinkToken(token));
  const release = link ? await findRelease(ctx.db, link.releaseId) : undefined;
  const pkg = release ? await findPackage(ctx.db, release.packageId) : undefined;
  if (!link || !release || !pkg || !release.bundle) return refuse(ctx, { id: 'unknown', projectId: null }, 'link.not_found', 'No such download link');
  const bundle = release.bundle;
  const object = { id: link.id, projectId: pkg.project_id };
  // A link issued when the release started serves nothing until the package is released (docs/design.md §5.2).
  if (release.step !== 'released') {
    return refuse(ctx, object, 'link.not_ready', 'This release has not finished (or it failed): the link serves the bundle only once the package is released');
  }
  const choice = chooseRange(bundle);
  const rangeStart = choice.kind === 'partial' ? choice.range.start : choice.kind === 'unsatisfiable' ? bundle.bytes : 0;
  const address = addressOf(ctx);
  const facts = (current: typeof link): LinkUseFacts => ({
    now: nowIso(ctx),
    expiresAt: current.expiresAt,
    linkRevokedAt: current.revokedAt,
    releaseRevokedAt: release.revokedAt,
    addressAllowed: current.allowedNetworks === null || (address !== null && deps.addresses.contains(current.allowedNetworks, address)),
    downloads: current.downloads,
    maxDownloads: current.maxDownloads,
    rangeStart,
  });
  const use = decideLinkUse(facts(link));
  if (!use.ok) return refuse(ctx, object, use.code, use.reason);
  if (choice.kind === 'unsatisfiable') {
    await audit(ctx, 'release.link_refused', object, { code: 'range_not_satisfiable', range: choice.header.slice(0, 100), bytes: bundle.bytes });
    return { kind: 'unsatisfiable', bytes: bundle.bytes };
  }
  const range = choice.kind === 'partial' ? choice.range : null;
  const rangeText = range ? `${range.start}-${range.end}` : null;
  const counted = await inTransaction(ctx, async (trx) => {
    if (use.counts && !(await countDownload(trx, link.id, nowIso(ctx)))) return false;
    await appendAudit(
      trx,
      auditBy(
        ctx,
        'release.link_download_started',
        { type: 'release_link', ...object },
        { address, releaseId: release.id, packageId: pkg.id, range: rangeText, counted: use.counts, bytes: bundle.bytes },
      ),
    );
    return true;
  });
  if (!counted) {
    // Another request took the last download (or the link changed) since it was read: say why.
    const now = (await findReleaseLink(ctx.db, link.id)) ?? link;
    const again = decideLinkUse(facts(now));
    return refuse(ctx, object, again.ok ? 'link.exhausted' : again.code, again.ok ? 'This download link has been used the times it allows' : again.reason);
  }
  const stream = range && !(range.start === 0 && range.end === bundle.bytes - 1) ? await deps.blobs.openRange(bundle.sha256, range) : await deps.blobs.open(bundle.sha256);
  const expected = range ? range.end - range.start + 1 : bundle.bytes;
  let finished = false;
  return {
    kind: 'stream',
    stream,
    bundle,
    range,
    finish: async (bytesSent) => {
      if (finished) return;
      finished = true;
      await audit(ctx, 'release.link_download_ended', object, { releaseId: release.id, range: rangeText, bytesSent, complete: bytesSent === expected });
    },
  };
}
