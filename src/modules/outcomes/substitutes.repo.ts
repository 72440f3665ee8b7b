/** SQL of substitute certifier assignments (代理人). */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { substitutes } from '../../db/schema/index.js';

export type SubstituteRow = typeof substitutes.$inferSelect;

export async function insertSubstitute(db: DbOrTx, row: typeof substitutes.$inferInsert) {
  const [created] = await db.insert(substitutes).values(row).returning({ id: substitutes.id });
  return created?.id as string;
}

/**
 * Assignments of the same substitute for the same course or absent teacher whose dates overlap
 * [startsOn, endsOn]: entering one of them again is the duplicate the rule refuses.
 */
export async function overlapping(
  db: DbOrTx,
  row: {
    schoolId: string;
    substituteStaffId: string;
    courseId: string | null;
    absentStaffId: string | null;
    startsOn: string;
    endsOn: string;
  },
) {
  const rows = await db.execute(sql`
    select id, starts_on::text as "startsOn", ends_on::text as "endsOn" from substitutes
    where school_id = ${row.schoolId} and substitute_staff_id = ${row.substituteStaffId}
      and course_id is not distinct from ${row.courseId}::uuid
      and absent_staff_id is not distinct from ${row.absentStaffId}::uuid
      and starts_on <= ${row.endsOn}::date and ends_on >= ${row.startsOn}::date
    order by starts_on limit 1`);
  return rows.rows[0] as { id: string; startsOn: string; endsOn: string } | undefined;
}

/** One assignment of the school, locked for the change that follows. */
export async function substituteOfSchool(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(substitutes)
    .where(and(eq(substitutes.id, id), eq(substitutes.schoolId, schoolId)))
    .for('update');
  return row;
}

export async function setEndsOn(db: DbOrTx, id: string, endsOn: string) {
  await db.update(substitutes).set({ endsOn }).where(eq(substitutes.id, id));
}

export async function deleteSubstitute(db: DbOrTx, id: string) {
  await db.delete(substitutes).where(eq(substitutes.id, id));
}

/** The school's assignments, newest first, with names, staff numbers and the course's code and class. */
export async function listSubstitutes(db: DbOrTx, schoolId: string) {
  const rows = await db.execute(sql`
    select s.id, s.starts_on::text as "startsOn", s.ends_on::text as "endsOn",
      sub.name as "substitute", sub.staff_no as "substituteStaffNo",
      absent.name as "absentTeacher", absent.staff_no as "absentStaffNo",
      c.name as "courseName", c.code as "courseCode",
      (select string_agg(distinct cl.name, '、' order by cl.name) from enrollments e
        join students st on st.id = e.student_id join classes cl on cl.id = st.class_id
        where e.course_id = c.id) as "courseClasses"
    from substitutes s join staff sub on sub.id = s.substitute_staff_id
    left join staff absent on absent.id = s.absent_staff_id left join courses c on c.id = s.course_id
    where s.school_id = ${schoolId} order by s.starts_on desc, sub.staff_no`);
  return rows.rows as {
    id: string;
    startsOn: string;
    endsOn: string;
    substitute: string;
    substituteStaffNo: string;
    absentTeacher: string | null;
    absentStaffNo: string | null;
    courseName: string | null;
    courseCode: string | null;
    courseClasses: string | null;
  }[];
}
