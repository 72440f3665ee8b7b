/** SQL of 勾選: the selections table, the candidates of a year, class progress. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { courses, outcomes, performances, selections, students, terms } from '../../db/schema/index.js';

export type SelectionKind = 'outcome' | 'performance';

/** Serialises one student's selections (two tabs taking the last slot: one waits, then counts). */
export async function lockStudent(db: DbOrTx, studentId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`selection:${studentId}`}))`);
}

export async function isOutcomeSelected(db: DbOrTx, outcomeId: string): Promise<boolean> {
  const rows = await db
    .select({ id: selections.id })
    .from(selections)
    .where(eq(selections.outcomeId, outcomeId));
  return rows.length > 0;
}

export async function isPerformanceSelected(db: DbOrTx, performanceId: string): Promise<boolean> {
  const rows = await db
    .select({ id: selections.id })
    .from(selections)
    .where(eq(selections.performanceId, performanceId));
  return rows.length > 0;
}

export async function countSelected(db: DbOrTx, studentId: string, year: number, kind: SelectionKind) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(selections)
    .where(
      and(eq(selections.studentId, studentId), eq(selections.academicYear, year), eq(selections.kind, kind)),
    );
  return row?.n ?? 0;
}

export async function insertSelection(db: DbOrTx, row: typeof selections.$inferInsert) {
  const [created] = await db.insert(selections).values(row).onConflictDoNothing().returning();
  return created;
}

/** Removes the selection of one item; the removed row, or undefined when it was not selected. */
export async function deleteSelection(db: DbOrTx, kind: SelectionKind, itemId: string) {
  const [row] = await db
    .delete(selections)
    .where(kind === 'outcome' ? eq(selections.outcomeId, itemId) : eq(selections.performanceId, itemId))
    .returning();
  return row;
}

/** An outcome with what selecting it needs: owner, status, the academic year of its term. */
export async function outcomeForSelection(db: DbOrTx, outcomeId: string) {
  const [row] = await db
    .select({
      id: outcomes.id,
      schoolId: outcomes.schoolId,
      studentId: outcomes.studentId,
      status: outcomes.status,
      title: outcomes.title,
      academicYear: terms.academicYear,
    })
    .from(outcomes)
    .innerJoin(terms, eq(terms.id, outcomes.termId))
    .where(eq(outcomes.id, outcomeId));
  return row;
}

export async function performanceForSelection(db: DbOrTx, performanceId: string) {
  const [row] = await db.select().from(performances).where(eq(performances.id, performanceId));
  return row;
}

/** The student's course outcomes of the year's two semesters (withdrawn ones left out), with selection. */
export async function outcomeCandidates(db: DbOrTx, studentId: string, year: number) {
  return db
    .select({
      id: outcomes.id,
      title: outcomes.title,
      summary: outcomes.summary,
      status: outcomes.status,
      semester: terms.semester,
      courseName: courses.name,
      decidedAt: outcomes.decidedAt,
      selectedAt: selections.selectedAt,
    })
    .from(outcomes)
    .innerJoin(terms, eq(terms.id, outcomes.termId))
    .innerJoin(courses, eq(courses.id, outcomes.courseId))
    .leftJoin(selections, eq(selections.outcomeId, outcomes.id))
    .where(
      and(
        eq(outcomes.studentId, studentId),
        eq(terms.academicYear, year),
        sql`${outcomes.status} <> 'withdrawn'`,
      ),
    )
    .orderBy(asc(terms.semester), asc(courses.name), asc(outcomes.createdAt));
}

/** The student's performances entered in the year (deleted ones left out), with selection. */
export async function performanceCandidates(db: DbOrTx, studentId: string, year: number) {
  return db
    .select({
      id: performances.id,
      category: performances.category,
      fields: performances.fields,
      summary: performances.summary,
      startsOn: performances.startsOn,
      endsOn: performances.endsOn,
      selectedAt: selections.selectedAt,
    })
    .from(performances)
    .leftJoin(selections, eq(selections.performanceId, performances.id))
    .where(
      and(
        eq(performances.studentId, studentId),
        eq(performances.academicYear, year),
        isNull(performances.deletedAt),
      ),
    )
    .orderBy(asc(performances.createdAt));
}

/** The outer row's student id inside subqueries (a bare column would render unqualified). */
const sid = sql.raw('"students"."id"');

/** Each student of a class (seat order) with the year's selected and selectable counts. */
export async function classSelection(db: DbOrTx, classId: string, year: number) {
  return db
    .select({
      id: students.id,
      seatNo: students.seatNo,
      studentNo: students.studentNo,
      name: students.name,
      outcomesSelected: sql<number>`(select count(*)::int from selections s
        where s.student_id = ${sid} and s.academic_year = ${year} and s.kind = 'outcome')`,
      performancesSelected: sql<number>`(select count(*)::int from selections s
        where s.student_id = ${sid} and s.academic_year = ${year} and s.kind = 'performance')`,
      outcomesPassed: sql<number>`(select count(*)::int from outcomes o join terms t on t.id = o.term_id
        where o.student_id = ${sid} and t.academic_year = ${year} and o.status = 'passed')`,
      performancesRecorded: sql<number>`(select count(*)::int from performances p
        where p.student_id = ${sid} and p.academic_year = ${year} and p.deleted_at is null)`,
    })
    .from(students)
    .where(eq(students.classId, classId))
    .orderBy(asc(students.seatNo));
}

/** The student record of a user (the one who selects). */
export async function studentOfUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      id: students.id,
      schoolId: students.schoolId,
      name: students.name,
      studentNo: students.studentNo,
    })
    .from(students)
    .where(eq(students.userId, userId));
  return row;
}
