/** SQL of the home pages' to-do counts (one grouped query per role; nothing per row). */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>) => (await db.execute(q)).rows as T[];

/** A student's outcomes of the term by status, and their unsent drafts. */
export async function studentCounts(db: DbOrTx, studentId: string, termId: string | null) {
  const [row] = await rowsOf<{ failed: number; pending: number; drafts: number }>(
    db,
    sql`select
      (select count(*)::int from outcomes where student_id = ${studentId} and term_id = ${termId} and status = 'failed') as failed,
      (select count(*)::int from outcomes where student_id = ${studentId} and term_id = ${termId} and status = 'pending') as pending,
      (select count(*)::int from outcome_drafts where student_id = ${studentId}) as drafts`,
  );
  return row ?? { failed: 0, pending: 0, drafts: 0 };
}

/** Pending outcomes per course among the given courses (the certifier's courses), with class and code. */
export async function pendingByCourse(db: DbOrTx, courseIds: string[], termId: string) {
  if (courseIds.length === 0) return [];
  return rowsOf<{ id: string; name: string; code: string; count: number }>(
    db,
    sql`select c.id, c.name, c.code, count(o.id)::int as count
      from courses c join outcomes o on o.course_id = c.id and o.status = 'pending'
      where c.term_id = ${termId} and c.id in (${sql.join(
        courseIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      group by c.id order by c.code`,
  );
}

/** The homeroom teacher's classes with how many students have uploaded nothing this term. */
export async function homeroomClasses(db: DbOrTx, userId: string, termId: string) {
  return rowsOf<{ id: string; name: string; without: number; failed: number }>(
    db,
    sql`select cl.id, cl.name,
        count(*) filter (where not exists (
          select 1 from outcomes o where o.student_id = s.id and o.term_id = ${termId} and o.status <> 'withdrawn'
        ))::int as without,
        (select count(*)::int from outcomes o join students s2 on s2.id = o.student_id
          where s2.class_id = cl.id and o.term_id = ${termId} and o.status = 'failed') as failed
      from classes cl join staff st on st.id = cl.homeroom_staff_id and st.user_id = ${userId}
        join students s on s.class_id = cl.id
      group by cl.id order by cl.name`,
  );
}

/** School-wide this term: pending outcomes and students with nothing uploaded. */
export async function schoolCounts(db: DbOrTx, schoolId: string, termId: string) {
  const [row] = await rowsOf<{ pending: number; without: number }>(
    db,
    sql`select
      (select count(*)::int from outcomes where school_id = ${schoolId} and term_id = ${termId} and status = 'pending') as pending,
      (select count(*)::int from students s where s.school_id = ${schoolId} and s.class_id is not null and not exists (
        select 1 from outcomes o where o.student_id = s.id and o.term_id = ${termId} and o.status <> 'withdrawn')) as without`,
  );
  return row ?? { pending: 0, without: 0 };
}

/** 多元表現 entered in an academic year at the school (學務處's overview). */
export async function performancesOfYear(db: DbOrTx, schoolId: string, academicYear: number) {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from performances
      where school_id = ${schoolId} and academic_year = ${academicYear} and deleted_at is null`,
  );
  return row?.n ?? 0;
}

/** A parent's children (linked guardians) with their failed and pending outcomes this term. */
export async function childrenOf(db: DbOrTx, userId: string, termId: string | null) {
  return rowsOf<{ id: string; name: string; failed: number; pending: number }>(
    db,
    sql`select s.id, s.name,
        (select count(*)::int from outcomes o where o.student_id = s.id and o.term_id = ${termId} and o.status = 'failed') as failed,
        (select count(*)::int from outcomes o where o.student_id = s.id and o.term_id = ${termId} and o.status = 'pending') as pending
      from guardians g join students s on s.id = g.student_id
      where g.user_id = ${userId} order by s.name`,
  );
}

/** Students assigned to a counsellor (directly or through their class). */
export async function counselledStudents(db: DbOrTx, userId: string) {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(distinct s.id)::int as n from counsellor_assignments a
      join students s on s.id = a.student_id or s.class_id = a.class_id
      where a.counselor_user_id = ${userId}`,
  );
  return row?.n ?? 0;
}

/** Accounts of the school that have never set their own password (slips not yet used). */
export async function accountsNotStarted(db: DbOrTx, schoolId: string) {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from users
      where school_id = ${schoolId} and must_change_password and disabled_at is null`,
  );
  return row?.n ?? 0;
}
