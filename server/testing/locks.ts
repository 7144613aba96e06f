import { sql } from 'kysely';
import type { Db } from '../db/schema';

/**
 * PostgreSQL only: waits until at least `n` sessions of this database wait on a lock, so a
 * race test can be sure its transactions really overlap. Gives up after about 5 seconds.
 */
export async function waitForLockWaiters(db: Db, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (Number(rows[0]?.n) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${n} sessions ever waited on a lock`);
}
