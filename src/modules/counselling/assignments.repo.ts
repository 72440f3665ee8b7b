/** SQL of counsellor assignments (who serves which class or student) and the checks that follow them. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { classes, counsellorAssignments, students, userRoles, users } from '../../db/schema/index.js';
import { studentsInClassOrder } from '../masterdata/students-brief.repo.js';

/**
 * SQL condition: the counsellor is assigned to the student whose id is the given SQL expression, either
 * directly or through the student's current class.
 */
export const assignedTo = (counselorUserId: string, studentIdSql: ReturnType<typeof sql>) => sql`exists (
  select 1 from ${counsellorAssignments} a join ${students} s on s.id = ${studentIdSql}
  where a.counselor_user_id = ${counselorUserId}
    and (a.student_id = s.id or (a.class_id is not null and a.class_id = s.class_id)))`;

/** Which of these students are assigned to the counsellor. */
export async function assignedAmong(db: DbOrTx, counselorUserId: string, studentIds: string[]) {
  if (studentIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: students.id })
    .from(students)
    .where(and(inArray(students.id, studentIds), assignedTo(counselorUserId, sql`"students"."id"`)));
  return new Set(rows.map((r) => r.id));
}

export async function isAssigned(db: DbOrTx, counselorUserId: string, studentId: string) {
  return (await assignedAmong(db, counselorUserId, [studentId])).has(studentId);
}

/** The students assigned to a counsellor (directly or by class), in class and seat order. */
export async function assignedStudents(db: DbOrTx, schoolId: string, counselorUserId: string) {
  return studentsInClassOrder(db, schoolId, assignedTo(counselorUserId, sql`"students"."id"`));
}

/** A school's assignments with the names the page shows. */
export async function listAssignments(db: DbOrTx, schoolId: string, counselorUserId?: string) {
  return db
    .select({
      id: counsellorAssignments.id,
      counselorUserId: counsellorAssignments.counselorUserId,
      counselorName: sql<string>`(select u.display_name from ${users} u where u.id = "counsellor_assignments"."counselor_user_id")`,
      classId: counsellorAssignments.classId,
      className: classes.name,
      studentId: counsellorAssignments.studentId,
      studentNo: students.studentNo,
      studentName: students.name,
      assignedByName: sql<string>`(select u.display_name from ${users} u where u.id = "counsellor_assignments"."assigned_by")`,
      assignedAt: counsellorAssignments.assignedAt,
    })
    .from(counsellorAssignments)
    .leftJoin(classes, eq(classes.id, counsellorAssignments.classId))
    .leftJoin(students, eq(students.id, counsellorAssignments.studentId))
    .where(
      and(
        eq(counsellorAssignments.schoolId, schoolId),
        counselorUserId ? eq(counsellorAssignments.counselorUserId, counselorUserId) : undefined,
      ),
    )
    .orderBy(asc(counsellorAssignments.assignedAt));
}

/** Accounts of the school that hold the counsellor role. */
export async function counselorsOf(db: DbOrTx, schoolId: string) {
  return db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'counselor')))
    .where(eq(users.schoolId, schoolId))
    .orderBy(asc(users.displayName));
}

/** Inserts an assignment; undefined when the same one exists already. */
export async function insertAssignment(db: DbOrTx, row: typeof counsellorAssignments.$inferInsert) {
  const [inserted] = await db
    .insert(counsellorAssignments)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: counsellorAssignments.id });
  return inserted?.id;
}

export async function findAssignment(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(counsellorAssignments)
    .where(and(eq(counsellorAssignments.id, id), eq(counsellorAssignments.schoolId, schoolId)));
  return row;
}

export async function deleteAssignment(db: DbOrTx, id: string) {
  await db.delete(counsellorAssignments).where(eq(counsellorAssignments.id, id));
}
