/**
 * The content digest of a package (issue 10 §5): the hash a sign-off is bound to. Defined in
 * common/content-digest.ts so that `egress verify` and the browser's "verify a bundle" page
 * recompute it with the same code; the server hashes the same canonical text with node:crypto,
 * several times faster than the isomorphic hasher on 10,000 files.
 */
import { createHash } from 'node:crypto';
import { contentDigestText, type ContentDigestInput } from '../../../common/content-digest';

export { CONTENT_DIGEST_VERSION, canonicalJson, contentDigestDocument, contentDigestText, type ContentDigestInput } from '../../../common/content-digest';

/** Lower-case hex SHA-256 of the canonical document (equal to common/content-digest.ts's `contentDigest`, tested). */
export function contentDigest(input: ContentDigestInput): string {
  return createHash('sha256').update(contentDigestText(input), 'utf8').digest('hex');
}
