/**
 * Registered destinations (issue 12, docs/delivery.md): where a project's releases may go, each
 * registered by a system manager with its kind, contact, delivery method, the target a push or a
 * folder export writes to (a configured target's name or a sub-folder of EXPORT_DIR: never
 * credentials) and the recipient's public key with its fingerprint. A destination is retired,
 * never deleted, so a release keeps naming what it went to. A package records the destination it
 * goes to (`packages.destination_id`), part of its content digest.
 */
import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('destinations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // DESTINATION_KINDS
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull()) // DELIVERY_METHODS
    .addColumn('target', 'text') // push: a DELIVERY_TARGETS name; folder export: a sub-folder of EXPORT_DIR; link: null
    .addColumn('recipient_key', 'text') // an age recipient (public key), or null
    .addColumn('recipient_key_fingerprint', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addColumn('retired_by', 'text', (c) => c.references('users.id'))
    .addCheckConstraint('destinations_key_with_fingerprint', sql`(recipient_key is null) = (recipient_key_fingerprint is null)`)
    .execute();
  // One current destination of a name per project; a retired one frees its name.
  await db.schema.createIndex('destinations_current_name').on('destinations').columns(['project_id', 'name']).unique().where(sql.ref('retired_at'), 'is', null).execute();
  await db.schema
    .alterTable('packages')
    .addColumn('destination_id', 'text', (c) => c.references('destinations.id'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped database
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('packages').dropColumn('destination_id').execute();
  await db.schema.dropTable('destinations').execute();
}
