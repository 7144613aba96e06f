/**
 * `GET /api/v1/keys`: every public key that signs or has signed release bundles (docs/bundles.md).
 * Public and cacheable: verifiers fetch it once and pin the fingerprints.
 */
import { z } from 'zod';

export const bundleKeySchema = z
  .object({
    /** Lower-case hex SHA-256 of the raw public key (common/bundle/format.ts). */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    algorithm: z.literal('Ed25519'),
    /** Base64 of the raw 32-byte public key. */
    publicKey: z.string(),
    /** The same key as an SPKI PEM. */
    publicKeyPem: z.string(),
    createdAt: z.string(),
    retiredAt: z.string().nullable(),
    /** True for the key that signs new bundles. */
    current: z.boolean(),
  })
  .strict();
export type BundleKey = z.infer<typeof bundleKeySchema>;

export const bundleKeysResponseSchema = z.object({ keys: z.array(bundleKeySchema) }).strict();
export type BundleKeysResponse = z.infer<typeof bundleKeysResponseSchema>;
