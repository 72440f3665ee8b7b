/**
 * SQL for the school-entered master data: lookups used by imports, idempotent bulk writes, and the
 * account side effects of student status changes.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  cadreRecords,
  classes,
  courses,
  courseTeachers,
  enrollments,
  grades,
  guardians,
  sessions,
  staff,
  students,
  terms,
  users,
} from '../../db/schema/index.js';
import { upsertCounting } from '../../db/upsert.js';
import { STATUSES_THAT_DISABLE_ACCOUNT } from '../../domain/codes.js';

export const termKey = (academicYear: number, semester: number) => `${academicYear}-${semester}`;

export async function termIds(db: DbOrTx, schoolId: string): Promise<Map<string, string>> {
  const rows = await db.select().from(terms).where(eq(terms.schoolId, schoolId));
  return new Map(rows.map((t) => [termKey(t.academicYear, t.semester), t.id]));
}

export interface StudentRef {
  id: string;
  studentNo: string;
  nationalId: string;
  birthDate: string;
}

export async function studentRefs(db: DbOrTx, schoolId: string): Promise<StudentRef[]> {
  return db
    .select({
      id: students.id,
      studentNo: students.studentNo,
      nationalId: students.nationalId,
      birthDate: students.birthDate,
    })
    .from(students)
    .where(eq(students.schoolId, schoolId));
}

export async function staffIds(db: DbOrTx, schoolId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: staff.id, staffNo: staff.staffNo })
    .from(staff)
    .where(eq(staff.schoolId, schoolId));
  return new Map(rows.map((r) => [r.staffNo, r.id]));
}

export const classKey = (academicYear: number, name: string) => `${academicYear}:${name}`;

export async function classIds(db: DbOrTx, schoolId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: classes.id, year: classes.academicYear, name: classes.name })
    .from(classes)
    .where(eq(classes.schoolId, schoolId));
  return new Map(rows.map((r) => [classKey(r.year, r.name), r.id]));
}

export const courseKey = (termId: string, code: string) => `${termId}:${code}`;

export async function courseIds(db: DbOrTx, schoolId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: courses.id, termId: courses.termId, code: courses.code })
    .from(courses)
    .where(eq(courses.schoolId, schoolId));
  return new Map(rows.map((r) => [courseKey(r.termId, r.code), r.id]));
}

export async function insertMissingTerms(
  db: DbOrTx,
  rows: { schoolId: string; academicYear: number; semester: number; startsOn: string; endsOn: string }[],
) {
  if (rows.length === 0) return [];
  return db.insert(terms).values(rows).onConflictDoNothing().returning();
}

export const upsertStudents = (db: DbOrTx, rows: (typeof students.$inferInsert)[]) =>
  upsertCounting(db, students, rows, {
    target: [students.schoolId, students.studentNo],
    update: [
      students.nationalId,
      students.name,
      students.birthDate,
      students.gender,
      students.entryYear,
      students.classId,
      students.seatNo,
      students.status,
      students.statusSince,
    ],
  });

/**
 * Disables the accounts of students whose status is 轉出 or 畢業 (kept, not deleted) and ends their
 * sessions. Re-enabling is left to the account administrator. Returns how many accounts changed.
 */
export async function syncStudentAccountsWithStatus(db: DbOrTx, schoolId: string, studentNos: string[]) {
  if (studentNos.length === 0) return 0;
  const ofThese = and(eq(students.schoolId, schoolId), inArray(students.studentNo, studentNos));
  const disabled = await db
    .update(users)
    .set({ disabledAt: sql`now()` })
    .where(
      and(
        isNull(users.disabledAt),
        inArray(
          users.id,
          db
            .select({ id: sql`${students.userId}` })
            .from(students)
            .where(and(ofThese, inArray(students.status, [...STATUSES_THAT_DISABLE_ACCOUNT]))),
        ),
      ),
    )
    .returning({ id: users.id });
  // A disabled account's open sessions end now, not at their expiry.
  if (disabled.length > 0) {
    await db.delete(sessions).where(
      inArray(
        sessions.userId,
        disabled.map((d) => d.id),
      ),
    );
  }
  return disabled.length;
}

export const upsertStaff = (db: DbOrTx, rows: (typeof staff.$inferInsert)[]) =>
  upsertCounting(db, staff, rows, {
    target: [staff.schoolId, staff.staffNo],
    update: [staff.name, staff.department, staff.title, staff.email],
  });

export const upsertClasses = (db: DbOrTx, rows: (typeof classes.$inferInsert)[]) =>
  upsertCounting(db, classes, rows, {
    target: [classes.schoolId, classes.academicYear, classes.name],
    update: [classes.grade, classes.department, classes.homeroomStaffId],
  });

export async function upsertCourses(db: DbOrTx, rows: (typeof courses.$inferInsert)[]) {
  return upsertCounting(db, courses, rows, {
    target: [courses.termId, courses.code],
    update: [courses.name, courses.credits, courses.grade],
    idColumn: courses.id,
  });
}

/** Sets the teachers of courses to exactly the given staff; returns the courses whose teachers changed. */
export async function replaceCourseTeachers(
  db: DbOrTx,
  assignments: { courseId: string; staffIds: string[] }[],
): Promise<string[]> {
  if (assignments.length === 0) return [];
  const ids = assignments.map((a) => a.courseId);
  const existing = await db.select().from(courseTeachers).where(inArray(courseTeachers.courseId, ids));
  const current = new Map<string, Set<string>>();
  for (const e of existing) current.set(e.courseId, (current.get(e.courseId) ?? new Set()).add(e.staffId));
  const changed = assignments.filter((a) => {
    const now = current.get(a.courseId) ?? new Set();
    return now.size !== a.staffIds.length || a.staffIds.some((s) => !now.has(s));
  });
  if (changed.length === 0) return [];
  await db.delete(courseTeachers).where(
    inArray(
      courseTeachers.courseId,
      changed.map((c) => c.courseId),
    ),
  );
  const rows = changed.flatMap((c) => c.staffIds.map((staffId) => ({ courseId: c.courseId, staffId })));
  if (rows.length > 0) await db.insert(courseTeachers).values(rows);
  return changed.map((c) => c.courseId);
}

export async function courseIdsByKey(db: DbOrTx, schoolId: string, keys: { termId: string; code: string }[]) {
  if (keys.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: courses.id, termId: courses.termId, code: courses.code })
    .from(courses)
    .where(
      and(
        eq(courses.schoolId, schoolId),
        inArray(
          courses.code,
          keys.map((k) => k.code),
        ),
      ),
    );
  return new Map(rows.map((r) => [courseKey(r.termId, r.code), r.id]));
}

export const upsertEnrollments = (db: DbOrTx, rows: (typeof enrollments.$inferInsert)[]) =>
  upsertCounting(db, enrollments, rows, {
    target: [enrollments.courseId, enrollments.studentId],
    update: [],
  });

export const upsertGrades = (db: DbOrTx, rows: (typeof grades.$inferInsert)[]) =>
  upsertCounting(db, grades, rows, {
    target: [grades.studentId, grades.courseId],
    update: [
      grades.rawScore,
      grades.passed,
      grades.makeupScore,
      grades.makeupPassed,
      grades.creditCounted,
      grades.qualitative,
    ],
  });

export const upsertCadreRecords = (db: DbOrTx, rows: (typeof cadreRecords.$inferInsert)[]) =>
  upsertCounting(db, cadreRecords, rows, {
    target: [
      cadreRecords.studentId,
      cadreRecords.academicYear,
      cadreRecords.semester,
      cadreRecords.unit,
      cadreRecords.position,
    ],
    update: [cadreRecords.startsOn, cadreRecords.endsOn, cadreRecords.level],
  });

export const upsertGuardians = (db: DbOrTx, rows: (typeof guardians.$inferInsert)[]) =>
  upsertCounting(db, guardians, rows, {
    target: [guardians.studentId, guardians.name],
    update: [guardians.relation],
  });
