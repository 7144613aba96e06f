/**
 * Releases and download links (issue 12): one `releases` row per release attempt of a package,
 * with the step it reached (so the release job resumes where it stopped), the sealed bundle
 * (its blob, a sha256 in the content-addressed store, and size), the manifest's sha256, the
 * signing key's fingerprint, the destination and method, the files it released, and its
 * revocation. A package has at most one attempt that has not failed (a partial unique index).
 *
 * `release_links` are the download links of a release: only the sha256 of a link's token is
 * stored, never the token; the expiry, the download limit and count, an optional allow-list of
 * source networks (JSON list of CIDRs) and the revocation.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('step', 'text', (c) => c.notNull()) // 'sealing' | 'sealed' | 'delivering' | 'delivered' | 'released' | 'failed'
    .addColumn('method', 'text', (c) => c.notNull()) // 'link' | 'container_push' | 'folder_export'
    .addColumn('destination_id', 'text') // a registered destination (migration 0009); null for a plain link
    .addColumn('bundle_sha256', 'text') // the bundle's blob key in the blob store; null until sealed
    .addColumn('bundle_bytes', 'bigint')
    .addColumn('bundle_name', 'text') // the file name a download offers
    .addColumn('manifest_sha256', 'text')
    .addColumn('key_fingerprint', 'text')
    .addColumn('files', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: the released file versions
    .addColumn('started_by', 'text', (c) => c.references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('releases_package').on('releases').column('package_id').execute();
  await db.schema.createIndex('releases_one_live_attempt').on('releases').column('package_id').unique().where(sql.ref('step'), '<>', 'failed').execute();

  await db.schema
    .createTable('release_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id'))
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('max_downloads', 'integer', (c) => c.notNull())
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('allowed_networks', 'text') // JSON list of CIDRs; null: any address
    .addColumn('revoked_at', 'text')
    .addCheckConstraint('release_links_count_within_limit', sql`downloads >= 0 and downloads <= max_downloads`)
    .execute();
  await db.schema.createIndex('release_links_release').on('release_links').column('release_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('release_links').execute();
  await db.schema.dropTable('releases').execute();
}
