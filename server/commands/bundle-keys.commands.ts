/**
 * The bundle signing key's lifecycle (docs/bundles.md, "Keys"): the key that signs is the one in
 * the key file (BundleKeyStore); the database lists the public half of every key so far, one of
 * them current. On the embedded default the first start creates the key; `egress keys rotate`
 * replaces it; with a configured path (PostgreSQL) operators replace the file and the next start
 * registers the new key and retires the previous one. Every new key is audited.
 */
import { SIGNATURE_ALGORITHM } from '../../common/bundle/format';
import type { BundleKey } from '../../common/contracts/bundle-keys.contract';
import { findBundleKey, insertCurrentBundleKey, listBundleKeyRows } from '../db/bundle-keys.repository';
import { ed25519PublicKeyPem } from '../domain/bundle-key';
import { DomainError } from '../domain/errors';
import type { BundleKeyStore, BundleSigner } from '../ports/bundle-signer';
import { type CommandContext, auditBy, inTransaction, nowIso } from './context';

/** Every public bundle key, oldest first, as `GET /api/v1/keys` and `egress keys` show them. */
export async function listBundleKeys(db: CommandContext['db']): Promise<BundleKey[]> {
  const rows = await listBundleKeyRows(db);
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    algorithm: SIGNATURE_ALGORITHM,
    publicKey: row.public_key,
    publicKeyPem: ed25519PublicKeyPem(Buffer.from(row.public_key, 'base64')),
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    current: row.retired_at === null,
  }));
}

/**
 * The signer to seal bundles with, checked against the listed keys: called at start-up (so a
 * missing, insecure or corrupt key refuses the start) and by the release job before each seal.
 * Creates the key on the embedded default's first start and registers a key not yet listed as
 * the new current one. Throws `bundle_key.missing` when the file is gone (and a key was already
 * listed, or the path is configured), `bundle_key.insecure` / `bundle_key.corrupt` from the
 * store, and `bundle_key.retired` for a key that was rotated out.
 */
export async function currentBundleSigner(ctx: CommandContext, store: BundleKeyStore): Promise<BundleSigner> {
  const signer = await store.load();
  if (!signer) {
    const listed = await listBundleKeyRows(ctx.db);
    if (store.managed && listed.length === 0) {
      const created = await store.create();
      await registerBundleKey(ctx, store, created, 'created');
      return created;
    }
    const current = listed.find((k) => k.retired_at === null);
    throw new DomainError(
      'bundle_key.missing',
      store.managed
        ? `The bundle signing key ${store.location} is missing, but key ${current?.fingerprint ?? listed.at(-1)?.fingerprint} is listed as in use. Restore the file from your backup, or run \`egress keys rotate\` to make a new key (bundles signed earlier still verify: their keys stay listed).`
        : `The bundle signing key ${store.location} (BUNDLE_SIGNING_KEY) does not exist. Create one (openssl genpkey -algorithm ed25519 -out ${store.location}; chmod 600 ${store.location}) or correct the setting.`,
      { location: store.location },
    );
  }
  const known = await findBundleKey(ctx.db, signer.fingerprint);
  if (known?.retired_at === null) return signer;
  if (known) {
    throw new DomainError(
      'bundle_key.retired',
      `The bundle signing key ${store.location} (${signer.fingerprint}) was retired on ${known.retired_at}; a retired key does not sign again. ${store.managed ? 'Run `egress keys rotate` to make a new key.' : 'Put a new key at that path and restart.'}`,
    );
  }
  await registerBundleKey(ctx, store, signer, store.managed ? 'rotated' : 'configured');
  return signer;
}

/**
 * `egress keys rotate` on the embedded default: writes a new key over the file, lists it as
 * current and retires the previous one (still listed, so earlier bundles verify). With a
 * configured path, refused with `bundle_key.configured_path`: operators replace the file.
 */
export async function rotateBundleKey(ctx: CommandContext, store: BundleKeyStore): Promise<{ fingerprint: string; retired: string[] }> {
  if (!store.managed) {
    throw new DomainError(
      'bundle_key.configured_path',
      `The bundle signing key is the configured file ${store.location} (BUNDLE_SIGNING_KEY): replace that file with a new Ed25519 key (mode 0600) and restart the server; the new key is then listed and the previous one retired.`,
    );
  }
  const signer = await store.create();
  const retired = await registerBundleKey(ctx, store, signer, 'rotated');
  return { fingerprint: signer.fingerprint, retired };
}

/** Lists `signer`'s public key as the current one and retires the others, audited; answers the retired fingerprints. */
async function registerBundleKey(ctx: CommandContext, store: BundleKeyStore, signer: BundleSigner, source: 'created' | 'rotated' | 'configured'): Promise<string[]> {
  const registered = (): Promise<string[]> =>
    inTransaction(ctx, async (trx) => {
      if (await findBundleKey(trx, signer.fingerprint)) return [];
      const retired = (await trx.selectFrom('bundle_keys').select('fingerprint').where('retired_at', 'is', null).execute()).map((r) => r.fingerprint);
      const at = nowIso(ctx);
      const action = retired.length > 0 ? 'bundle_key.rotated' : 'bundle_key.created';
      await insertCurrentBundleKey(
        trx,
        { fingerprint: signer.fingerprint, algorithm: SIGNATURE_ALGORITHM, public_key: Buffer.from(signer.publicKey).toString('base64'), source, created_at: at, retired_at: null },
        auditBy(ctx, action, { type: 'bundle_key', id: signer.fingerprint }, { fingerprint: signer.fingerprint, source, retired, location: store.location }),
      );
      return retired;
    });
  try {
    return await registered();
  } catch (error) {
    // Two processes starting at once with the same new key: the second insert loses the race.
    if ((await findBundleKey(ctx.db, signer.fingerprint))?.retired_at === null) return [];
    throw error;
  }
}
