/**
 * 教務處's read-only view of the school's audit log: filters by student, actor, action and days, pages,
 * and an xlsx. Reading it is itself a read of other people's data, and audited like any other.
 */
import type { Db } from '../../db/client.js';
import { auditActionLabel } from '../../domain/audit-actions.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { assertOwnSchool } from '../policy/policy.js';
import * as repo from './audit.repo.js';
import type { TAuditQuery } from './audit.schemas.js';
import { auditRead } from './audit-read.js';

/** Rows in one xlsx: a larger export asks for narrower filters. */
export const AUDIT_EXPORT_MAX_ROWS = 20_000;

const DAY_MS = 86_400_000;
/** Midnight in Taiwan (UTC+8, no daylight saving) of an ISO day. */
const taipeiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
const taipeiTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService(deps: { db: Db }) {
  const { db } = deps;

  /** The query's filters resolved within the caller's school; null when one names nobody there. */
  async function filterOf(user: SessionUser, q: TAuditQuery) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const schoolId = user.school.id;
    // An id that arrives is checked like everywhere else (another school's student: 404); a 學號 typed
    // into the search that matches nobody simply finds nothing.
    await assertOwnSchool(db, user, { student: q.studentId });
    let studentId: string | undefined;
    if (q.studentId || q.studentNo) {
      const found = await repo.studentOfSchool(db, schoolId, { id: q.studentId, studentNo: q.studentNo });
      if (!found) return null;
      studentId = found;
    }
    let actorUserId: string | undefined;
    if (q.actor) {
      const found = await repo.userOfSchool(db, schoolId, q.actor);
      if (!found) return null;
      actorUserId = found;
    }
    if (q.from && q.to && q.to < q.from) throw new AppError('TIME_RANGE_INVALID');
    return {
      schoolId,
      studentId,
      actorUserId,
      action: q.action,
      maxId: q.maxId,
      from: q.from ? taipeiMidnight(q.from) : undefined,
      to: q.to ? new Date(taipeiMidnight(q.to).getTime() + DAY_MS) : undefined,
    };
  }

  /** What the audit row of this read keeps: ids and filters, never the typed 學號 or username. */
  const readDetails = (q: TAuditQuery, f: NonNullable<Awaited<ReturnType<typeof filterOf>>> | null) => ({
    actorUserId: f?.actorUserId,
    action: q.action,
    from: q.from,
    to: q.to,
    page: q.page,
    matched: f !== null,
  });

  async function list(user: SessionUser, q: TAuditQuery, requestId: string) {
    const f = await filterOf(user, q);
    const found = f
      ? await repo.listAuditView(db, { ...f, limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
      : { total: 0, maxId: q.maxId ?? 0, rows: [] };
    // Written after the search (so it is not among its own results), before anything is answered.
    await auditRead(
      db,
      { user, requestId },
      'read.audit_log',
      { scope: { type: 'school' }, studentIds: f?.studentId ? [f.studentId] : [] },
      readDetails(q, f),
    );
    return { total: found.total, maxId: found.maxId, page: q.page, pageSize: q.pageSize, items: found.rows };
  }

  async function workbook(user: SessionUser, q: TAuditQuery, requestId: string) {
    const f = await filterOf(user, q);
    await auditRead(
      db,
      { user, requestId },
      'read.audit_log_export',
      { scope: { type: 'school' }, studentIds: f?.studentId ? [f.studentId] : [] },
      readDetails(q, f),
    );
    const rows = f
      ? (await repo.listAuditView(db, { ...f, limit: AUDIT_EXPORT_MAX_ROWS + 1, offset: 0 })).rows
      : [];
    if (rows.length > AUDIT_EXPORT_MAX_ROWS)
      throw new AppError('AUDIT_EXPORT_TOO_LARGE', { max: AUDIT_EXPORT_MAX_ROWS });
    const body = await buildWorkbook([
      {
        name: '稽核紀錄',
        header: [
          '時間',
          '帳號',
          '姓名',
          '動作',
          '對象類型',
          '對象',
          '涉及學生數',
          '學生',
          '細節',
          '請求編號',
        ],
        rows: rows.map((r) => [
          taipeiTime.format(r.at),
          r.actorUsername,
          r.actorName,
          auditActionLabel(r.action, 'zh-TW'),
          r.targetType,
          r.targetLabel ?? r.targetId,
          r.studentCount,
          r.studentLabel,
          r.details ? JSON.stringify(r.details) : null,
          r.requestId,
        ]),
      },
    ]);
    const stamp = taipeiTime.format(new Date()).slice(0, 10);
    return { filename: `稽核紀錄-${stamp}.xlsx`, body };
  }

  return { list, workbook };
}
