/**
 * A signing key's file: the bundle signing key (docs/bundles.md, "Keys") or the audit checkpoint
 * key (docs/audit.md, "Checkpoints"), each its own file and never the other. A PKCS#8 PEM Ed25519 private key,
 * mode 0600. Read afresh on every `load()` so a rotation or a replaced file is picked up, and
 * refused when group or others have any access, when it is not a regular file, or when it is not
 * an Ed25519 private key. `create()` writes a new key to a temporary name and renames it over
 * the old one, so a crash leaves either the old key or the new one, never half a key.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DomainError } from '../domain/errors';
import type { BundleKeyStore, BundleSigner } from '../ports/bundle-signer';
import { ed25519Signer } from './ed25519-signer';

/** Which key a file holds: the words its messages use and the codes its refusals carry. */
export interface KeyFileKind {
  label: string;
  insecure: 'bundle_key.insecure' | 'audit_checkpoint_key.insecure';
  corrupt: 'bundle_key.corrupt' | 'audit_checkpoint_key.corrupt';
  configuredPath: 'bundle_key.configured_path' | 'audit_checkpoint_key.configured_path';
}

export const BUNDLE_KEY_FILE: KeyFileKind = { label: 'bundle signing key', insecure: 'bundle_key.insecure', corrupt: 'bundle_key.corrupt', configuredPath: 'bundle_key.configured_path' };
export const AUDIT_CHECKPOINT_KEY_FILE: KeyFileKind = {
  label: 'audit checkpoint key',
  insecure: 'audit_checkpoint_key.insecure',
  corrupt: 'audit_checkpoint_key.corrupt',
  configuredPath: 'audit_checkpoint_key.configured_path',
};

/** A key store over the file at `path`; `managed` lets the server create and rotate it itself. */
export function fileKeyStore(path: string, managed: boolean, kind: KeyFileKind = BUNDLE_KEY_FILE): BundleKeyStore {
  return {
    location: path,
    managed,
    load: () => loadKeyFile(path, kind),
    create: async () => {
      if (!managed) throw new DomainError(kind.configuredPath, `The ${kind.label} is the configured file ${path}: replace that file with a new key and restart the server.`);
      return writeNewKey(path);
    },
  };
}

async function loadKeyFile(path: string, kind: KeyFileKind): Promise<BundleSigner | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!info.isFile()) throw new DomainError(kind.corrupt, `The ${kind.label} ${path} is not a regular file.`);
  if ((info.mode & 0o077) !== 0) {
    throw new DomainError(
      kind.insecure,
      `The ${kind.label} ${path} is accessible to group or others (mode ${(info.mode & 0o777).toString(8).padStart(3, '0')}); make it readable by the server's user only: chmod 600 ${path}`,
    );
  }
  const pem = await readFile(path, 'utf8');
  let key;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new DomainError(kind.corrupt, `The ${kind.label} ${path} is not a readable private key (expected a PKCS#8 PEM Ed25519 key).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new DomainError(kind.corrupt, `The ${kind.label} ${path} is a ${key.asymmetricKeyType ?? 'unknown'} key; it must be an Ed25519 key.`);
  return ed25519Signer(key);
}

async function writeNewKey(path: string): Promise<BundleSigner> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temporary, 0o600); // the umask cannot widen it, but be explicit
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
  return ed25519Signer(privateKey);
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
