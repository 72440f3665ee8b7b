/** SQL of the calendar: the feed tokens, what students still have to do per window, a child's statuses. */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarFeeds } from '../../db/schema/index.js';

const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>) => (await db.execute(q)).rows as T[];
const uuids = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** Replaces the user's feed token (rotation: the old URL stops working at once). */
export async function saveFeed(db: DbOrTx, userId: string, tokenHash: string, at: Date) {
  await db
    .insert(calendarFeeds)
    .values({ userId, tokenHash, createdAt: at })
    .onConflictDoUpdate({
      target: calendarFeeds.userId,
      set: { tokenHash, createdAt: at, lastUsedAt: null },
    });
}

export async function deleteFeed(db: DbOrTx, userId: string) {
  const gone = await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).returning();
  return gone.length;
}

export async function feedOf(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt, lastUsedAt: calendarFeeds.lastUsedAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId));
  return row;
}

/** The user of a token hash, noting the fetch; undefined for an unknown (or revoked) token. */
export async function ownerOfFeed(db: DbOrTx, tokenHash: string, at: Date) {
  const [row] = await db
    .update(calendarFeeds)
    .set({ lastUsedAt: at })
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .returning({ userId: calendarFeeds.userId });
  return row?.userId;
}

/** Per student: enrolled courses of the term without an outcome in play, and failed outcomes to redo. */
export async function uploadWork(db: DbOrTx, studentIds: string[], termId: string) {
  if (studentIds.length === 0) return [];
  return rowsOf<{ studentId: string; coursesWithout: number; failed: number }>(
    db,
    sql`select s.id as "studentId",
        (select count(*)::int from enrollments e join courses c on c.id = e.course_id
          where e.student_id = s.id and c.term_id = ${termId} and not exists (
            select 1 from outcomes o where o.student_id = s.id and o.course_id = c.id
              and o.status <> 'withdrawn')) as "coursesWithout",
        (select count(*)::int from outcomes o where o.student_id = s.id and o.term_id = ${termId}
          and o.status = 'failed') as failed
      from students s where s.id in (${uuids(studentIds)})`,
  );
}

/** Per student and academic year: items selected, and certified outcomes + performances selectable. */
export async function selectionWork(db: DbOrTx, studentIds: string[], academicYear: number) {
  if (studentIds.length === 0) return [];
  return rowsOf<{ studentId: string; selected: number; selectable: number }>(
    db,
    sql`select s.id as "studentId",
        (select count(*)::int from selections x where x.student_id = s.id and x.academic_year = ${academicYear}) as selected,
        (select count(*)::int from outcomes o join terms t on t.id = o.term_id
          where o.student_id = s.id and o.status = 'passed' and t.academic_year = ${academicYear})
        + (select count(*)::int from performances p where p.student_id = s.id
          and p.academic_year = ${academicYear} and p.deleted_at is null) as selectable
      from students s where s.id in (${uuids(studentIds)})`,
  );
}

/** A student's statuses: outcomes of the term by status, selections of the year by kind, performances of the year. */
export async function studentStatus(
  db: DbOrTx,
  studentId: string,
  termId: string | null,
  academicYear: number,
) {
  const [row] = await rowsOf<{
    pending: number;
    passed: number;
    failed: number;
    withdrawn: number;
    selectedOutcomes: number;
    selectedPerformances: number;
    performances: number;
  }>(
    db,
    sql`select
      count(*) filter (where o.status = 'pending')::int as pending,
      count(*) filter (where o.status = 'passed')::int as passed,
      count(*) filter (where o.status = 'failed')::int as failed,
      count(*) filter (where o.status = 'withdrawn')::int as withdrawn,
      (select count(*)::int from selections x where x.student_id = ${studentId}
        and x.academic_year = ${academicYear} and x.kind = 'outcome') as "selectedOutcomes",
      (select count(*)::int from selections x where x.student_id = ${studentId}
        and x.academic_year = ${academicYear} and x.kind = 'performance') as "selectedPerformances",
      (select count(*)::int from performances p where p.student_id = ${studentId}
        and p.academic_year = ${academicYear} and p.deleted_at is null) as performances
    from outcomes o where o.student_id = ${studentId} and o.term_id = ${termId}`,
  );
  return row;
}

/** Every history event of a student's outcomes of a term, newest first, with the outcome and course. */
export async function studentTimeline(db: DbOrTx, studentId: string, termId: string) {
  return rowsOf<{
    outcomeId: string;
    title: string;
    course: string;
    status: 'pending' | 'passed' | 'failed' | 'withdrawn';
    at: Date;
    action: string;
    reason: string | null;
    actor: string | null;
  }>(
    db,
    sql`select o.id as "outcomeId", o.title, c.name as course, o.status, e.at, e.action, e.reason,
        u.display_name as actor
      from outcome_events e join outcomes o on o.id = e.outcome_id join courses c on c.id = o.course_id
        left join users u on u.id = e.actor_user_id
      where o.student_id = ${studentId} and o.term_id = ${termId}
      order by e.at desc, e.id desc limit 500`,
  );
}
