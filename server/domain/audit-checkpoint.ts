/**
 * Signed checkpoints of the audit chain (docs/audit.md, "Checkpoints"). The hash chain alone
 * cannot tell an intact log from one whose tail was deleted (with the head moved back) or whose
 * events were rewritten and re-chained: whoever can write the database can recompute it. A
 * checkpoint is the server's signed statement "at time T the chain's event N had hash H"; copies
 * kept off the server then pin the history: a head behind a checkpoint is a truncation, a
 * checkpointed event whose hash differs is a rewrite.
 *
 * The signed bytes are the canonical JSON of `{format, seq, headHash, at, keyFingerprint}`.
 *
 * Example: `checkpointStatement({ seq: 1000, headHash: 'ab…', at: '2026-12-08T10:00:00.000Z',
 * keyFingerprint: '3f…' })` → the bytes the key signs and a verifier checks.
 */
import { canonicalJson } from '../../common/canonical-json';
import { AUDIT_CHECKPOINT_FORMAT } from '../../common/contracts/audit.contract';

/** What a checkpoint states, without its signature. */
export interface CheckpointClaim {
  seq: number;
  headHash: string;
  at: string;
  keyFingerprint: string;
}

/** The bytes the audit checkpoint key signs for `claim`. */
export function checkpointStatement(claim: CheckpointClaim): Uint8Array {
  return new TextEncoder().encode(canonicalJson({ format: AUDIT_CHECKPOINT_FORMAT, seq: claim.seq, headHash: claim.headHash, at: claim.at, keyFingerprint: claim.keyFingerprint }));
}

/**
 * The sequence numbers a checkpoint is due at, between the last checkpointed event (exclusive)
 * and the head (inclusive): every multiple of `every`. Example: after 1000, head 3100, every
 * 1000 → [2000, 3000].
 */
export function dueCheckpointSeqs(lastCheckpointed: number, head: number, every: number): number[] {
  const due: number[] = [];
  for (let seq = (Math.floor(lastCheckpointed / every) + 1) * every; seq <= head; seq += every) due.push(seq);
  return due;
}
