/** The school's copy of its receipts and the sync state (the only SQL of the receipts capability). */
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  classes,
  schoolReceiptSyncs,
  schoolReceipts,
  schoolSigningKeys,
  schools,
  students,
} from '../../db/schema/index.js';

export type LocalReceipt = typeof schoolReceipts.$inferSelect;

export async function schoolCode(db: DbOrTx, schoolId: string) {
  const [row] = await db.select({ code: schools.code }).from(schools).where(eq(schools.id, schoolId));
  return row?.code ?? null;
}

/** Schools of this deployment that have a signing key (those that exchange with a repository). */
export async function exchangingSchools(db: DbOrTx) {
  return (await db.select({ id: schoolSigningKeys.schoolId }).from(schoolSigningKeys)).map((r) => r.id);
}

/** The school's students with these national IDs: id, birth date and account. */
export async function studentsByNationalId(db: DbOrTx, schoolId: string, nationalIds: string[]) {
  if (nationalIds.length === 0) return [];
  return db
    .select({
      id: students.id,
      nationalId: students.nationalId,
      birthDate: students.birthDate,
      userId: students.userId,
    })
    .from(students)
    .where(and(eq(students.schoolId, schoolId), inArray(students.nationalId, nationalIds)));
}

/**
 * Inserts or refreshes a receipt from the repository (the student's own answer is never overwritten);
 * true when it is new here.
 */
export async function upsertReceipt(db: DbOrTx, row: typeof schoolReceipts.$inferInsert): Promise<boolean> {
  const [r] = await db
    .insert(schoolReceipts)
    .values(row)
    .onConflictDoUpdate({
      target: schoolReceipts.id,
      set: {
        studentId: sql`coalesce(${schoolReceipts.studentId}, excluded.student_id)`,
        centralStatus: sql`excluded.central_status`,
        supersededBy: sql`excluded.superseded_by`,
        disputeId: sql`coalesce(excluded.dispute_id, ${schoolReceipts.disputeId})`,
        disputeDueAt: sql`coalesce(excluded.dispute_due_at, ${schoolReceipts.disputeDueAt})`,
        disputeStatus: sql`coalesce(excluded.dispute_status, ${schoolReceipts.disputeStatus})`,
        disputeResolution: sql`coalesce(excluded.dispute_resolution, ${schoolReceipts.disputeResolution})`,
        disputeResolvedAt: sql`coalesce(excluded.dispute_resolved_at, ${schoolReceipts.disputeResolvedAt})`,
        syncedAt: sql`excluded.synced_at`,
      },
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return !!r?.inserted;
}

export async function syncState(db: DbOrTx, schoolId: string) {
  const [row] = await db.select().from(schoolReceiptSyncs).where(eq(schoolReceiptSyncs.schoolId, schoolId));
  return row ?? null;
}

export async function setSyncState(
  db: DbOrTx,
  schoolId: string,
  v: Partial<Omit<typeof schoolReceiptSyncs.$inferInsert, 'schoolId'>> & {
    status: (typeof schoolReceiptSyncs.$inferInsert)['status'];
  },
) {
  await db
    .insert(schoolReceiptSyncs)
    .values({ schoolId, ...v })
    .onConflictDoUpdate({ target: schoolReceiptSyncs.schoolId, set: v });
}

export async function receiptsOfStudent(db: DbOrTx, schoolId: string, studentId: string) {
  return db
    .select()
    .from(schoolReceipts)
    .where(and(eq(schoolReceipts.schoolId, schoolId), eq(schoolReceipts.studentId, studentId)))
    .orderBy(desc(schoolReceipts.issuedAt), desc(schoolReceipts.id));
}

/** A receipt of the school (another school's id is not found). */
export async function receiptOfSchool(db: DbOrTx, schoolId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(schoolReceipts)
    .where(and(eq(schoolReceipts.id, id), eq(schoolReceipts.schoolId, schoolId)));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function receiptById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(schoolReceipts).where(eq(schoolReceipts.id, id));
  return row ?? null;
}

export async function updateReceipt(
  db: DbOrTx,
  id: string,
  set: Partial<typeof schoolReceipts.$inferInsert>,
) {
  await db.update(schoolReceipts).set(set).where(eq(schoolReceipts.id, id));
}

/** The school's disputed receipts of these rosters, with the student (the office's list). */
export async function disputesOfSchool(db: DbOrTx, schoolId: string, rosters: number[]) {
  if (rosters.length === 0) return [];
  return db
    .select({
      receipt: schoolReceipts,
      student: {
        id: students.id,
        name: students.name,
        studentNo: students.studentNo,
        className: classes.name,
        seatNo: students.seatNo,
      },
    })
    .from(schoolReceipts)
    .innerJoin(students, eq(students.id, schoolReceipts.studentId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(
      and(
        eq(schoolReceipts.schoolId, schoolId),
        eq(schoolReceipts.response, 'disputed'),
        isNotNull(schoolReceipts.studentId),
        inArray(schoolReceipts.roster, rosters),
      ),
    )
    .orderBy(schoolReceipts.respondedAt);
}

/** Receipts whose answer is still to be relayed (the jobs' safety net). */
export async function pendingRelays(db: DbOrTx, schoolId: string) {
  return db
    .select({ id: schoolReceipts.id })
    .from(schoolReceipts)
    .where(and(eq(schoolReceipts.schoolId, schoolId), eq(schoolReceipts.relayStatus, 'pending')));
}
