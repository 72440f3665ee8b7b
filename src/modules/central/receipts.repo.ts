/**
 * The repository's receipts and disputes as the exchange serves them (the only SQL of receipts.service
 * and disputes.service). Every query names the school: a school reads and answers its own only.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  centralDisputes,
  centralEvents,
  centralReceipts,
  type ReceiptContent,
} from '../../db/schema/index.js';

export interface ExchangeReceipt {
  id: string;
  submissionId: string;
  nationalId: string;
  birthDate: string;
  academicYear: number;
  semester: number;
  roster: number;
  content: ReceiptContent;
  sha256: string;
  issuedAt: Date;
  status: 'issued' | 'confirmed' | 'disputed' | 'superseded';
  supersededBy: string | null;
  respondedAt: Date | null;
  disputeId: string | null;
  disputeDueAt: Date | null;
  disputeStatus: 'open' | 'resolved' | null;
  disputeResolution: 'corrected' | 'answered' | null;
  disputeResolvedAt: Date | null;
  /** The latest change of the receipt: issued, answered, superseded, its dispute opened or resolved. */
  changedAt: Date;
}

const CHANGED_AT = sql`greatest(r.issued_at, coalesce(r.responded_at, r.issued_at),
  coalesce(n.issued_at, r.issued_at), coalesce(d.opened_at, r.issued_at), coalesce(d.resolved_at, r.issued_at))`;

/**
 * The school's receipts changed after (since, afterId), oldest change first, at most `limit`: a
 * compound cursor, so thousands of receipts issued at the same instant page correctly.
 */
export async function receiptsChangedSince(
  db: DbOrTx,
  schoolId: string,
  since: Date | null,
  afterId: string | null,
  limit: number,
): Promise<ExchangeReceipt[]> {
  const cursor = since
    ? afterId
      ? sql`and (c.changed_at, c.id) > (${since.toISOString()}::timestamptz, ${afterId}::uuid)`
      : sql`and c.changed_at > ${since.toISOString()}::timestamptz`
    : sql``;
  const res = await db.execute(sql`
    select * from (
      select r.id, r.submission_id, s.national_id, s.birth_date::text as birth_date, r.academic_year,
        r.semester, r.roster, r.content, r.sha256, r.issued_at, r.status, r.superseded_by, r.responded_at,
        d.id as dispute_id, d.due_at, d.status as dispute_status, d.resolution, d.resolved_at,
        ${CHANGED_AT} as changed_at
      from central_receipts r
      join central_students s on s.id = r.student_id
      left join central_receipts n on n.id = r.superseded_by
      left join lateral (
        select * from central_disputes where receipt_id = r.id order by opened_at desc limit 1) d on true
      where r.school_id = ${schoolId}) c
    where true ${cursor}
    order by c.changed_at, c.id
    limit ${limit}`);
  const at = (v: unknown) => (v ? new Date(v as string) : null);
  return (res.rows as Record<string, unknown>[]).map((r) => ({
    id: r.id as string,
    submissionId: r.submission_id as string,
    nationalId: r.national_id as string,
    birthDate: r.birth_date as string,
    academicYear: Number(r.academic_year),
    semester: Number(r.semester),
    roster: Number(r.roster),
    content: r.content as ReceiptContent,
    sha256: r.sha256 as string,
    issuedAt: at(r.issued_at) as Date,
    status: r.status as ExchangeReceipt['status'],
    supersededBy: (r.superseded_by as string | null) ?? null,
    respondedAt: at(r.responded_at),
    disputeId: (r.dispute_id as string | null) ?? null,
    disputeDueAt: at(r.due_at),
    disputeStatus: (r.dispute_status as ExchangeReceipt['disputeStatus']) ?? null,
    disputeResolution: (r.resolution as ExchangeReceipt['disputeResolution']) ?? null,
    disputeResolvedAt: at(r.resolved_at),
    changedAt: at(r.changed_at) as Date,
  }));
}

/** One receipt of the school, locked for an answer. */
export async function receiptForUpdate(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(centralReceipts)
    .where(and(eq(centralReceipts.id, id), eq(centralReceipts.schoolId, schoolId)))
    .for('update');
  return row ?? null;
}

export async function setResponse(
  db: DbOrTx,
  id: string,
  v: { status: 'confirmed' | 'disputed'; respondedAt: Date; reason: string | null },
) {
  await db
    .update(centralReceipts)
    .set({ status: v.status, respondedAt: v.respondedAt, disputeReason: v.reason })
    .where(eq(centralReceipts.id, id));
}

export type DisputeRow = typeof centralDisputes.$inferSelect;

/** The receipt's latest dispute (open or resolved). */
export async function disputeOfReceipt(db: DbOrTx, receiptId: string): Promise<DisputeRow | null> {
  const [row] = await db
    .select()
    .from(centralDisputes)
    .where(eq(centralDisputes.receiptId, receiptId))
    .orderBy(sql`${centralDisputes.openedAt} desc`)
    .limit(1);
  return row ?? null;
}

/** Opens the receipt's dispute unless one is open (one open per receipt); returns the open one. */
export async function openDispute(db: DbOrTx, v: typeof centralDisputes.$inferInsert) {
  const [made] = await db.insert(centralDisputes).values(v).onConflictDoNothing().returning();
  return { dispute: made ?? ((await disputeOfReceipt(db, v.receiptId)) as DisputeRow), opened: !!made };
}

export async function disputesOfSchool(db: DbOrTx, schoolId: string, status: 'open' | 'resolved' | 'all') {
  return db
    .select({
      id: centralDisputes.id,
      receiptId: centralDisputes.receiptId,
      reason: centralDisputes.reason,
      openedAt: centralDisputes.openedAt,
      dueAt: centralDisputes.dueAt,
      status: centralDisputes.status,
      resolvedAt: centralDisputes.resolvedAt,
      resolution: centralDisputes.resolution,
      resolutionNote: centralDisputes.resolutionNote,
      resolvedBySubmissionId: centralDisputes.resolvedBySubmissionId,
      roster: centralReceipts.roster,
      academicYear: centralReceipts.academicYear,
      semester: centralReceipts.semester,
    })
    .from(centralDisputes)
    .innerJoin(centralReceipts, eq(centralReceipts.id, centralDisputes.receiptId))
    .where(
      and(
        eq(centralDisputes.schoolId, schoolId),
        status === 'all' ? undefined : eq(centralDisputes.status, status),
      ),
    )
    .orderBy(centralDisputes.dueAt);
}

export async function disputeForUpdate(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(centralDisputes)
    .where(and(eq(centralDisputes.id, id), eq(centralDisputes.schoolId, schoolId)))
    .for('update');
  return row ?? null;
}

export async function resolveAnswered(db: DbOrTx, id: string, note: string, at: Date) {
  await db
    .update(centralDisputes)
    .set({ status: 'resolved', resolution: 'answered', resolutionNote: note, resolvedAt: at })
    .where(eq(centralDisputes.id, id));
}

export async function logEvent(db: DbOrTx, e: typeof centralEvents.$inferInsert) {
  await db.insert(centralEvents).values(e);
}

/** Per school: open, overdue (open past due), resolved, median handling time of resolved ones (hours). */
export async function disputeStats(db: DbOrTx, now: Date) {
  const res = await db.execute(sql`
    select s.id, s.code, s.name,
      count(d.id) filter (where d.status = 'open')::int as open,
      count(d.id) filter (where d.status = 'open' and d.due_at < ${now.toISOString()}::timestamptz)::int as overdue,
      count(d.id) filter (where d.status = 'resolved')::int as resolved,
      percentile_cont(0.5) within group (order by extract(epoch from d.resolved_at - d.opened_at) / 3600)
        filter (where d.status = 'resolved') as median_hours
    from central_schools s left join central_disputes d on d.school_id = s.id
    group by s.id order by s.code`);
  return (res.rows as Record<string, unknown>[]).map((r) => ({
    schoolId: r.id as string,
    code: r.code as string,
    name: r.name as string,
    open: Number(r.open),
    overdue: Number(r.overdue),
    resolved: Number(r.resolved),
    medianHours: r.median_hours === null ? null : Math.round(Number(r.median_hours) * 10) / 10,
  }));
}

/** Open disputes past their due time, the most overdue first (no personal data: roster and dates). */
export async function overdueDisputes(db: DbOrTx, now: Date) {
  const res = await db.execute(sql`
    select d.id, s.code, s.name, r.roster, r.academic_year, r.semester, d.opened_at, d.due_at
    from central_disputes d join central_schools s on s.id = d.school_id
    join central_receipts r on r.id = d.receipt_id
    where d.status = 'open' and d.due_at < ${now.toISOString()}::timestamptz
    order by d.due_at limit 500`);
  return (res.rows as Record<string, unknown>[]).map((r) => ({
    id: r.id as string,
    schoolCode: r.code as string,
    schoolName: r.name as string,
    roster: Number(r.roster),
    academicYear: Number(r.academic_year),
    semester: Number(r.semester),
    openedAt: new Date(r.opened_at as string),
    dueAt: new Date(r.due_at as string),
  }));
}
