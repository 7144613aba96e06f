/**
 * Signed checkpoints of the audit chain (issue 15, docs/audit.md "Checkpoints"): each row is the
 * chain head at one moment (its sequence number and hash), signed with the server's audit
 * checkpoint key. Kept here so `egress audit checkpoints` can export them; the copies that count
 * are the ones an operator ships off the server. One checkpoint per sequence number.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_fingerprint', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull()) // the raw Ed25519 public key, base64
    .addColumn('signature', 'text', (c) => c.notNull()) // base64 Ed25519 signature over the canonical statement
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
}
