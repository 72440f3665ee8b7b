import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/** Serialises seeding across processes for the rest of the transaction. */
export async function lockSeeding(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7301998)`);
}

/** Ids of demo accounts by username, and of the school's classes by name (for demo-only links). */
export async function demoIds(db: DbOrTx, schoolId: string) {
  const users = await db.execute<{ username: string; id: string }>(
    sql`select username, id from users where school_id = ${schoolId}`,
  );
  const classes = await db.execute<{ name: string; id: string }>(
    sql`select name, id from classes where school_id = ${schoolId}`,
  );
  return {
    user: new Map(users.rows.map((r) => [r.username, r.id])),
    class: new Map(classes.rows.map((r) => [r.name, r.id])),
  };
}
