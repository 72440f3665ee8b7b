import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { mailOutbox, notifications } from '../../db/schema/index.js';

export interface Notice {
  userId: string;
  schoolId?: string | null;
  kind: string;
  params?: Record<string, string | number>;
  link?: string;
  dedupeKey?: string;
}

/** In-app notices plus their mail in the outbox; notices with a dedupe key already sent are skipped. */
export async function notify(db: DbOrTx, list: Notice[]) {
  if (list.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(list.map((n) => ({ ...n, params: n.params ?? {}, dedupeKey: n.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ userId: notifications.userId, kind: notifications.kind, params: notifications.params });
  if (inserted.length > 0) await db.insert(mailOutbox).values(inserted);
  return inserted.length;
}

export async function listOwn(db: DbOrTx, userId: string) {
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(50);
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { unread: unread?.n ?? 0, items };
}

/** How many of the given notices are the user's own. */
export async function countOwn(db: DbOrTx, userId: string, ids: string[]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids)));
  return row?.n ?? 0;
}

export async function markRead(db: DbOrTx, userId: string, ids?: string[]) {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    );
}

/** Teachers (users) with outcomes submitted to their courses since their last digest, with counts. */
export async function newSubmissionsByTeacher(db: DbOrTx) {
  const rows = await db.execute(sql`
    select st.user_id as "userId", c.school_id as "schoolId", count(distinct o.id)::int as count
    from outcomes o join course_teachers ct on ct.course_id = o.course_id join staff st on st.id = ct.staff_id
    join courses c on c.id = o.course_id
    where st.user_id is not null and o.status = 'pending'
      and o.updated_at > coalesce((select max(n.created_at) from notifications n where n.user_id = st.user_id and n.kind = 'certification.digest'), 'epoch')
    group by st.user_id, c.school_id`);
  return rows.rows as { userId: string; schoolId: string; count: number }[];
}

/** Upload and certification windows (windows module's table) closing within `hours` hours from now. */
export async function windowsClosingWithin(db: DbOrTx, hours: number) {
  const rows = await db.execute(sql`
    select w.id, w.kind, w.term_id as "termId", w.school_id as "schoolId", w.closes_at as "closesAt"
    from windows w where w.kind in ('upload', 'certification') and w.closes_at > now() and w.closes_at <= now() + make_interval(hours => ${hours})`);
  return rows.rows as {
    id: string;
    kind: 'upload' | 'certification';
    termId: string;
    schoolId: string;
    closesAt: Date;
  }[];
}

/** Students of the term who uploaded nothing yet or have a failed outcome to resubmit. */
export async function studentsWithPendingUploads(db: DbOrTx, termId: string) {
  const rows = await db.execute(sql`
    select distinct s.user_id as "userId" from students s
    join enrollments e on e.student_id = s.id join courses c on c.id = e.course_id and c.term_id = ${termId}
    where s.user_id is not null and s.status in ('在學', '轉入') and (
      not exists (select 1 from outcomes o where o.student_id = s.id and o.term_id = ${termId} and o.status <> 'withdrawn')
      or exists (select 1 from outcomes o where o.student_id = s.id and o.term_id = ${termId} and o.status = 'failed'))`);
  return (rows.rows as { userId: string }[]).map((r) => r.userId);
}

/** Teachers with pending certifications in the term. */
export async function teachersWithPendingCertifications(db: DbOrTx, termId: string) {
  const rows = await db.execute(sql`
    select distinct st.user_id as "userId" from outcomes o
    join course_teachers ct on ct.course_id = o.course_id join staff st on st.id = ct.staff_id
    where o.term_id = ${termId} and o.status = 'pending' and st.user_id is not null`);
  return (rows.rows as { userId: string }[]).map((r) => r.userId);
}

export async function userOfStudent(db: DbOrTx, studentId: string) {
  const rows = await db.execute(sql`select user_id as "userId" from students where id = ${studentId}`);
  return (rows.rows[0] as { userId: string | null } | undefined)?.userId ?? null;
}
