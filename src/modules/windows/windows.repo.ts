/** SQL of windows and their extensions (the only place that touches these tables). */
import { type AnyColumn, and, asc, desc, eq, gte, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { classes, students, terms, users, windowExtensionGrants, windows } from '../../db/schema/index.js';
import type { WindowKindAny } from '../../domain/windows.js';

export type WindowRow = typeof windows.$inferSelect;
export type ExtensionRow = typeof windowExtensionGrants.$inferSelect;

/** A term window (termId) or an academic-year window (academicYear) of one school. */
export type WindowScope = { schoolId: string; termId: string } | { schoolId: string; academicYear: number };

function scopeWhere(kind: WindowKindAny, scope: WindowScope) {
  return and(
    eq(windows.schoolId, scope.schoolId),
    eq(windows.kind, kind),
    'termId' in scope
      ? eq(windows.termId, scope.termId)
      : and(isNull(windows.termId), eq(windows.academicYear, scope.academicYear)),
  );
}

/** The grade of a student's class (null without a class). */
export async function gradeOfStudent(db: DbOrTx, studentId: string) {
  const [row] = await db
    .select({ grade: classes.grade })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(eq(students.id, studentId));
  return row?.grade ?? null;
}

/**
 * The window that applies to a grade: the grade's own window if one is set, else the school's (grade
 * null). With grade null only the school's window.
 */
export async function applicableWindow(
  db: DbOrTx,
  kind: WindowKindAny,
  scope: WindowScope,
  grade: number | null,
): Promise<WindowRow | undefined> {
  const [row] = await db
    .select()
    .from(windows)
    .where(
      and(
        scopeWhere(kind, scope),
        grade === null ? isNull(windows.grade) : or(isNull(windows.grade), eq(windows.grade, grade)),
      ),
    )
    .orderBy(sql`${windows.grade} nulls last`)
    .limit(1);
  return row;
}

/** The window of exactly this scope and grade. */
export async function exactWindow(db: DbOrTx, kind: WindowKindAny, scope: WindowScope, grade: number | null) {
  const [row] = await db
    .select()
    .from(windows)
    .where(and(scopeWhere(kind, scope), grade === null ? isNull(windows.grade) : eq(windows.grade, grade)));
  return row;
}

export async function windowById(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(windows)
    .where(and(eq(windows.id, id), eq(windows.schoolId, schoolId)));
  return row;
}

/** The latest extension of a window for the whole school or (with a student) for that student. */
export async function extendedTo(db: DbOrTx, windowId: string, studentId: string | null) {
  const t = windowExtensionGrants;
  const [row] = await db
    .select({ closesAt: sql<string | null>`max(${t.closesAt})` })
    .from(t)
    .where(
      and(
        eq(t.windowId, windowId),
        studentId ? or(isNull(t.studentId), eq(t.studentId, studentId)) : isNull(t.studentId),
      ),
    );
  return row?.closesAt ? new Date(row.closesAt) : null;
}

/** Inserts or replaces the window of a scope and grade; returns the row. */
export async function upsertWindow(db: DbOrTx, row: typeof windows.$inferInsert) {
  const [saved] = await db
    .insert(windows)
    .values(row)
    .onConflictDoUpdate({
      target: [windows.schoolId, windows.kind, windows.termId, windows.academicYear, windows.grade],
      set: {
        opensAt: row.opensAt,
        closesAt: row.closesAt,
        closingCeremony: row.closingCeremony ?? null,
        updatedBy: row.updatedBy,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return saved as WindowRow;
}

export async function updateWindow(
  db: DbOrTx,
  id: string,
  set: Partial<Pick<WindowRow, 'opensAt' | 'closesAt' | 'closingCeremony' | 'updatedBy'>>,
) {
  const [row] = await db
    .update(windows)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(windows.id, id))
    .returning();
  return row as WindowRow;
}

export async function insertExtension(db: DbOrTx, row: typeof windowExtensionGrants.$inferInsert) {
  const [saved] = await db.insert(windowExtensionGrants).values(row).returning();
  return saved as ExtensionRow;
}

/** The windows of a school for a term (its term windows) or an academic year (its year windows and its terms'). */
export async function windowsOfSchool(
  db: DbOrTx,
  schoolId: string,
  filter: { termId?: string; academicYear?: number; fromYear?: number },
) {
  return db
    .select({
      window: windows,
      semester: terms.semester,
      updatedByName: users.displayName,
    })
    .from(windows)
    .leftJoin(terms, eq(terms.id, windows.termId))
    .leftJoin(users, eq(users.id, windows.updatedBy))
    .where(
      and(
        eq(windows.schoolId, schoolId),
        filter.termId ? eq(windows.termId, filter.termId) : undefined,
        filter.academicYear !== undefined ? eq(windows.academicYear, filter.academicYear) : undefined,
        filter.fromYear !== undefined ? gte(windows.academicYear, filter.fromYear) : undefined,
      ),
    )
    .orderBy(asc(windows.academicYear), asc(terms.semester), asc(windows.kind), asc(windows.grade));
}

/** The extensions of these windows with the student and who granted them, newest first. */
export async function extensionsOf(db: DbOrTx, windowIds: string[]) {
  if (windowIds.length === 0) return [];
  const t = windowExtensionGrants;
  return db
    .select({
      id: t.id,
      windowId: t.windowId,
      studentId: t.studentId,
      studentName: students.name,
      studentNo: students.studentNo,
      closesAt: t.closesAt,
      reason: t.reason,
      createdBy: t.createdBy,
      createdByName: users.displayName,
      createdAt: t.createdAt,
    })
    .from(t)
    .leftJoin(students, eq(students.id, t.studentId))
    .leftJoin(users, eq(users.id, t.createdBy))
    .where(inArray(t.windowId, windowIds))
    .orderBy(desc(t.createdAt));
}

/** Windows closing within `hours` hours of now (base close), for reminders. */
export async function closingWithin(db: DbOrTx, kinds: WindowKindAny[], now: Date, hours: number) {
  return db
    .select()
    .from(windows)
    .where(
      and(
        inArray(windows.kind, kinds),
        sql`${windows.closesAt} > ${now.toISOString()}`,
        sql`${windows.closesAt} <= ${new Date(now.getTime() + hours * 3_600_000).toISOString()}`,
      ),
    );
}

export async function termOf(db: DbOrTx, schoolId: string, termId: string) {
  const [row] = await db
    .select()
    .from(terms)
    .where(and(eq(terms.id, termId), eq(terms.schoolId, schoolId)));
  return row;
}

// ---- who a schedule concerns ----

/** The students a user is (as a student) or guards (as a parent), with their grade. */
export async function scheduleStudents(db: DbOrTx, schoolId: string, userId: string) {
  const rows = await db.execute(sql`
    select s.id, s.name, (s.user_id is not distinct from ${userId}::uuid) as "self", c.grade
    from students s left join classes c on c.id = s.class_id
    where s.school_id = ${schoolId} and (s.user_id = ${userId}
       or s.id in (select g.student_id from guardians g where g.user_id = ${userId}))
    order by s.student_no`);
  return rows.rows as { id: string; name: string; self: boolean; grade: number | null }[];
}

/** Terms of a school in which the user teaches a course or substitutes (as of any date). */
export async function termsTaughtBy(db: DbOrTx, schoolId: string, userId: string) {
  const rows = await db.execute(sql`
    select distinct c.term_id as "termId" from courses c
    where c.school_id = ${schoolId} and (
      c.id in (select ct.course_id from course_teachers ct join staff st on st.id = ct.staff_id where st.user_id = ${userId})
      or c.id in (select sb.course_id from substitutes sb join staff st on st.id = sb.substitute_staff_id where st.user_id = ${userId})
      or exists (select 1 from substitutes sb join staff st on st.id = sb.substitute_staff_id
                 join course_teachers ct on ct.staff_id = sb.absent_staff_id
                 where st.user_id = ${userId} and ct.course_id = c.id))`);
  return (rows.rows as { termId: string }[]).map((r) => r.termId);
}

/** Grades of the classes a user is homeroom teacher of. */
export async function homeroomGrades(db: DbOrTx, userId: string) {
  const rows = await db.execute(sql`
    select distinct c.grade from classes c join staff st on st.id = c.homeroom_staff_id
    where st.user_id = ${userId}`);
  return (rows.rows as { grade: number }[]).map((r) => Number(r.grade));
}

/**
 * A condition for queries of other capabilities: the school-wide window of `kind` for the term in
 * `termId` (a column) is open at `now`, with school-wide extensions applied.
 */
export function termWindowOpenAt(termId: AnyColumn, kind: WindowKindAny, now: Date): SQL {
  return sql`exists (
    select 1 from ${windows} w
    where w.term_id = ${termId} and w.kind = ${kind} and w.grade is null and w.opens_at <= ${now}
      and greatest(w.closes_at, coalesce((
        select max(x.closes_at) from ${windowExtensionGrants} x
        where x.window_id = w.id and x.student_id is null
      ), w.closes_at)) >= ${now})`;
}
