/**
 * 收訖明細 at the school (SPEC.md §5): the student sees each receipt the repository issued them (rows as
 * received, their status and reasons, files with SHA-256) and confirms it or disputes it with a reason,
 * only inside the receiptConfirmation window; the answer is recorded here at once and relayed by a job.
 * Parents, the homeroom teacher and the offices read through the policy module (audited). The offices
 * (教務處: 名冊 1–4, 6, 26, 27; 學務處: 24, 25) see the disputes of their rosters with the 3-day handling
 * clock and answer those settled without a correction.
 */
import type { Db } from '../../db/client.js';
import { currentRosterFormats } from '../../domain/roster-formats.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { enqueue } from '../jobs/jobs.js';
import { authoriseStudentRead, schoolOf } from '../policy/policy.js';
import { studentOfUser } from '../selection/selection.repo.js';
import { assertOpen, windowFor } from '../windows/windows.check.js';
import * as repo from './receipts.repo.js';
import { ANSWER_RELAY_JOB, RELAY_JOB, SYNC_JOB } from './receipts.sync.js';

/** The school's handling clock of a dispute (the repository's due time once known). */
const HANDLING_MS = 3 * 86_400_000;

const OFFICES = {
  academicAdmin: { 'zh-TW': '教務處', en: 'academic affairs' },
  studentAffairs: { 'zh-TW': '學務處', en: 'student affairs' },
} as const;

/** The rosters whose disputes this user's office handles. */
export function rostersOf(user: SessionUser): number[] {
  return currentRosterFormats()
    .filter((f) => user.roles.includes(f.office))
    .map((f) => f.roster);
}

const view = (r: repo.LocalReceipt) => ({
  id: r.id,
  academicYear: r.academicYear,
  semester: r.semester,
  roster: r.roster,
  issuedAt: r.issuedAt,
  sha256: r.sha256,
  content: r.content,
  superseded: r.centralStatus === 'superseded',
  supersededBy: r.supersededBy,
  response: r.response,
  responseReason: r.responseReason,
  respondedAt: r.respondedAt,
  relayStatus: r.relayStatus,
  disputeDueAt: r.disputeDueAt,
  disputeStatus: r.disputeStatus,
  disputeResolution: r.disputeResolution,
  answerNote: r.answerNote,
});
export type ReceiptView = ReturnType<typeof view>;

export type ReceiptsService = ReturnType<typeof createReceiptsService>;

export function createReceiptsService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function ownStudent(user: SessionUser) {
    const student = await studentOfUser(db, user.id);
    if (!student || !user.school || student.schoolId !== user.school.id) throw new AppError('FORBIDDEN');
    return student;
  }

  /** The receipts of a student, newest first, with the confirmation window of each receipt's year. */
  async function receiptsOf(schoolId: string, studentId: string) {
    const rows = await repo.receiptsOfStudent(db, schoolId, studentId);
    const years = [...new Set(rows.map((r) => r.academicYear))];
    const windows = await Promise.all(
      years.map(async (academicYear) => {
        const w = await windowFor(db, 'receiptConfirmation', { schoolId, academicYear }, studentId, now());
        return {
          academicYear,
          opensAt: w?.window.opensAt ?? null,
          closesAt: w?.closesAt ?? null,
          open: w?.state === 'open',
        };
      }),
    );
    return { receipts: rows.map(view), windows };
  }

  async function mine(user: SessionUser) {
    const student = await ownStudent(user);
    return receiptsOf(student.schoolId, student.id);
  }

  /** Parents, homeroom teacher, offices: read-only, through the policy module (audited). */
  async function ofStudent(user: SessionUser, studentId: string, requestId: string) {
    const { student } = await authoriseStudentRead(db, user, studentId, requestId, {
      action: 'read.student_receipts',
    });
    return receiptsOf(schoolOf(user).id, student.id);
  }

  /** The student confirms a receipt or disputes it with a reason, inside the window; relayed by a job. */
  async function respond(
    user: SessionUser,
    receiptId: string,
    input: { response: 'confirmed' | 'disputed'; reason?: string | null },
    requestId: string,
  ) {
    const student = await ownStudent(user);
    const reason = input.reason?.trim() || null;
    return db.transaction(async (tx) => {
      const r = await repo.receiptOfSchool(tx, student.schoolId, receiptId, true);
      if (!r || r.studentId !== student.id) throw new AppError('NOT_FOUND');
      if (r.centralStatus === 'superseded') throw new AppError('RECEIPT_SUPERSEDED');
      if (
        r.response === input.response &&
        (r.responseReason ?? null) === (input.response === 'disputed' ? reason : null)
      )
        return view(r);
      if (r.response)
        throw new AppError(
          'RECEIPT_ALREADY_ANSWERED',
          r.response === 'confirmed'
            ? { answer: '確認無誤', answerEn: 'confirmed' }
            : { answer: '提出異議', answerEn: 'disputed' },
        );
      if (input.response === 'disputed' && !reason) throw new AppError('RECEIPT_DISPUTE_REASON_REQUIRED');
      await assertOpen(
        tx,
        'receiptConfirmation',
        { schoolId: student.schoolId, academicYear: r.academicYear },
        student.id,
        now(),
      );
      const at = now();
      const set = {
        response: input.response,
        responseReason: input.response === 'disputed' ? reason : null,
        respondedAt: at,
        respondedBy: user.id,
        relayStatus: 'pending' as const,
        relayError: null,
      };
      await repo.updateReceipt(tx, r.id, set);
      await enqueue(tx, RELAY_JOB, { receiptId: r.id });
      await insertAudit(tx, {
        action: `receipt.${input.response}`,
        schoolId: student.schoolId,
        actorUserId: user.id,
        requestId,
        targetType: 'receipt',
        targetId: r.id,
        studentIds: [student.id],
        details: { roster: r.roster, academicYear: r.academicYear, semester: r.semester },
      });
      return view({ ...r, ...set });
    });
  }

  /** The office's disputes of its rosters, with the student and the handling clock (audited list read). */
  async function disputes(user: SessionUser, requestId: string) {
    const school = schoolOf(user);
    const rows = await repo.disputesOfSchool(db, school.id, rostersOf(user));
    const at = now();
    const list = rows.map(({ receipt: r, student }) => {
      const dueAt = r.disputeDueAt ?? new Date((r.respondedAt as Date).getTime() + HANDLING_MS);
      const state: 'open' | 'answered' | 'corrected' =
        r.disputeResolution ?? (r.answerNote ? 'answered' : 'open');
      return {
        receiptId: r.id,
        student,
        roster: r.roster,
        academicYear: r.academicYear,
        semester: r.semester,
        issuedAt: r.issuedAt,
        reason: r.responseReason ?? '',
        respondedAt: r.respondedAt as Date,
        relayStatus: r.relayStatus,
        dueAt,
        state,
        msLeft: dueAt.getTime() - at.getTime(),
        overdue: state === 'open' && dueAt < at,
        answerNote: r.answerNote,
        answeredAt: r.answeredAt,
        answerRelayStatus: r.answerRelayStatus,
        superseded: r.centralStatus === 'superseded',
      };
    });
    await auditRead(
      db,
      { user, requestId },
      'read.receipt_disputes',
      { scope: { type: 'school' }, studentIds: list.map((d) => d.student.id) },
      { count: list.length },
    );
    return { at, disputes: list };
  }

  /** 已回覆: the office settles a dispute without a correction, with a note (relayed by a job). */
  async function answer(user: SessionUser, receiptId: string, note: string, requestId: string) {
    const school = schoolOf(user);
    const text = note.trim();
    return db.transaction(async (tx) => {
      const r = await repo.receiptOfSchool(tx, school.id, receiptId, true);
      if (!r?.studentId) throw new AppError('NOT_FOUND');
      const rosters = rostersOf(user);
      if (!rosters.includes(r.roster)) {
        const office = currentRosterFormats().find((f) => f.roster === r.roster)?.office ?? 'academicAdmin';
        throw new AppError('RECEIPT_ROSTER_NOT_YOURS', {
          roster: r.roster,
          office: OFFICES[office]['zh-TW'],
          officeEn: OFFICES[office].en,
        });
      }
      if (r.response !== 'disputed' || r.disputeResolution || r.centralStatus === 'superseded')
        throw new AppError('RECEIPT_NOT_DISPUTED');
      if (r.answerNote) return { receiptId: r.id, answerRelayStatus: r.answerRelayStatus };
      if (!text) throw new AppError('RECEIPT_ANSWER_NOTE_REQUIRED');
      await repo.updateReceipt(tx, r.id, {
        answerNote: text,
        answeredAt: now(),
        answeredBy: user.id,
        answerRelayStatus: 'pending',
      });
      await enqueue(tx, ANSWER_RELAY_JOB, { receiptId: r.id });
      await insertAudit(tx, {
        action: 'receipt.dispute_answered',
        schoolId: school.id,
        actorUserId: user.id,
        requestId,
        targetType: 'receipt',
        targetId: r.id,
        studentIds: [r.studentId],
        details: { roster: r.roster, academicYear: r.academicYear },
      });
      return { receiptId: r.id, answerRelayStatus: 'pending' as const };
    });
  }

  async function syncStatus(user: SessionUser) {
    const state = await repo.syncState(db, schoolOf(user).id);
    return {
      status: state?.status ?? null,
      requestedAt: state?.requestedAt ?? null,
      finishedAt: state?.finishedAt ?? null,
      received: state?.received ?? 0,
      unmatched: state?.unmatched ?? 0,
      error: state?.error ?? null,
    };
  }

  /** 取得收訖明細: a sync of the school now (a job), audited. */
  async function requestSync(user: SessionUser, requestId: string) {
    const school = schoolOf(user);
    await db.transaction(async (tx) => {
      await repo.setSyncState(tx, school.id, { status: 'queued', requestedAt: now(), error: null });
      await enqueue(tx, SYNC_JOB, { schoolId: school.id });
      await insertAudit(tx, {
        action: 'receipt.sync_requested',
        schoolId: school.id,
        actorUserId: user.id,
        requestId,
        targetType: 'school',
        targetId: school.id,
      });
    });
    return syncStatus(user);
  }

  return { mine, ofStudent, respond, disputes, answer, syncStatus, requestSync };
}
