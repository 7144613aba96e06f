/**
 * Reading `manifest.sig` and `manifest.json` for the verifier: JSON of the shape format 1 writes,
 * checked for the fields the verifier relies on. The parsed value itself is returned (never a
 * stripped copy), so the content digest is recomputed from exactly what was signed.
 */
import { z } from 'zod';
import { BUNDLE_FORMAT, MANIFEST_ENTRY, SIGNATURE_ENTRY, type BundleManifest } from './format';
import { BundleProblemError } from './problems';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const SHA256_HEX = /^[0-9a-f]{64}$/;
const SIGNATURE_LENGTH = 64;

function parseJson(bytes: Uint8Array, entry: string, code: 'bundle.not_format_1' | 'bundle.signature_invalid'): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new BundleProblemError(code, `${entry} is not UTF-8 JSON.`);
  }
}

const signatureShape = z.object({ algorithm: z.string(), keyFingerprint: z.string(), signature: z.string() });

/** `manifest.sig`: algorithm, key fingerprint and the 64-byte signature (decoded). */
export function parseSignature(bytes: Uint8Array): { algorithm: string; keyFingerprint: string; signature: Uint8Array } {
  const parsed = signatureShape.safeParse(parseJson(bytes, SIGNATURE_ENTRY, 'bundle.signature_invalid'));
  if (!parsed.success) throw new BundleProblemError('bundle.signature_invalid', `${SIGNATURE_ENTRY} lacks its algorithm, key fingerprint or signature.`);
  let signature: Uint8Array;
  try {
    signature = Uint8Array.from(atob(parsed.data.signature), (c) => c.charCodeAt(0));
  } catch {
    throw new BundleProblemError('bundle.signature_invalid', 'The signature is not base64.');
  }
  if (signature.length !== SIGNATURE_LENGTH) throw new BundleProblemError('bundle.signature_invalid', `The signature is ${signature.length} bytes, not ${SIGNATURE_LENGTH}.`);
  return { ...parsed.data, signature };
}

const person = z.object({ id: z.string(), name: z.string() });
const manifestShape = z.object({
  bundleFormat: z.number(),
  release: z.object({ id: z.string(), releasedAt: z.string(), releasedBy: person }),
  project: z.object({ id: z.string(), name: z.string() }),
  workPackage: z.object({ id: z.string(), name: z.string() }),
  package: z.object({ id: z.string(), kind: z.string(), title: z.string() }),
  files: z.array(z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), sha256: z.string().regex(SHA256_HEX) })),
  classification: z.object({ tier: z.number() }),
  signOffs: z.array(z.object({ person, role: z.string(), contentDigest: z.string() })),
  contentDigest: z.object({
    version: z.literal(1),
    value: z.string(),
    inputs: z.object({ context: z.unknown(), removed: z.array(z.unknown()), tier: z.object({}).loose(), destination: z.object({}).loose() }),
  }),
});

/**
 * `manifest.json`, after its signature was checked: format 1's fields, files sorted by path
 * (UTF-16 code units) and unique.
 * @throws BundleProblemError `bundle.not_format_1`
 */
export function parseManifest(bytes: Uint8Array): BundleManifest {
  const value = parseJson(bytes, MANIFEST_ENTRY, 'bundle.not_format_1');
  if ((value as { bundleFormat?: unknown } | null)?.bundleFormat !== BUNDLE_FORMAT) {
    throw new BundleProblemError('bundle.not_format_1', `Its manifest says format ${String((value as { bundleFormat?: unknown } | null)?.bundleFormat)}.`);
  }
  const parsed = manifestShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleProblemError('bundle.not_format_1', `${MANIFEST_ENTRY} lacks ${issue ? issue.path.join('.') : 'a field'} or has it in another shape.`);
  }
  const files = parsed.data.files;
  for (let i = 1; i < files.length; i++) {
    if (!((files[i - 1]?.path ?? '') < (files[i]?.path ?? ''))) throw new BundleProblemError('bundle.not_format_1', `The manifest’s files are not sorted and unique at “${files[i]?.path}”.`);
  }
  return value as BundleManifest;
}
