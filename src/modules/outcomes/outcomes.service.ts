/**
 * Course outcomes (SPEC.md §4.1): students submit within the upload window (with the grace period for
 * uploads begun inside it) and the limits; teachers or their substitutes pass or fail with a reason
 * within the certification window. Every change appends to the outcome's history in the same
 * transaction as the change.
 */
import type { Db, Tx } from '../../db/client.js';
import { charCount, SUMMARY_MAX } from '../../domain/limits.js';
import {
  DEFAULT_GRACE_MINUTES,
  OUTCOME_LIMITS,
  type OutcomeStatus,
  type WindowKind,
  windowState,
  windowTooShort,
} from '../../domain/outcomes.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { findClass } from '../masterdata/queries.repo.js';
import { notifyDecision } from '../notifications/notifications.service.js';
import { authoriseStudentRead } from '../policy/policy.js';
import * as repo from './outcomes.repo.js';

const KIND_LABEL: Record<WindowKind, { 'zh-TW': string; en: string }> = {
  upload: { 'zh-TW': '上傳', en: 'upload' },
  certification: { 'zh-TW': '認證', en: 'certification' },
};
const STATUS_LABEL: Record<OutcomeStatus, { 'zh-TW': string; en: string }> = {
  pending: { 'zh-TW': '待認證', en: 'pending' },
  passed: { 'zh-TW': '認證通過', en: 'passed' },
  failed: { 'zh-TW': '認證未通過', en: 'failed' },
  withdrawn: { 'zh-TW': '已撤回', en: 'withdrawn' },
};

const taipei = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

export interface NewOutcome {
  courseId: string;
  title: string;
  summary: string;
  documentFileId: string;
  mediaFileId?: string | null;
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;

export function createOutcomesService(deps: { db: Db; graceMinutes?: number; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** Throws the window's rule (with its dates) unless the action is allowed now. */
  async function assertWindow(
    tx: Tx | Db,
    termId: string,
    kind: WindowKind,
    studentId: string | null,
    uploadStartedAt?: Date | null,
  ) {
    const window = await repo.windowOf(tx, termId, kind);
    const label = KIND_LABEL[kind];
    if (!window) throw new AppError('WINDOW_NOT_SET', { kind: label['zh-TW'], kindEn: label.en });
    const extended = await repo.extendedTo(tx, termId, kind, studentId);
    const state = windowState(window, now(), {
      extendedTo: extended,
      uploadStartedAt: kind === 'upload' ? uploadStartedAt : null,
      graceMinutes: deps.graceMinutes ?? DEFAULT_GRACE_MINUTES,
    });
    if (state !== 'open' && state !== 'grace') {
      const closes = extended && extended > window.closesAt ? extended : window.closesAt;
      throw new AppError('WINDOW_CLOSED', {
        kind: label['zh-TW'],
        kindEn: label.en,
        window: `${taipei.format(window.opensAt)} – ${taipei.format(closes)}`,
      });
    }
  }

  function checkText(title: string, summary: string) {
    if (charCount(summary) > SUMMARY_MAX) throw new AppError('SUMMARY_TOO_LONG', { max: SUMMARY_MAX });
    if (summary.trim() === '' || title.trim() === '')
      throw new AppError('VALIDATION_FAILED', { fields: 'title, summary' });
  }

  /** The files must be the caller's own uploads for the outcome purposes. */
  async function checkFiles(tx: Tx, userId: string, documentFileId: string, mediaFileId?: string | null) {
    const doc = await repo.ownFile(tx, documentFileId, userId);
    if (doc?.purpose !== 'outcomeDocument') throw new AppError('OUTCOME_FILE_INVALID');
    let media = null;
    if (mediaFileId) {
      media = await repo.ownFile(tx, mediaFileId, userId);
      if (media?.purpose !== 'outcomeMedia') throw new AppError('OUTCOME_FILE_INVALID');
    }
    // The grace period counts from when the *earlier* upload began.
    const startedAt =
      media && media.uploadStartedAt < doc.uploadStartedAt ? media.uploadStartedAt : doc.uploadStartedAt;
    return { doc, media, startedAt };
  }

  const snapshot = (
    o: { title: string; summary: string },
    doc: { sha256: string },
    media: { sha256: string } | null,
  ) => ({
    title: o.title,
    summary: o.summary,
    documentSha256: doc.sha256,
    mediaSha256: media?.sha256 ?? null,
  });

  async function me(user: SessionUser) {
    const student = await repo.studentOfUser(db, user.id);
    if (!student) throw new AppError('FORBIDDEN');
    return student;
  }

  /** Submits a new outcome; limits are checked under a per-student lock (no two can take the last slot). */
  async function create(user: SessionUser, input: NewOutcome, requestId: string) {
    const student = await me(user);
    checkText(input.title, input.summary);
    const course = await repo.enrolledCourse(db, student.id, input.courseId);
    if (!course) throw new AppError('OUTCOME_NOT_ENROLLED');
    return db.transaction(async (tx) => {
      const { doc, media, startedAt } = await checkFiles(
        tx,
        user.id,
        input.documentFileId,
        input.mediaFileId,
      );
      await assertWindow(tx, course.termId, 'upload', student.id, startedAt);
      await repo.lockStudent(tx, student.id);
      const counts = await repo.activeCounts(tx, student.id, course.termId, course.id);
      if (counts.term >= OUTCOME_LIMITS.perSemester)
        throw new AppError('OUTCOME_LIMIT_SEMESTER', { max: OUTCOME_LIMITS.perSemester });
      if (counts.course >= OUTCOME_LIMITS.perCourse)
        throw new AppError('OUTCOME_LIMIT_COURSE', { max: OUTCOME_LIMITS.perCourse });
      const outcome = await repo.insertOutcome(tx, {
        schoolId: course.schoolId,
        studentId: student.id,
        courseId: course.id,
        termId: course.termId,
        title: input.title.trim(),
        summary: input.summary.trim(),
        documentFileId: doc.id,
        mediaFileId: media?.id ?? null,
      });
      await repo.insertEvent(tx, {
        outcomeId: outcome.id,
        action: 'uploaded',
        actorUserId: user.id,
        snapshot: snapshot(outcome, doc, media),
      });
      await insertAudit(tx, {
        action: 'outcome.uploaded',
        schoolId: course.schoolId,
        actorUserId: user.id,
        targetType: 'outcome',
        targetId: outcome.id,
        requestId,
      });
      return outcome;
    });
  }

  /**
   * Changes an outcome of the caller's own while the upload window is open: edit while pending,
   * resubmit after a fail (back to pending; the failed version and reason stay in the history).
   */
  async function revise(
    user: SessionUser,
    outcomeId: string,
    input: Omit<NewOutcome, 'courseId'>,
    requestId: string,
  ) {
    const student = await me(user);
    checkText(input.title, input.summary);
    return db.transaction(async (tx) => {
      const [current] = await repo.outcomesByIds(tx, [outcomeId]);
      if (!current || current.studentId !== student.id) throw new AppError('NOT_FOUND');
      if (current.status !== 'pending' && current.status !== 'failed') {
        const s = STATUS_LABEL[current.status];
        throw new AppError('OUTCOME_NOT_EDITABLE', { status: s['zh-TW'], statusEn: s.en });
      }
      const { doc, media, startedAt } = await checkFiles(
        tx,
        user.id,
        input.documentFileId,
        input.mediaFileId,
      );
      await assertWindow(tx, current.termId, 'upload', student.id, startedAt);
      const action = current.status === 'failed' ? 'resubmitted' : 'edited';
      const updated = await repo.updateOutcome(tx, current.id, {
        title: input.title.trim(),
        summary: input.summary.trim(),
        documentFileId: doc.id,
        mediaFileId: media?.id ?? null,
        status: 'pending',
        decidedAt: null,
        decidedBy: null,
      });
      await repo.insertEvent(tx, {
        outcomeId: current.id,
        action,
        actorUserId: user.id,
        snapshot: snapshot(updated, doc, media),
      });
      await insertAudit(tx, {
        action: `outcome.${action}`,
        schoolId: current.schoolId,
        actorUserId: user.id,
        targetType: 'outcome',
        targetId: current.id,
        requestId,
      });
      return updated;
    });
  }

  /** Withdraws an uncertified outcome (frees its slot); the history keeps it. */
  async function withdraw(user: SessionUser, outcomeId: string, requestId: string) {
    const student = await me(user);
    return db.transaction(async (tx) => {
      const [current] = await repo.outcomesByIds(tx, [outcomeId]);
      if (!current || current.studentId !== student.id) throw new AppError('NOT_FOUND');
      if (current.status === 'passed' || current.status === 'withdrawn') {
        const s = STATUS_LABEL[current.status];
        throw new AppError('OUTCOME_NOT_EDITABLE', { status: s['zh-TW'], statusEn: s.en });
      }
      await assertWindow(tx, current.termId, 'upload', student.id);
      const updated = await repo.updateOutcome(tx, current.id, { status: 'withdrawn' });
      await repo.insertEvent(tx, {
        outcomeId: current.id,
        action: 'withdrawn',
        actorUserId: user.id,
        snapshot: { title: current.title },
      });
      await insertAudit(tx, {
        action: 'outcome.withdrawn',
        schoolId: current.schoolId,
        actorUserId: user.id,
        targetType: 'outcome',
        targetId: current.id,
        requestId,
      });
      return updated;
    });
  }

  /**
   * Pass, or fail with a required reason, one or many outcomes of courses the caller teaches or
   * substitutes for, within the certification window. A decision can be changed until the window
   * closes; each one is kept. All or none: one outcome the caller may not decide refuses the batch.
   */
  async function decide(
    user: SessionUser,
    input: { outcomeIds: string[]; decision: 'pass' | 'fail'; reason?: string },
    requestId: string,
  ) {
    const reason = input.reason?.trim() || null;
    if (input.decision === 'fail' && !reason) throw new AppError('FAIL_REASON_REQUIRED');
    const today = taipei.format(now()).slice(0, 10);
    const allowed = await repo.certifiableCourses(db, user.id, today);
    return db.transaction(async (tx) => {
      const rows = await repo.outcomesByIds(tx, [...new Set(input.outcomeIds)]);
      if (rows.length !== new Set(input.outcomeIds).size) throw new AppError('NOT_FOUND');
      for (const o of rows) {
        if (!allowed.has(o.courseId)) throw new AppError('FORBIDDEN');
        if (o.status === 'withdrawn') {
          throw new AppError('OUTCOME_NOT_EDITABLE', {
            status: STATUS_LABEL.withdrawn['zh-TW'],
            statusEn: 'withdrawn',
          });
        }
      }
      for (const termId of new Set(rows.map((r) => r.termId)))
        await assertWindow(tx, termId, 'certification', null);
      const status = input.decision === 'pass' ? 'passed' : 'failed';
      for (const o of rows) {
        await repo.updateOutcome(tx, o.id, { status, decidedAt: now(), decidedBy: user.id });
        await repo.insertEvent(tx, {
          outcomeId: o.id,
          action: status,
          actorUserId: user.id,
          onBehalfOfUserId: allowed.get(o.courseId) ?? null,
          reason,
          snapshot: { title: o.title },
        });
        await notifyDecision(tx, o, status, reason);
      }
      await insertAudit(tx, {
        action: `certification.${status}`,
        schoolId: user.school?.id,
        actorUserId: user.id,
        requestId,
        details: { count: rows.length },
      });
      return { decided: rows.length, status };
    });
  }

  /** The certification queue across the caller's courses (or one), with counts per status. */
  async function queue(
    user: SessionUser,
    f: {
      courseId?: string;
      classId?: string;
      status?: 'pending' | 'passed' | 'failed';
      page: number;
      pageSize: number;
    },
  ) {
    const allowed = await repo.certifiableCourses(db, user.id, taipei.format(now()).slice(0, 10));
    if (f.courseId && !allowed.has(f.courseId)) throw new AppError('FORBIDDEN');
    const courseIds = [...allowed.keys()];
    if (courseIds.length === 0) return { counts: { pending: 0, passed: 0, failed: 0 }, items: [] };
    const { counts, items } = await repo.queue(db, {
      courseIds,
      courseId: f.courseId,
      classId: f.classId,
      status: f.status,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return {
      counts: { pending: counts.pending ?? 0, passed: counts.passed ?? 0, failed: counts.failed ?? 0 },
      items,
    };
  }

  /** Sets a term's window; returns whether it ends too soon after the closing ceremony (a warning). */
  async function setWindow(
    user: SessionUser,
    input: {
      termId: string;
      kind: WindowKind;
      opensAt: Date;
      closesAt: Date;
      closingCeremony?: string | null;
      gradeTwelveSemesterTwo?: boolean;
    },
    requestId: string,
  ) {
    if (!user.school) throw new AppError('FORBIDDEN');
    if (input.closesAt <= input.opensAt) throw new AppError('TIME_RANGE_INVALID');
    const schoolId = user.school.id;
    await db.transaction(async (tx) => {
      await repo.upsertWindow(tx, {
        schoolId,
        termId: input.termId,
        kind: input.kind,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        closingCeremony: input.closingCeremony ?? null,
        updatedBy: user.id,
      });
      await insertAudit(tx, {
        action: 'window.set',
        schoolId,
        actorUserId: user.id,
        requestId,
        details: {
          termId: input.termId,
          kind: input.kind,
          opensAt: input.opensAt.toISOString(),
          closesAt: input.closesAt.toISOString(),
        },
      });
    });
    const ceremony = input.closingCeremony ? new Date(`${input.closingCeremony}T00:00:00+08:00`) : null;
    return {
      warning:
        input.kind === 'upload' && windowTooShort(input.closesAt, ceremony, !!input.gradeTwelveSemesterTwo),
    };
  }

  async function extendWindow(
    user: SessionUser,
    input: { termId: string; kind: WindowKind; closesAt: Date; reason: string; studentId?: string | null },
    requestId: string,
  ) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const schoolId = user.school.id;
    await db.transaction(async (tx) => {
      await repo.insertExtension(tx, {
        schoolId,
        termId: input.termId,
        kind: input.kind,
        studentId: input.studentId ?? null,
        closesAt: input.closesAt,
        reason: input.reason,
        createdBy: user.id,
      });
      await insertAudit(tx, {
        action: 'window.extended',
        schoolId,
        actorUserId: user.id,
        requestId,
        details: {
          termId: input.termId,
          kind: input.kind,
          studentId: input.studentId ?? null,
          closesAt: input.closesAt.toISOString(),
        },
      });
    });
  }

  /** An outcome with its timeline, for whoever may see it (the owner, or the course's certifiers). */
  async function detail(user: SessionUser, outcomeId: string) {
    const o = await repo.findOutcome(db, outcomeId);
    if (!o) throw new AppError('NOT_FOUND');
    const student = await repo.studentOfUser(db, user.id);
    const mine = student?.id === o.studentId;
    if (!mine) {
      const allowed = await repo.certifiableCourses(db, user.id, taipei.format(now()).slice(0, 10));
      if (!allowed.has(o.courseId)) throw new AppError('NOT_FOUND');
    }
    return { ...o, timeline: await repo.timeline(db, o.id) };
  }

  async function mine(user: SessionUser, termId: string) {
    const student = await me(user);
    return repo.outcomesOfStudent(db, student.id, termId);
  }

  /** The current term of the caller's school (by server time in Taiwan). */
  async function currentTerm(user: SessionUser) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const term = await repo.termAt(db, user.school.id, taipei.format(now()).slice(0, 10));
    if (!term) throw new AppError('NOT_FOUND');
    return term;
  }

  /** What the student's outcomes page needs: the term, its window, limits, courses with counts, outcomes. */
  async function overview(user: SessionUser) {
    const student = await me(user);
    const term = await currentTerm(user);
    const window = await repo.windowOf(db, term.id, 'upload');
    const extended = await repo.extendedTo(db, term.id, 'upload', student.id);
    const closesAt = window && extended && extended > window.closesAt ? extended : (window?.closesAt ?? null);
    return {
      term,
      window: window
        ? { opensAt: window.opensAt, closesAt, state: windowState(window, now(), { extendedTo: extended }) }
        : null,
      limits: OUTCOME_LIMITS,
      courses: await repo.coursesWithCounts(db, student.id, term.id),
      outcomes: await repo.outcomesOfStudent(db, student.id, term.id),
    };
  }

  /** Per-student counts of a class in the current term, for its homeroom teacher and the offices. */
  async function classProgress(user: SessionUser, classId: string) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const cls = await findClass(db, user.school.id, classId);
    if (!cls) throw new AppError('NOT_FOUND');
    if (!user.roles.includes('academicAdmin') && cls.homeroomUserId !== user.id)
      throw new AppError('FORBIDDEN');
    const term = await currentTerm(user);
    return { term, students: await repo.classProgress(db, classId, term.id) };
  }

  /**
   * A student's outcomes of the current term with statuses, for whoever may read the student's record
   * (the student, parents read-only, homeroom, offices, counsellor); staff reads are audited there.
   */
  async function ofStudent(user: SessionUser, studentId: string, requestId: string) {
    await authoriseStudentRead(db, user, studentId, requestId);
    const term = await currentTerm(user);
    return { term, outcomes: await repo.outcomesOfStudent(db, studentId, term.id) };
  }

  /** School-wide progress (教務處) grouped by grade, class, course or teacher. */
  async function schoolProgress(user: SessionUser, by: repo.ProgressBy) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const term = await currentTerm(user);
    return { term, by, rows: await repo.schoolProgress(db, user.school.id, term.id, by) };
  }

  /** The same as an xlsx download. */
  async function schoolProgressWorkbook(user: SessionUser, by: repo.ProgressBy) {
    const p = await schoolProgress(user, by);
    const header = { grade: '年級', class: '班級', course: '課程', teacher: '教師' }[by];
    const body = await buildWorkbook([
      {
        name: '課程學習成果進度',
        header: [header, '學生數', '尚未上傳人數', '已上傳', '待認證', '認證通過', '認證未通過'],
        rows: p.rows.map((r) => [
          r.label,
          r.students,
          r.studentsWithNone,
          r.uploaded,
          r.pending,
          r.passed,
          r.failed,
        ]),
      },
    ]);
    return { filename: `課程學習成果進度-${p.term.academicYear}${p.term.semester}-${header}.xlsx`, body };
  }

  /** Students of a class with nothing uploaded this term (homeroom teacher or 教務處), as xlsx. */
  async function missingWorkbook(user: SessionUser, classId: string) {
    const p = await classProgress(user, classId);
    const body = await buildWorkbook([
      {
        name: '尚未上傳',
        header: ['座號', '學號', '姓名'],
        rows: p.students.filter((s) => s.uploaded === 0).map((s) => [s.seatNo, s.studentNo, s.name]),
      },
    ]);
    return { filename: `尚未上傳課程學習成果-${p.term.academicYear}${p.term.semester}.xlsx`, body };
  }

  /** 教務處 assigns a substitute certifier for a course, or for every course of an absent teacher. */
  async function assignSubstitute(
    user: SessionUser,
    input: {
      substituteStaffNo: string;
      absentStaffNo?: string;
      courseId?: string;
      startsOn: string;
      endsOn: string;
    },
    requestId: string,
  ) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const schoolId = user.school.id;
    if (input.endsOn < input.startsOn) throw new AppError('TIME_RANGE_INVALID');
    if (!input.absentStaffNo && !input.courseId)
      throw new AppError('VALIDATION_FAILED', { fields: 'absentStaffNo | courseId' });
    const sub = await repo.staffOfSchool(db, schoolId, input.substituteStaffNo);
    const absent = input.absentStaffNo
      ? await repo.staffOfSchool(db, schoolId, input.absentStaffNo)
      : undefined;
    const course = input.courseId ? await repo.courseOfSchool(db, schoolId, input.courseId) : undefined;
    if (!sub || (input.absentStaffNo && !absent) || (input.courseId && !course))
      throw new AppError('NOT_FOUND');
    await db.transaction(async (tx) => {
      await repo.insertSubstitute(tx, {
        schoolId,
        substituteStaffId: sub.id,
        absentStaffId: absent?.id ?? null,
        courseId: course?.id ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        createdBy: user.id,
      });
      await insertAudit(tx, {
        action: 'substitute.assigned',
        schoolId,
        actorUserId: user.id,
        requestId,
        details: { ...input },
      });
    });
  }

  const substitutesOf = (user: SessionUser) => {
    if (!user.school) throw new AppError('FORBIDDEN');
    return repo.listSubstitutes(db, user.school.id);
  };

  /** The courses the caller may certify today (for the queue's course filter). */
  async function myCourses(user: SessionUser) {
    const allowed = await repo.certifiableCourses(db, user.id, taipei.format(now()).slice(0, 10));
    return repo.coursesByIds(db, [...allowed.keys()]);
  }

  return {
    assignSubstitute,
    substitutesOf,
    myCourses,
    schoolProgress,
    schoolProgressWorkbook,
    missingWorkbook,
    ofStudent,
    create,
    revise,
    withdraw,
    decide,
    queue,
    setWindow,
    extendWindow,
    detail,
    mine,
    overview,
    classProgress,
    currentTerm,
  };
}
