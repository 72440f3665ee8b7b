import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  blobs,
  counsellingParticipants,
  counsellingRecords,
  students,
  users,
} from '../../db/schema/index.js';
import { assignedTo } from './assignments.repo.js';

/**
 * SQL condition on "counselling_records": the record is visible to the user, its author or a counsellor
 * assigned to one of its students (SPEC.md §3: counselling records of the students assigned to them).
 */
const visibleTo = (userId: string) => sql`("counselling_records"."counselor_user_id" = ${userId} or exists (
  select 1 from ${counsellingParticipants} vp
  where vp.record_id = "counselling_records"."id" and ${assignedTo(userId, sql`vp.student_id`)}))`;

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

/** The school's records the user may read, newest first. */
export async function listRecords(
  db: DbOrTx,
  schoolId: string,
  opts: { userId: string; studentId?: string; limit: number },
) {
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
      counselorUserId: counsellingRecords.counselorUserId,
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
        visibleTo(opts.userId),
        opts.studentId
          ? sql`exists (select 1 from ${counsellingParticipants} p where p.record_id = "counselling_records"."id" and p.student_id = ${opts.studentId})`
          : undefined,
      ),
    )
    .orderBy(desc(counsellingRecords.startsAt))
    .limit(opts.limit);
}

/** The attachment of a record of the school that the user may read. */
export async function findAttachment(db: DbOrTx, schoolId: string, recordId: string, userId: string) {
  const [row] = await db
    .select({
      sha256: counsellingRecords.attachmentSha256,
      name: counsellingRecords.attachmentName,
      mime: blobs.mime,
      size: blobs.size,
      authorUserId: counsellingRecords.counselorUserId,
      studentIds: sql<
        string[]
      >`array(select p.student_id from ${counsellingParticipants} p where p.record_id = "counselling_records"."id")`,
    })
    .from(counsellingRecords)
    .innerJoin(blobs, eq(blobs.sha256, counsellingRecords.attachmentSha256))
    .where(
      and(eq(counsellingRecords.id, recordId), eq(counsellingRecords.schoolId, schoolId), visibleTo(userId)),
    );
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
