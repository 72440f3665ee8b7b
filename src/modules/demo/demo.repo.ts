import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/** Serialises seeding across processes for the rest of the transaction. */
export async function lockSeeding(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7301998)`);
}
