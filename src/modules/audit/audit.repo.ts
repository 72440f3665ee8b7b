import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export interface AuditEntry {
  action: string;
  schoolId?: string | null;
  actorUserId?: string | null;
  targetType?: string;
  targetId?: string;
  requestId?: string;
  /** Never national IDs, birth dates or passwords. */
  details?: Record<string, unknown>;
  /** Reads: the students whose data the answer held (audit-read.ts). */
  studentIds?: string[] | null;
}

/** Appends one entry to the audit log (the table refuses updates and deletes). */
export async function insertAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/** A school's audit entries, newest first, keyset-paginated by id. */
export async function listAudit(db: DbOrTx, opts: { schoolId: string; beforeId?: number; limit: number }) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.schoolId, opts.schoolId), opts.beforeId ? lt(auditLog.id, opts.beforeId) : undefined),
    )
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}
