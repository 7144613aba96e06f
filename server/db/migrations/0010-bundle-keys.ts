/**
 * Bundle signing keys (issue 12, docs/bundles.md): the public half of every key that has signed
 * or may sign a release bundle, so verifiers can fetch them all (`GET /api/v1/keys`) and a
 * rotation keeps the earlier keys listed. The private key is never stored in the database. At
 * most one key is current (`retired_at` null); a rotation retires the previous one.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bundle_keys')
    .addColumn('fingerprint', 'text', (c) => c.primaryKey()) // lower-case hex sha256 of the raw public key
    .addColumn('algorithm', 'text', (c) => c.notNull()) // 'Ed25519'
    .addColumn('public_key', 'text', (c) => c.notNull()) // base64 of the raw 32-byte public key
    .addColumn('source', 'text', (c) => c.notNull()) // 'created' | 'rotated' | 'configured'
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bundle_keys').execute();
}
