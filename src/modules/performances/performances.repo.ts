import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { classes, performances, students } from '../../db/schema/index.js';

export type PerformanceRow = typeof performances.$inferSelect;

/** The student record of a user, with what the dating rules need. */
export async function studentOfUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: students.id, schoolId: students.schoolId, entryYear: students.entryYear })
    .from(students)
    .where(eq(students.userId, userId));
  return row;
}

export async function insertPerformance(db: DbOrTx, row: typeof performances.$inferInsert) {
  const [created] = await db.insert(performances).values(row).returning();
  return created as PerformanceRow;
}

export async function findPerformance(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(performances)
    .where(and(eq(performances.id, id), isNull(performances.deletedAt)));
  return row;
}

export async function updatePerformance(
  db: DbOrTx,
  id: string,
  set: Partial<typeof performances.$inferInsert>,
): Promise<PerformanceRow> {
  const [row] = await db
    .update(performances)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(performances.id, id))
    .returning();
  return row as PerformanceRow;
}

/** A student's records (not deleted), newest year first. */
export async function performancesOf(db: DbOrTx, studentId: string) {
  return db
    .select()
    .from(performances)
    .where(and(eq(performances.studentId, studentId), isNull(performances.deletedAt)))
    .orderBy(desc(performances.academicYear), asc(performances.category), desc(performances.startsOn));
}

/**
 * 學務處 overview of one academic year: records per category and per class (with grade), and the
 * students (enrolled, 在學) who have none. School-entered cadre records count separately.
 */
export async function overviewOf(db: DbOrTx, schoolId: string, academicYear: number) {
  const byCategory = await db
    .select({ category: performances.category, records: sql<number>`count(*)::int` })
    .from(performances)
    .where(
      and(
        eq(performances.schoolId, schoolId),
        eq(performances.academicYear, academicYear),
        isNull(performances.deletedAt),
      ),
    )
    .groupBy(performances.category);
  const byClass = await db.execute(sql`
    select c.id as class_id, c.name as class_name, c.grade,
      count(distinct s.id)::int as students,
      count(p.id)::int as records,
      count(distinct p.student_id)::int as students_with_records,
      (select count(*)::int from cadre_records cr join students s2 on s2.id = cr.student_id
        where s2.class_id = c.id and cr.academic_year = ${academicYear}) as school_cadre_records
    from classes c
    join students s on s.class_id = c.id and s.status in ('在學', '轉入')
    left join performances p on p.student_id = s.id and p.academic_year = ${academicYear} and p.deleted_at is null
    where c.school_id = ${schoolId}
    group by c.id, c.name, c.grade
    order by c.grade, c.name`);
  const without = await db
    .select({
      id: students.id,
      studentNo: students.studentNo,
      name: students.name,
      className: classes.name,
      grade: classes.grade,
    })
    .from(students)
    .innerJoin(classes, eq(classes.id, students.classId))
    .where(
      and(
        eq(students.schoolId, schoolId),
        sql`${students.status} in ('在學', '轉入')`,
        sql`not exists (select 1 from "performances" p where p.student_id = "students"."id"
          and p.academic_year = ${academicYear} and p.deleted_at is null)`,
      ),
    )
    .orderBy(asc(classes.grade), asc(classes.name), asc(students.studentNo));
  return {
    byCategory,
    byClass: byClass.rows as {
      class_id: string;
      class_name: string;
      grade: number;
      students: number;
      records: number;
      students_with_records: number;
      school_cadre_records: number;
    }[],
    without,
  };
}
