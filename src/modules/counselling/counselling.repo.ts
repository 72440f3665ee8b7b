import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  blobs,
  counsellingParticipants,
  counsellingRecords,
  students,
  users,
} from '../../db/schema/index.js';

/** Whether this counsellor has a record with this student (grants read access to the portfolio). */
export async function hasCounselled(
  db: DbOrTx,
  counselorUserId: string,
  studentId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(counsellingParticipants)
    .innerJoin(counsellingRecords, eq(counsellingRecords.id, counsellingParticipants.recordId))
    .where(
      and(
        eq(counsellingRecords.counselorUserId, counselorUserId),
        eq(counsellingParticipants.studentId, studentId),
      ),
    )
    .limit(1);
  return !!row;
}

export async function studentsOfSchool(db: DbOrTx, schoolId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.schoolId, schoolId), inArray(students.id, ids)));
}

export async function insertRecord(
  db: DbOrTx,
  row: typeof counsellingRecords.$inferInsert,
  studentIds: string[],
): Promise<string> {
  const [rec] = await db.insert(counsellingRecords).values(row).returning({ id: counsellingRecords.id });
  const id = rec?.id as string;
  await db
    .insert(counsellingParticipants)
    .values(studentIds.map((studentId) => ({ recordId: id, studentId })));
  return id;
}

export async function listRecords(db: DbOrTx, schoolId: string, opts: { studentId?: string; limit: number }) {
  return db
    .select({
      id: counsellingRecords.id,
      kind: counsellingRecords.kind,
      startsAt: counsellingRecords.startsAt,
      endsAt: counsellingRecords.endsAt,
      title: counsellingRecords.title,
      place: counsellingRecords.place,
      summary: counsellingRecords.summary,
      counselorName: users.displayName,
      attachmentName: counsellingRecords.attachmentName,
      students: sql<{ id: string; name: string; studentNo: string }[]>`coalesce((
        select json_agg(json_build_object('id', s.id, 'name', s.name, 'studentNo', s.student_no) order by s.student_no)
        from ${counsellingParticipants} p join ${students} s on s.id = p.student_id
        where p.record_id = "counselling_records"."id"), '[]')`,
    })
    .from(counsellingRecords)
    .innerJoin(users, eq(users.id, counsellingRecords.counselorUserId))
    .where(
      and(
        eq(counsellingRecords.schoolId, schoolId),
        opts.studentId
          ? sql`exists (select 1 from ${counsellingParticipants} p where p.record_id = "counselling_records"."id" and p.student_id = ${opts.studentId})`
          : undefined,
      ),
    )
    .orderBy(desc(counsellingRecords.startsAt))
    .limit(opts.limit);
}

export async function findAttachment(db: DbOrTx, schoolId: string, recordId: string) {
  const [row] = await db
    .select({
      sha256: counsellingRecords.attachmentSha256,
      name: counsellingRecords.attachmentName,
      mime: blobs.mime,
      size: blobs.size,
    })
    .from(counsellingRecords)
    .innerJoin(blobs, eq(blobs.sha256, counsellingRecords.attachmentSha256))
    .where(and(eq(counsellingRecords.id, recordId), eq(counsellingRecords.schoolId, schoolId)));
  return row;
}

export async function recordOwner(db: DbOrTx, schoolId: string, recordId: string) {
  const [row] = await db
    .select({ owner: counsellingRecords.counselorUserId })
    .from(counsellingRecords)
    .where(and(eq(counsellingRecords.id, recordId), eq(counsellingRecords.schoolId, schoolId)));
  return row?.owner;
}

export async function setAttachment(db: DbOrTx, recordId: string, sha256: string, name: string) {
  await db
    .update(counsellingRecords)
    .set({ attachmentSha256: sha256, attachmentName: name })
    .where(eq(counsellingRecords.id, recordId));
}
