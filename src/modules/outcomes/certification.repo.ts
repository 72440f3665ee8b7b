/** SQL of the certification queue's scope: which of a certifier's courses are in play now, and their labels. */
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { courses, terms, users } from '../../db/schema/index.js';
import type { AcademicTerm } from '../../domain/calendar.js';
import { termWindowOpenAt } from '../windows/windows.repo.js';

/**
 * Of the given courses, those of the current term and those of any term whose certification window
 * (with a school-wide extension) is open at `now`: a term that just ended keeps its courses while its
 * certification still runs. Each with its code, term and the classes of its enrolled students, so that
 * 國語文Ⅲ of 電機二甲 and of 資訊二甲 can be told apart.
 */
export async function activeCourses(db: DbOrTx, ids: string[], current: AcademicTerm, now: Date) {
  if (ids.length === 0) return [];
  const windowOpen = termWindowOpenAt(courses.termId, 'certification', now);
  return db
    .select({
      id: courses.id,
      name: courses.name,
      code: courses.code,
      academicYear: terms.academicYear,
      semester: terms.semester,
      classes: sql<string>`coalesce((
        select string_agg(distinct cl.name, '、' order by cl.name)
        from enrollments e join students s on s.id = e.student_id join classes cl on cl.id = s.class_id
        where e.course_id = ${courses.id}), '')`,
    })
    .from(courses)
    .innerJoin(terms, eq(terms.id, courses.termId))
    .where(
      and(
        inArray(courses.id, ids),
        or(
          and(eq(terms.academicYear, current.academicYear), eq(terms.semester, current.semester)),
          windowOpen,
        ),
      ),
    )
    .orderBy(desc(terms.academicYear), desc(terms.semester), asc(courses.name), asc(courses.code));
}

/** Display names of users (the teachers a substitute certifies for). */
export async function namesOf(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
