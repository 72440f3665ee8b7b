import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { IndexColumn, PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.js';

/**
 * Idempotent bulk upsert: inserts new rows, updates rows whose listed columns differ, and leaves
 * identical rows untouched (no write, no new row version). Returns how many were inserted and updated;
 * the rest were unchanged. This is what makes re-importing the same file change nothing.
 */
export async function upsertCounting<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
  opts: { target: IndexColumn[]; update: PgColumn[]; idColumn?: PgColumn },
): Promise<{ inserted: number; updated: number; insertedIds: string[] }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, insertedIds: [] };
  // `set` is keyed by the schema's property names (e.g. statusSince), not the SQL column names.
  const keyOf = new Map(Object.entries(getTableColumns(table)).map(([key, col]) => [col, key]));
  const set: Record<string, SQL> = {};
  for (const c of opts.update) set[keyOf.get(c) as string] = sql.raw(`excluded."${c.name}"`);
  const current = sql.join(
    opts.update.map((c) => sql`${c}`),
    sql`, `,
  );
  const incoming = sql.raw(opts.update.map((c) => `excluded."${c.name}"`).join(', '));
  const insert = db.insert(table).values(rows);
  const query = (
    opts.update.length === 0
      ? insert.onConflictDoNothing({ target: opts.target })
      : insert.onConflictDoUpdate({
          target: opts.target,
          set: set as never,
          setWhere: sql`(${current}) is distinct from (${incoming})`,
        })
  )
    // xmax = 0 only for freshly inserted row versions.
    .returning({ inserted: sql<boolean>`(xmax = 0)`, id: opts.idColumn ?? sql<null>`null` });
  const result = (await query) as { inserted: boolean; id: string | null }[];
  const insertedRows = result.filter((r) => r.inserted);
  return {
    inserted: insertedRows.length,
    updated: result.length - insertedRows.length,
    insertedIds: insertedRows.flatMap((r) => (r.id ? [String(r.id)] : [])),
  };
}
