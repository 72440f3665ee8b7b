/** SQL of course outcomes, windows, history and certification. */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  classes,
  courses,
  courseTeachers,
  enrollments,
  outcomeEvents,
  outcomes,
  staff,
  students,
  terms,
} from '../../db/schema/index.js';

export type OutcomeRow = typeof outcomes.$inferSelect;

export async function studentOfUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: students.id, schoolId: students.schoolId, grade: classes.grade })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(eq(students.userId, userId));
  return row;
}

/** The course if the student is enrolled in it. */
export async function enrolledCourse(db: DbOrTx, studentId: string, courseId: string) {
  const [row] = await db
    .select({ id: courses.id, termId: courses.termId, schoolId: courses.schoolId, name: courses.name })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.courseId, courseId)));
  return row;
}

/** Serialises the limit checks of one student until the end of the transaction. */
export async function lockStudent(db: DbOrTx, studentId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`outcomes:${studentId}`}))`);
}

export async function activeCounts(db: DbOrTx, studentId: string, termId: string, courseId: string) {
  const [row] = await db
    .select({
      term: sql<number>`count(*)::int`,
      course: sql<number>`count(*) filter (where ${outcomes.courseId} = ${courseId})::int`,
    })
    .from(outcomes)
    .where(
      and(eq(outcomes.studentId, studentId), eq(outcomes.termId, termId), ne(outcomes.status, 'withdrawn')),
    );
  return { term: row?.term ?? 0, course: row?.course ?? 0 };
}

export { ownFile } from '../uploads/files.repo.js';

export async function insertOutcome(db: DbOrTx, row: typeof outcomes.$inferInsert) {
  const [created] = await db.insert(outcomes).values(row).returning();
  return created as OutcomeRow;
}

export async function updateOutcome(db: DbOrTx, id: string, set: Partial<typeof outcomes.$inferInsert>) {
  const [row] = await db
    .update(outcomes)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(outcomes.id, id))
    .returning();
  return row as OutcomeRow;
}

export async function insertEvent(db: DbOrTx, row: typeof outcomeEvents.$inferInsert) {
  await db.insert(outcomeEvents).values(row);
}

export async function findOutcome(db: DbOrTx, id: string) {
  const [row] = await db.select().from(outcomes).where(eq(outcomes.id, id));
  return row;
}

export async function timeline(db: DbOrTx, outcomeId: string) {
  return db
    .select({
      at: outcomeEvents.at,
      action: outcomeEvents.action,
      reason: outcomeEvents.reason,
      actor: sql<string>`(select display_name from users u where u.id = ${outcomeEvents.actorUserId})`,
      onBehalfOf: sql<
        string | null
      >`(select display_name from users u where u.id = ${outcomeEvents.onBehalfOfUserId})`,
      snapshot: outcomeEvents.snapshot,
    })
    .from(outcomeEvents)
    .where(eq(outcomeEvents.outcomeId, outcomeId))
    .orderBy(asc(outcomeEvents.id));
}

export async function outcomesOfStudent(db: DbOrTx, studentId: string, termId: string) {
  return db
    .select()
    .from(outcomes)
    .where(and(eq(outcomes.studentId, studentId), eq(outcomes.termId, termId)))
    .orderBy(desc(outcomes.createdAt));
}

/** Every outcome of a student (withdrawn ones left out) with its course and term, newest first. */
export async function outcomesOfStudentAllTerms(db: DbOrTx, studentId: string) {
  return db
    .select({
      id: outcomes.id,
      title: outcomes.title,
      summary: outcomes.summary,
      status: outcomes.status,
      courseName: courses.name,
      academicYear: terms.academicYear,
      semester: terms.semester,
      createdAt: outcomes.createdAt,
    })
    .from(outcomes)
    .innerJoin(courses, eq(courses.id, outcomes.courseId))
    .innerJoin(terms, eq(terms.id, outcomes.termId))
    .where(and(eq(outcomes.studentId, studentId), ne(outcomes.status, 'withdrawn')))
    .orderBy(desc(terms.academicYear), desc(terms.semester), desc(outcomes.createdAt));
}

/**
 * Courses this user may certify today: those they teach, and those they substitute for (a course, or
 * every course of an absent teacher) — with the teacher they act for.
 */
export async function certifiableCourses(db: DbOrTx, userId: string, today: string) {
  const own = await db
    .select({ courseId: courseTeachers.courseId })
    .from(courseTeachers)
    .innerJoin(staff, eq(staff.id, courseTeachers.staffId))
    .where(eq(staff.userId, userId));
  const subs = await db.execute(sql`
    select coalesce(s.course_id, ct.course_id) as course_id,
      (select st.user_id from course_teachers ct2 join staff st on st.id = ct2.staff_id
        where ct2.course_id = coalesce(s.course_id, ct.course_id) and st.user_id is not null limit 1) as teacher_user_id
    from substitutes s
    join staff me on me.id = s.substitute_staff_id and me.user_id = ${userId}
    left join course_teachers ct on s.course_id is null and ct.staff_id = s.absent_staff_id
    where s.starts_on <= ${today}::date and s.ends_on >= ${today}::date`);
  const map = new Map<string, string | null>();
  for (const o of own) map.set(o.courseId, null);
  for (const r of subs.rows as { course_id: string | null; teacher_user_id: string | null }[]) {
    if (r.course_id && !map.has(r.course_id)) map.set(r.course_id, r.teacher_user_id);
  }
  return map;
}

export interface QueueFilter {
  courseIds: string[];
  courseId?: string;
  classId?: string;
  status?: 'pending' | 'passed' | 'failed';
  limit: number;
  offset: number;
}

/** The latest decision on an outcome, as the queue shows it (who, for whom, why). */
export interface LastDecision {
  action: 'passed' | 'failed';
  reason: string | null;
  at: string;
  actor: string;
  onBehalfOf: string | null;
}

/** A page of the certification queue with the counts per status (one index-backed query each). */
export async function queue(db: DbOrTx, f: QueueFilter) {
  const scope = and(
    inArray(outcomes.courseId, f.courseId ? [f.courseId] : f.courseIds),
    ne(outcomes.status, 'withdrawn'),
    f.classId ? eq(students.classId, f.classId) : undefined,
  );
  const counts = await db
    .select({ status: outcomes.status, n: sql<number>`count(*)::int` })
    .from(outcomes)
    .innerJoin(students, eq(students.id, outcomes.studentId))
    .where(scope)
    .groupBy(outcomes.status);
  const items = await db
    .select({
      id: outcomes.id,
      title: outcomes.title,
      summary: outcomes.summary,
      status: outcomes.status,
      createdAt: outcomes.createdAt,
      updatedAt: outcomes.updatedAt,
      courseId: outcomes.courseId,
      courseName: courses.name,
      courseCode: courses.code,
      studentId: outcomes.studentId,
      studentName: students.name,
      studentNo: students.studentNo,
      className: classes.name,
      classId: classes.id,
      documentFileId: outcomes.documentFileId,
      mediaFileId: outcomes.mediaFileId,
      documentMime: sql<string>`(select f.mime from files f where f.id = ${outcomes.documentFileId})`,
      documentHasPreview: sql<boolean>`(select f.safe_sha256 is not null from files f where f.id = ${outcomes.documentFileId})`,
      mediaMime: sql<string | null>`(select f.mime from files f where f.id = ${outcomes.mediaFileId})`,
      lastDecision: sql<LastDecision | null>`(select json_build_object('action', e.action, 'reason', e.reason,
        'at', e.at, 'actor', a.display_name, 'onBehalfOf', b.display_name)
        from outcome_events e join users a on a.id = e.actor_user_id left join users b on b.id = e.on_behalf_of_user_id
        where e.outcome_id = ${outcomes.id} and e.action in ('passed', 'failed') order by e.id desc limit 1)`,
    })
    .from(outcomes)
    .innerJoin(students, eq(students.id, outcomes.studentId))
    .innerJoin(courses, eq(courses.id, outcomes.courseId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(and(scope, f.status ? eq(outcomes.status, f.status) : undefined))
    .orderBy(asc(outcomes.updatedAt))
    .limit(f.limit)
    .offset(f.offset);
  return { counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Record<string, number>, items };
}

export async function outcomesByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(outcomes).where(inArray(outcomes.id, ids)).for('update');
}

/** A student's courses of a term with how many active outcomes each has. */
export async function coursesWithCounts(db: DbOrTx, studentId: string, termId: string) {
  const rows = await db.execute(sql`
    select c.id, c.code, c.name,
      (select count(*)::int from outcomes o where o.course_id = c.id and o.student_id = ${studentId} and o.status <> 'withdrawn') as count
    from enrollments e join courses c on c.id = e.course_id
    where e.student_id = ${studentId} and c.term_id = ${termId}
    order by c.code`);
  return rows.rows as { id: string; code: string; name: string; count: number }[];
}

/** Per student of a class: outcomes uploaded (active), passed, failed, pending in a term. */
export async function classProgress(db: DbOrTx, classId: string, termId: string) {
  const rows = await db.execute(sql`
    select s.id, s.seat_no as "seatNo", s.student_no as "studentNo", s.name,
      count(o.id) filter (where o.status <> 'withdrawn')::int as uploaded,
      count(o.id) filter (where o.status = 'passed')::int as passed,
      count(o.id) filter (where o.status = 'failed')::int as failed,
      count(o.id) filter (where o.status = 'pending')::int as pending
    from students s left join outcomes o on o.student_id = s.id and o.term_id = ${termId}
    where s.class_id = ${classId}
    group by s.id order by s.seat_no, s.student_no`);
  return rows.rows as {
    id: string;
    seatNo: number | null;
    studentNo: string;
    name: string;
    uploaded: number;
    passed: number;
    failed: number;
    pending: number;
  }[];
}

export type ProgressBy = 'grade' | 'class' | 'course' | 'teacher';

/** School-wide outcome counts of a term grouped by grade, class, course or teacher. */
export async function schoolProgress(db: DbOrTx, schoolId: string, termId: string, by: ProgressBy) {
  const counts = sql`count(o.id) filter (where o.status <> 'withdrawn')::int as uploaded,
    count(o.id) filter (where o.status = 'pending')::int as pending,
    count(o.id) filter (where o.status = 'passed')::int as passed,
    count(o.id) filter (where o.status = 'failed')::int as failed`;
  const query =
    by === 'grade' || by === 'class'
      ? sql`select ${by === 'grade' ? sql`c.grade::text` : sql`c.name`} as label, count(distinct s.id)::int as students,
            count(distinct s.id) filter (where o.id is null)::int as "studentsWithNone", ${counts}
          from students s join classes c on c.id = s.class_id
          left join outcomes o on o.student_id = s.id and o.term_id = ${termId}
          where s.school_id = ${schoolId} and s.status in ('在學', '轉入')
          group by 1 order by 1`
      : by === 'course'
        ? sql`select co.name || '（' || co.code || '）' as label, count(distinct e.student_id)::int as students,
              null::int as "studentsWithNone", ${counts}
            from courses co left join enrollments e on e.course_id = co.id
            left join outcomes o on o.course_id = co.id and o.student_id = e.student_id
            where co.term_id = ${termId} group by co.id, co.name, co.code order by pending desc, label`
        : sql`select st.name as label, null::int as students, null::int as "studentsWithNone", ${counts}
            from staff st join course_teachers ct on ct.staff_id = st.id join courses co on co.id = ct.course_id and co.term_id = ${termId}
            left join outcomes o on o.course_id = co.id
            where st.school_id = ${schoolId} group by st.id, st.name order by pending desc, label`;
  return (await db.execute(query)).rows as {
    label: string;
    students: number | null;
    studentsWithNone: number | null;
    uploaded: number;
    pending: number;
    passed: number;
    failed: number;
  }[];
}

export async function staffOfSchool(db: DbOrTx, schoolId: string, staffNo: string) {
  const [row] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.schoolId, schoolId), eq(staff.staffNo, staffNo)));
  return row;
}

export async function courseOfSchool(db: DbOrTx, schoolId: string, courseId: string) {
  const [row] = await db
    .select({ id: courses.id })
    .from(courses)
    .where(and(eq(courses.schoolId, schoolId), eq(courses.id, courseId)));
  return row;
}
