/**
 * The content digest of a package (issue 10 §5): the hash a sign-off is bound to. Defined in
 * common/content-digest.ts so that `egress verify` and the browser's "verify a bundle" page
 * recompute it with the same code; re-exported here for the server's commands.
 */
export { CONTENT_DIGEST_VERSION, canonicalJson, contentDigest, contentDigestDocument, type ContentDigestInput } from '../../../common/content-digest';
