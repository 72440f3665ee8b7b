import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, students, users } from '../../db/schema/index.js';

export interface AuditEntry {
  action: string;
  schoolId?: string | null;
  actorUserId?: string | null;
  targetType?: string;
  targetId?: string;
  requestId?: string;
  /** Never national IDs, birth dates or passwords. */
  details?: Record<string, unknown>;
  /** Reads: the students whose data the answer held (audit-read.ts). */
  studentIds?: string[] | null;
}

/** Appends one entry to the audit log (the table refuses updates and deletes). */
export async function insertAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

export interface AuditFilter {
  schoolId: string;
  /** Rows that showed this student's data or name them as their target. */
  studentId?: string;
  actorUserId?: string;
  action?: string;
  maxId?: number;
  /** [from, to) */
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

function whereOf(f: AuditFilter): SQL | undefined {
  return and(
    eq(auditLog.schoolId, f.schoolId),
    f.studentId
      ? sql`(${auditLog.studentIds} @> array[${f.studentId}]::uuid[]
          or (${auditLog.targetType} = 'student' and ${auditLog.targetId} = ${f.studentId}))`
      : undefined,
    f.actorUserId ? eq(auditLog.actorUserId, f.actorUserId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.maxId !== undefined ? sql`${auditLog.id} <= ${f.maxId}` : undefined,
    f.from ? sql`${auditLog.at} >= ${f.from.toISOString()}` : undefined,
    f.to ? sql`${auditLog.at} < ${f.to.toISOString()}` : undefined,
  );
}

/**
 * A school's audit entries, newest first, with who acted and what the target was in words (the student,
 * class, course or file), for 教務處's read-only audit view.
 */
export async function listAuditView(db: DbOrTx, f: AuditFilter) {
  const where = whereOf(f);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int`, maxId: sql<number>`coalesce(max(${auditLog.id}), 0)::int` })
    .from(auditLog)
    .where(where);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorUsername: users.username,
      actorName: users.displayName,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      targetLabel: sql<string | null>`case ${auditLog.targetType}
        when 'student' then (select s.student_no || ' ' || s.name from students s
          where s.school_id = ${f.schoolId} and s.id::text = ${auditLog.targetId})
        when 'class' then (select c.name from classes c
          where c.school_id = ${f.schoolId} and c.id::text = ${auditLog.targetId})
        when 'course' then (select c.name from courses c
          where c.school_id = ${f.schoolId} and c.id::text = ${auditLog.targetId})
        when 'user' then (select u.username from users u where u.id::text = ${auditLog.targetId})
        else null end`,
      studentCount: sql<number>`coalesce(cardinality(${auditLog.studentIds}), 0)::int`,
      /** 學號 and name when the row names exactly one student. */
      studentLabel: sql<string | null>`case when cardinality(${auditLog.studentIds}) = 1 then
        (select s.student_no || ' ' || s.name from students s
          where s.school_id = ${f.schoolId} and s.id = ${auditLog.studentIds}[1]) end`,
      requestId: auditLog.requestId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .orderBy(sql`${auditLog.at} desc, ${auditLog.id} desc`)
    .limit(f.limit)
    .offset(f.offset);
  return { total: count?.n ?? 0, maxId: count?.maxId ?? 0, rows };
}

export type AuditViewRow = Awaited<ReturnType<typeof listAuditView>>['rows'][number];

/** The student of this school with this 學號 or id (the audit view's student filter). */
export async function studentOfSchool(db: DbOrTx, schoolId: string, by: { id?: string; studentNo?: string }) {
  const [row] = await db
    .select({ id: students.id })
    .from(students)
    .where(
      and(
        eq(students.schoolId, schoolId),
        by.id ? eq(students.id, by.id) : eq(students.studentNo, by.studentNo ?? ''),
      ),
    );
  return row?.id ?? null;
}

/** The user of this school with this username (the audit view's actor filter). */
export async function userOfSchool(db: DbOrTx, schoolId: string, username: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.schoolId, schoolId), eq(users.username, username.trim().toLowerCase())));
  return row?.id ?? null;
}
