/**
 * The rules of a download link (issue 12), pure so they can be read and tested in one place.
 *
 * A request is refused, in this order, when: the release was revoked or the link revoked
 * (`link.revoked`); the link expired (`link.expired`); the address is not on the link's
 * allow-list (`link.address_not_allowed`); the request would count and the limit is reached
 * (`link.exhausted`). An unknown token is `link.not_found`, answered like any other unknown.
 *
 * What counts toward the download limit: a request for the bundle from its first byte (no Range,
 * a range starting at 0, or an If-Range that no longer matches, which sends the whole bundle).
 * A request for a range that starts later is a resume of a download already counted and does not
 * count, as long as one download was counted; the limit therefore bounds how many times the
 * bundle is fetched from the start, not bytes. Resumes are allowed while the link is live
 * (revoked and expired links refuse them too), also once the limit is reached, so the last
 * counted download can still finish.
 *
 * Example: a link with limit 2 and 2 counted downloads → `GET` without Range → `link.exhausted`;
 * `Range: bytes=1048576-` → allowed, not counted.
 */
import type { ErrorCode } from '../errors';

export interface LinkUseFacts {
  now: string;
  expiresAt: string;
  linkRevokedAt: string | null;
  releaseRevokedAt: string | null;
  /** The request's address is on the allow-list, or the link has none. */
  addressAllowed: boolean;
  downloads: number;
  maxDownloads: number;
  /** The first byte the request asks for (0 for the whole bundle). */
  rangeStart: number;
}

export type LinkUse = { ok: true; counts: boolean } | { ok: false; code: ErrorCode; reason: string };

/** Whether a request for bytes from `rangeStart` counts as a new download of a link that has counted `downloads`. */
export function countsTowardLimit(rangeStart: number, downloads: number): boolean {
  return rangeStart === 0 || downloads === 0;
}

/** Decides a request on a known link: refused with a stable code, or allowed and whether it counts. */
export function decideLinkUse(f: LinkUseFacts): LinkUse {
  if (f.releaseRevokedAt !== null || f.linkRevokedAt !== null) {
    return { ok: false, code: 'link.revoked', reason: 'This download link no longer works: the release was revoked, so its files may not be downloaded any more' };
  }
  if (f.expiresAt <= f.now) return { ok: false, code: 'link.expired', reason: 'This download link has expired; ask the data safe haven for a new one' };
  if (!f.addressAllowed) return { ok: false, code: 'link.address_not_allowed', reason: 'This download link cannot be used from your network address' };
  const counts = countsTowardLimit(f.rangeStart, f.downloads);
  if (counts && f.downloads >= f.maxDownloads) {
    return { ok: false, code: 'link.exhausted', reason: `This download link has been used the ${f.maxDownloads} time(s) it allows; ask the data safe haven for a new one` };
  }
  return { ok: true, counts };
}

/**
 * When a new link expires: `lifetimeHours` from now (the tier's limit when not given), never later
 * than the tier's `linkLifetimeHours` from now. Answers null when the asked lifetime is too long.
 */
export function linkExpiry(now: Date, tierLifetimeHours: number, lifetimeHours?: number): string | null {
  const hours = lifetimeHours ?? tierLifetimeHours;
  if (hours > tierLifetimeHours) return null;
  return new Date(now.getTime() + hours * 3_600_000).toISOString();
}
