/**
 * Migration 0006 fills the author team of packages that existed before it, from what was
 * recorded: who added file versions, who submitted, who edited the context.
 */
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../connect';
import { MIGRATIONS } from './index';

describe('migration 0006 on a database with packages', () => {
  it('records the author team of existing packages from their versions, submissions and context edits', async () => {
    const handle = openDatabase('sqlite::memory:');
    const db = handle.db;
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
      expect((await migrator.migrateTo('0005-superseded-check-results')).error).toBeUndefined();
      const at = '2026-01-01T00:00:00.000Z';
      for (const id of ['u-add', 'u-submit', 'u-context']) {
        await db
          .insertInto('users')
          .values({ id, email: `${id}@example.org`, name: id, password_hash: 'x', system_role: 'standard', disabled: 0, created_at: at, version: 1 })
          .execute();
      }
      await db
        .insertInto('projects')
        .values({ id: 'p', name: 'P', description: '', environment_tier: 2, question_set_id: 'qs-turing-1', status: 'active', version: 1, created_at: at, created_by: null, output_area: null })
        .execute();
      await db
        .insertInto('work_packages')
        .values({
          id: 'wp',
          project_id: 'p',
          kind: 'egress_report',
          name: 'R',
          description: '',
          status: 'unclassified',
          tier: null,
          round: 1,
          resolution: null,
          classified_at: null,
          policy_version: null,
          version: 1,
          created_at: at,
        })
        .execute();
      await db
        .insertInto('packages')
        .values({
          id: 'wp',
          project_id: 'p',
          status: 'in_review',
          context: '{}',
          review_turn: 1,
          submitted_by: 'u-submit',
          submitted_at: at,
          failed_stage: null,
          failure_reason: null,
          status_comment: null,
          file_count: 1,
          total_bytes: 1,
          version: 3,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await db
        .insertInto('package_files')
        .values({
          id: 'f',
          package_id: 'wp',
          path: 'a.csv',
          path_key: 'a.csv',
          role: 'output',
          category: 'table',
          current_version: 1,
          bytes: 1,
          removed: 0,
          deleted_at: null,
          version: 1,
          created_at: at,
        })
        .execute();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the 0005 schema has no origin_address yet
      await (db as any)
        .insertInto('file_versions')
        .values({
          id: 'v',
          file_id: 'f',
          package_id: 'wp',
          number: 1,
          sha256: 'a'.repeat(64),
          bytes: 1,
          media_type: 'text/csv',
          source: 'upload',
          source_path: null,
          source_mtime_ms: null,
          note: null,
          created_by: 'u-add',
          created_at: at,
        })
        .execute();
      await db
        .insertInto('audit_events')
        .values({
          seq: 1,
          at,
          actor_id: 'u-context',
          actor_label: 'u-context',
          action: 'package.context_updated',
          object_type: 'package',
          object_id: 'wp',
          project_id: 'p',
          summary: '{}',
          prev_hash: '0',
          hash: '1',
        })
        .execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const authors = await db.selectFrom('package_authors').select(['package_id', 'user_id', 'reason']).orderBy('user_id').execute();
      expect(authors).toEqual([
        { package_id: 'wp', user_id: 'u-add', reason: 'added_file' },
        { package_id: 'wp', user_id: 'u-context', reason: 'edited_context' },
        { package_id: 'wp', user_id: 'u-submit', reason: 'submitted' },
      ]);
    } finally {
      await handle.close();
    }
  });
});
