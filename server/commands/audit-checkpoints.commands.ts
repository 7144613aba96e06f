/**
 * Signed checkpoints of the audit chain (docs/audit.md, "Checkpoints"; server/domain/audit-checkpoint.ts):
 * recording them (every N events and on a schedule, by the server's checkpointer; on demand by
 * `egress audit checkpoints`), exporting them, and verifying the log against a checkpoint file
 * kept elsewhere. The checkpoint key is its own Ed25519 key (never the bundle key); its file's
 * lifecycle is a key store like the bundle key's (server/bundles/key-file.ts).
 *
 * Checkpoints are not audit events themselves: a checkpoint written into the chain would move
 * the head it attests to.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { type AuditCheckpoint, AUDIT_CHECKPOINT_FORMAT, auditCheckpointSchema } from '../../common/contracts/audit.contract';
import { eventHashes, insertAuditCheckpoint, lastCheckpointedSeq, listAuditCheckpoints, readAuditHead } from '../db/audit-checkpoints.repository';
import { type ChainVerification, type TrustedCheckpoint, verifyAuditChain } from '../db/audit.repository';
import { checkpointStatement, dueCheckpointSeqs } from '../domain/audit-checkpoint';
import { DomainError } from '../domain/errors';
import type { BundleKeyStore as KeyStore, BundleSigner as Signer } from '../ports/bundle-signer';
import { authorizeSession } from '../policies/session.policy';
import type { CommandContext } from './context';

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * The audit checkpoint signer: the key file's key, created on the embedded default's first use
 * (unless `create` is false, as for verifying: a new key could not vouch for earlier checkpoints).
 * Throws `audit_checkpoint_key.missing` when there is no file to use, and the store's
 * `audit_checkpoint_key.insecure` / `audit_checkpoint_key.corrupt`.
 */
export async function auditCheckpointSigner(keys: KeyStore, options: { create: boolean } = { create: true }): Promise<Signer> {
  const signer = await keys.load();
  if (signer) return signer;
  if (keys.managed && options.create) return keys.create();
  throw new DomainError(
    'audit_checkpoint_key.missing',
    keys.managed
      ? `The audit checkpoint key ${keys.location} does not exist: restore it from your backup (checkpoints are checked against it).`
      : `The audit checkpoint key ${keys.location} (AUDIT_CHECKPOINT_KEY) does not exist. Create one (openssl genpkey -algorithm ed25519 -out ${keys.location}; chmod 600 ${keys.location}) or correct the setting.`,
    { location: keys.location },
  );
}

/**
 * Signs and stores the checkpoints that are due: one at every multiple of `every` not yet
 * checkpointed, and, with `head`, one of the current head when it moved past the last checkpoint.
 * Safe to run from several processes (one checkpoint per event). Returns the events checkpointed.
 */
export async function recordAuditCheckpoints(ctx: CommandContext, signer: Signer, options: { every: number; head: boolean }): Promise<number[]> {
  const head = await readAuditHead(ctx.db);
  const last = await lastCheckpointedSeq(ctx.db);
  const due = dueCheckpointSeqs(last, head.seq, options.every);
  if (options.head && head.seq > last && !due.includes(head.seq)) due.push(head.seq);
  const hashes = await eventHashes(ctx.db, due);
  const at = ctx.clock.now().toISOString();
  const recorded: number[] = [];
  for (const seq of due) {
    const headHash = hashes.get(seq);
    if (headHash === undefined) continue; // not stored: `egress audit verify` reports the gap
    const claim = { seq, headHash, at, keyFingerprint: signer.fingerprint };
    await insertAuditCheckpoint(ctx.db, { ...toRow(claim), public_key: base64(signer.publicKey), signature: base64(signer.sign(checkpointStatement(claim))) });
    recorded.push(seq);
  }
  return recorded;
}

function toRow(claim: { seq: number; headHash: string; at: string; keyFingerprint: string }) {
  return { seq: claim.seq, head_hash: claim.headHash, at: claim.at, key_fingerprint: claim.keyFingerprint };
}

/** Every stored checkpoint, oldest first, as the export writes them (system managers and the CLI). */
export async function listCheckpoints(ctx: CommandContext): Promise<AuditCheckpoint[]> {
  authorizeSession('viewAllAudit', ctx.actor);
  return (await listAuditCheckpoints(ctx.db)).map((row) => ({
    format: AUDIT_CHECKPOINT_FORMAT,
    seq: Number(row.seq),
    headHash: row.head_hash,
    at: row.at,
    keyFingerprint: row.key_fingerprint,
    publicKey: row.public_key,
    signature: row.signature,
  }));
}

/**
 * Reads a checkpoint file (JSON lines, or one JSON array) and keeps only checkpoints this server
 * signed. Throws `audit.checkpoints_invalid` for a file that is not checkpoints,
 * `audit.checkpoint_unknown_key` for one signed by another key (another server's, or a key this
 * server no longer has), `audit.checkpoint_bad_signature` for one altered after signing.
 */
export function trustedCheckpoints(text: string, signer: Pick<Signer, 'fingerprint' | 'publicKey'>): TrustedCheckpoint[] {
  const trimmed = text.trim();
  let items: unknown[];
  try {
    items = trimmed.startsWith('[')
      ? (JSON.parse(trimmed) as unknown[])
      : trimmed
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as unknown);
  } catch {
    throw new DomainError('audit.checkpoints_invalid', 'The checkpoint file is not JSON lines (one checkpoint per line, as `egress audit checkpoints` writes them)');
  }
  if (!Array.isArray(items) || items.length === 0) throw new DomainError('audit.checkpoints_invalid', 'The checkpoint file holds no checkpoints');
  const ourKey = base64(signer.publicKey);
  return items.map((item, index) => {
    const parsed = auditCheckpointSchema.safeParse(item);
    if (!parsed.success) throw new DomainError('audit.checkpoints_invalid', `Entry ${index + 1} of the checkpoint file is not an audit checkpoint (${AUDIT_CHECKPOINT_FORMAT})`);
    const cp = parsed.data;
    if (cp.keyFingerprint !== signer.fingerprint || cp.publicKey !== ourKey) {
      throw new DomainError(
        'audit.checkpoint_unknown_key',
        `The checkpoint for event ${cp.seq} was signed by key ${cp.keyFingerprint}, which is not this server's audit checkpoint key (${signer.fingerprint}): the file comes from another server, or the key was replaced. Nothing was checked.`,
        { keyFingerprint: cp.keyFingerprint },
      );
    }
    let valid = false;
    try {
      valid = ed25519.verify(Buffer.from(cp.signature, 'base64'), checkpointStatement(cp), signer.publicKey, { zip215: false });
    } catch {
      valid = false;
    }
    if (!valid) throw new DomainError('audit.checkpoint_bad_signature', `The checkpoint for event ${cp.seq} does not carry a valid signature: the checkpoint file was altered. Nothing was checked.`);
    return { seq: cp.seq, headHash: cp.headHash, at: cp.at };
  });
}

/**
 * Verifies the chain and holds it to checkpoints kept elsewhere (`egress audit verify
 * --checkpoints FILE`): a head behind a checkpoint is a truncation, a checkpointed event whose
 * hash changed is a rewrite. Throws what `trustedCheckpoints` throws before reading the log.
 */
export async function verifyAuditAgainstCheckpoints(ctx: CommandContext, text: string, signer: Pick<Signer, 'fingerprint' | 'publicKey'>): Promise<ChainVerification> {
  authorizeSession('viewAllAudit', ctx.actor);
  return verifyAuditChain(ctx.db, trustedCheckpoints(text, signer));
}
