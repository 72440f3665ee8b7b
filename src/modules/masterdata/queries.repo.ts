/** Read-side SQL of the master data: paged lists, a student's record, class rosters, exports. */
import { and, asc, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  cadreRecords,
  classes,
  courses,
  courseTeachers,
  enrollments,
  grades,
  guardians,
  staff,
  students,
  terms,
} from '../../db/schema/index.js';
import { assignedTo } from '../counselling/assignments.repo.js';

const escapeLike = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface StudentFilter {
  schoolId: string;
  q?: string;
  classId?: string;
  grade?: number;
  status?: string;
  /** Only the students assigned to this counsellor (directly or by class). */
  assignedToCounselor?: string;
  sort: 'studentNo' | 'name' | 'class';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** One page of a school's students with the total; searched by name, 學號 or class name. */
export async function listStudents(db: DbOrTx, f: StudentFilter) {
  const where = and(
    eq(students.schoolId, f.schoolId),
    f.q
      ? or(
          ilike(students.name, escapeLike(f.q)),
          ilike(students.studentNo, escapeLike(f.q)),
          ilike(classes.name, escapeLike(f.q)),
        )
      : undefined,
    f.classId ? eq(students.classId, f.classId) : undefined,
    f.grade ? eq(classes.grade, f.grade) : undefined,
    f.status ? eq(students.status, f.status as never) : undefined,
    f.assignedToCounselor ? assignedTo(f.assignedToCounselor, sql`"students"."id"`) : undefined,
  );
  const dir = f.order === 'asc' ? asc : desc;
  const orderBy: SQL[] =
    f.sort === 'name'
      ? [dir(students.name), asc(students.studentNo)]
      : f.sort === 'class'
        ? [dir(classes.name), asc(students.seatNo), asc(students.studentNo)]
        : [dir(students.studentNo)];
  const rows = await db
    .select({
      id: students.id,
      studentNo: students.studentNo,
      name: students.name,
      nationalId: students.nationalId,
      gender: students.gender,
      birthDate: students.birthDate,
      entryYear: students.entryYear,
      className: classes.name,
      grade: classes.grade,
      seatNo: students.seatNo,
      status: students.status,
      hasAccount: sql<boolean>`${students.userId} is not null`,
    })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(where)
    .orderBy(...orderBy)
    .limit(f.limit)
    .offset(f.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(where);
  return { rows, total: count?.total ?? 0 };
}

export async function findStudent(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select({
      id: students.id,
      schoolId: students.schoolId,
      userId: students.userId,
      studentNo: students.studentNo,
      name: students.name,
      nationalId: students.nationalId,
      birthDate: students.birthDate,
      gender: students.gender,
      entryYear: students.entryYear,
      classId: students.classId,
      className: classes.name,
      department: classes.department,
      grade: classes.grade,
      seatNo: students.seatNo,
      status: students.status,
      statusSince: students.statusSince,
      homeroomUserId: staff.userId,
    })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .leftJoin(staff, eq(staff.id, classes.homeroomStaffId))
    .where(and(eq(students.id, id), eq(students.schoolId, schoolId)));
  return row;
}

export async function studentIdOfUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: students.id, schoolId: students.schoolId })
    .from(students)
    .where(eq(students.userId, userId));
  return row;
}

export async function childrenOfParent(db: DbOrTx, userId: string) {
  return db
    .select({
      id: students.id,
      name: students.name,
      studentNo: students.studentNo,
      relation: guardians.relation,
    })
    .from(guardians)
    .innerJoin(students, eq(students.id, guardians.studentId))
    .where(eq(guardians.userId, userId))
    .orderBy(asc(students.studentNo));
}

export async function isGuardianOf(db: DbOrTx, userId: string, studentId: string) {
  const [row] = await db
    .select({ one: sql`1` })
    .from(guardians)
    .where(and(eq(guardians.userId, userId), eq(guardians.studentId, studentId)));
  return !!row;
}

/** 修課紀錄: every enrolment with course, term, credits, teachers and grade, oldest term first. */
export async function courseRecord(db: DbOrTx, studentId: string) {
  return db
    .select({
      academicYear: terms.academicYear,
      semester: terms.semester,
      courseId: courses.id,
      code: courses.code,
      name: courses.name,
      credits: courses.credits,
      grade: courses.grade,
      rawScore: grades.rawScore,
      passed: grades.passed,
      makeupScore: grades.makeupScore,
      makeupPassed: grades.makeupPassed,
      creditCounted: grades.creditCounted,
      qualitative: grades.qualitative,
      teachers: sql<string[]>`coalesce((select array_agg(s.name order by s.name) from ${courseTeachers} ct
        join ${staff} s on s.id = ct.staff_id where ct.course_id = "courses"."id"), '{}')`,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .innerJoin(terms, eq(terms.id, courses.termId))
    .leftJoin(grades, and(eq(grades.courseId, courses.id), eq(grades.studentId, enrollments.studentId)))
    .where(eq(enrollments.studentId, studentId))
    .orderBy(asc(terms.academicYear), asc(terms.semester), asc(courses.code));
}

export async function cadreOf(db: DbOrTx, studentId: string) {
  return db
    .select()
    .from(cadreRecords)
    .where(eq(cadreRecords.studentId, studentId))
    .orderBy(desc(cadreRecords.academicYear), desc(cadreRecords.semester), asc(cadreRecords.startsOn));
}

/** Classes of a school with their homeroom teacher and head count. */
export async function listClasses(db: DbOrTx, schoolId: string, academicYear?: number) {
  return db
    .select({
      id: classes.id,
      academicYear: classes.academicYear,
      grade: classes.grade,
      department: classes.department,
      name: classes.name,
      homeroomName: staff.name,
      homeroomUserId: staff.userId,
      students: sql<number>`(select count(*)::int from ${students} s where s.class_id = "classes"."id")`,
    })
    .from(classes)
    .leftJoin(staff, eq(staff.id, classes.homeroomStaffId))
    .where(
      and(eq(classes.schoolId, schoolId), academicYear ? eq(classes.academicYear, academicYear) : undefined),
    )
    .orderBy(desc(classes.academicYear), asc(classes.grade), asc(classes.name));
}

export async function findClass(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select({
      id: classes.id,
      name: classes.name,
      grade: classes.grade,
      department: classes.department,
      academicYear: classes.academicYear,
      homeroomUserId: staff.userId,
    })
    .from(classes)
    .leftJoin(staff, eq(staff.id, classes.homeroomStaffId))
    .where(and(eq(classes.id, id), eq(classes.schoolId, schoolId)));
  return row;
}

export async function classRoster(db: DbOrTx, classId: string) {
  return db
    .select({
      id: students.id,
      seatNo: students.seatNo,
      studentNo: students.studentNo,
      name: students.name,
      gender: students.gender,
      status: students.status,
      hasAccount: sql<boolean>`${students.userId} is not null`,
    })
    .from(students)
    .where(eq(students.classId, classId))
    .orderBy(asc(students.seatNo), asc(students.studentNo));
}

/** Classes whose homeroom teacher is this user. */
export async function homeroomClassIds(db: DbOrTx, userId: string) {
  const rows = await db
    .select({ id: classes.id })
    .from(classes)
    .innerJoin(staff, eq(staff.id, classes.homeroomStaffId))
    .where(eq(staff.userId, userId));
  return rows.map((r) => r.id);
}

export async function listCourses(
  db: DbOrTx,
  schoolId: string,
  f: { termId?: string; q?: string; limit: number; offset: number },
) {
  const where = and(
    eq(courses.schoolId, schoolId),
    f.termId ? eq(courses.termId, f.termId) : undefined,
    f.q ? or(ilike(courses.name, escapeLike(f.q)), ilike(courses.code, escapeLike(f.q))) : undefined,
  );
  const rows = await db
    .select({
      id: courses.id,
      academicYear: terms.academicYear,
      semester: terms.semester,
      code: courses.code,
      name: courses.name,
      credits: courses.credits,
      grade: courses.grade,
      teachers: sql<string[]>`coalesce((select array_agg(s.name order by s.name) from ${courseTeachers} ct
        join ${staff} s on s.id = ct.staff_id where ct.course_id = "courses"."id"), '{}')`,
      enrolled: sql<number>`(select count(*)::int from ${enrollments} e where e.course_id = "courses"."id")`,
    })
    .from(courses)
    .innerJoin(terms, eq(terms.id, courses.termId))
    .where(where)
    .orderBy(desc(terms.academicYear), desc(terms.semester), asc(courses.code))
    .limit(f.limit)
    .offset(f.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(courses).where(where);
  return { rows, total: count?.total ?? 0 };
}

export async function listTerms(db: DbOrTx, schoolId: string) {
  return db
    .select()
    .from(terms)
    .where(eq(terms.schoolId, schoolId))
    .orderBy(desc(terms.academicYear), desc(terms.semester));
}
