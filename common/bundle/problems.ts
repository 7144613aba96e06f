/**
 * What can be wrong with a bundle, as stable codes (for `egress verify --json`, scripts and the
 * browser page) with words a person understands. The verifier reports only the first problem it
 * meets, in the order of docs/verify.md.
 */
export const BUNDLE_PROBLEMS = {
  'bundle.zip_truncated': 'The file ends early: it is not a whole bundle (an interrupted download or copy?).',
  'bundle.zip_corrupt': 'The zip structure is damaged or inconsistent.',
  'bundle.not_format_1': 'This is not a bundle in format 1.',
  'bundle.out_of_order': 'The bundle’s entries are not in the order format 1 requires.',
  'bundle.key_unknown': 'The bundle was signed with a key that is not among the keys given.',
  'bundle.signature_invalid': 'The signature does not match the manifest: the manifest was edited or the signature replaced.',
  'bundle.digest_mismatch': 'The manifest’s content digest does not match its files and inputs.',
  'bundle.sign_off_digest_mismatch': 'A sign-off was bound to a different content digest than the one released.',
  'bundle.file_missing': 'A file the manifest lists is not in the bundle.',
  'bundle.file_extra': 'The bundle holds a file the manifest does not list.',
  'bundle.file_altered': 'A file’s contents differ from what the manifest records.',
} as const;

export type BundleProblemCode = keyof typeof BUNDLE_PROBLEMS;

export interface BundleProblem {
  code: BundleProblemCode;
  /** Plain words: the general meaning and, where known, what exactly was found. */
  message: string;
  /** The file concerned (its path inside the package), for file problems. */
  path?: string;
}

/** Thrown inside the verifier to stop at the first problem; `verifyBundle` turns it into a result. */
export class BundleProblemError extends Error {
  constructor(
    readonly code: BundleProblemCode,
    detail?: string,
    readonly path?: string,
  ) {
    super(detail ? `${BUNDLE_PROBLEMS[code]} ${detail}` : BUNDLE_PROBLEMS[code]);
    this.name = 'BundleProblemError';
  }

  toProblem(): BundleProblem {
    return { code: this.code, message: this.message, ...(this.path !== undefined ? { path: this.path } : {}) };
  }
}
