import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { importBatches } from '../../db/schema/index.js';

export async function insertBatch(db: DbOrTx, row: typeof importBatches.$inferInsert) {
  const [batch] = await db.insert(importBatches).values(row).returning({ id: importBatches.id });
  return batch?.id as string;
}

export async function findBatch(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.id, id), eq(importBatches.schoolId, schoolId)));
  return row;
}

/** Marks a batch committed unless another request already did (returns false then). */
export async function markCommitted(
  db: DbOrTx,
  id: string,
  report: Record<string, unknown>,
): Promise<boolean> {
  const rows = await db
    .update(importBatches)
    .set({ status: 'committed', committedAt: sql`now()`, report })
    .where(and(eq(importBatches.id, id), eq(importBatches.status, 'previewed')))
    .returning({ id: importBatches.id });
  return rows.length > 0;
}

export async function saveReport(db: DbOrTx, id: string, report: Record<string, unknown>) {
  await db.update(importBatches).set({ report }).where(eq(importBatches.id, id));
}

export async function listBatches(db: DbOrTx, schoolId: string, limit: number) {
  return db
    .select({
      id: importBatches.id,
      kind: importBatches.kind,
      filename: importBatches.filename,
      size: importBatches.size,
      status: importBatches.status,
      createdAt: importBatches.createdAt,
      committedAt: importBatches.committedAt,
      report: importBatches.report,
    })
    .from(importBatches)
    .where(eq(importBatches.schoolId, schoolId))
    .orderBy(desc(importBatches.createdAt))
    .limit(limit);
}
