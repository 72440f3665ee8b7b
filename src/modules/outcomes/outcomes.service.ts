/**
 * Course outcomes (SPEC.md §4.1): students submit within the upload window (with the grace period for
 * uploads begun inside it) and the limits; teachers or their substitutes pass or fail with a reason
 * within the certification window. Every change appends to the outcome's history in the same
 * transaction as the change.
 */
import type { Tx } from '../../db/client.js';
import { charCount, SUMMARY_MAX } from '../../domain/limits.js';
import type { WindowKind } from '../../domain/outcomes.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, authoriseStudentRead } from '../policy/policy.js';
import { isOutcomeSelected } from '../selection/selection.repo.js';
import { settingsOf } from '../settings/settings.repo.js';
import { windowFor } from '../windows/windows.check.js';
import { createWindowsService } from '../windows/windows.service.js';
import { type OutcomeDeps, outcomeContext, STATUS_LABEL } from './outcomes.common.js';
import * as repo from './outcomes.repo.js';

export interface NewOutcome {
  courseId: string;
  title: string;
  summary: string;
  documentFileId: string;
  mediaFileId?: string | null;
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;

export function createOutcomesService(deps: OutcomeDeps) {
  const { db, now, today, assertWindow, me, currentTerm } = outcomeContext(deps);
  const windows = createWindowsService(deps);
  function checkText(title: string, summary: string) {
    if (charCount(summary) > SUMMARY_MAX) throw new AppError('SUMMARY_TOO_LONG', { max: SUMMARY_MAX });
    if (summary.trim() === '' || title.trim() === '')
      throw new AppError('VALIDATION_FAILED', { fields: 'title, summary' });
  }

  /** The files must be the caller's own uploads for the outcome purposes. */
  async function checkFiles(tx: Tx, userId: string, documentFileId: string, mediaFileId?: string | null) {
    // Someone else's file (of this school or another) is a 404, like one that does not exist.
    const doc = await repo.ownFile(tx, documentFileId, userId);
    if (!doc) throw new AppError('NOT_FOUND');
    if (doc.purpose !== 'outcomeDocument') throw new AppError('OUTCOME_FILE_INVALID');
    let media = null;
    if (mediaFileId) {
      media = await repo.ownFile(tx, mediaFileId, userId);
      if (!media) throw new AppError('NOT_FOUND');
      if (media.purpose !== 'outcomeMedia') throw new AppError('OUTCOME_FILE_INVALID');
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
      await assertWindow(tx, course, 'upload', student.id, startedAt);
      await repo.lockStudent(tx, student.id);
      // The limits are the school's settings (教務處; SPEC's 20 and 5 by default).
      const limits = await settingsOf(tx, course.schoolId);
      const counts = await repo.activeCounts(tx, student.id, course.termId, course.id);
      if (counts.term >= limits.outcomesPerSemester)
        throw new AppError('OUTCOME_LIMIT_SEMESTER', { max: limits.outcomesPerSemester });
      if (counts.course >= limits.outcomesPerCourse)
        throw new AppError('OUTCOME_LIMIT_COURSE', { max: limits.outcomesPerCourse });
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
      // 勾選: a selected outcome stays as it was selected (SPEC §5).
      if (await isOutcomeSelected(tx, current.id)) throw new AppError('OUTCOME_SELECTED_LOCKED');
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
      await assertWindow(tx, current, 'upload', student.id, startedAt);
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
      if (await isOutcomeSelected(tx, current.id)) throw new AppError('OUTCOME_SELECTED_LOCKED');
      if (current.status === 'passed' || current.status === 'withdrawn') {
        const s = STATUS_LABEL[current.status];
        throw new AppError('OUTCOME_NOT_EDITABLE', { status: s['zh-TW'], statusEn: s.en });
      }
      await assertWindow(tx, current, 'upload', student.id);
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

  /** Sets a term's window (windows module); returns whether it ends too soon after the closing ceremony. */
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
    const { warning } = await windows.setWindow(user, input, requestId);
    return { warning };
  }

  async function extendWindow(
    user: SessionUser,
    input: { termId: string; kind: WindowKind; closesAt: Date; reason: string; studentId?: string | null },
    requestId: string,
  ) {
    const { termId, kind, ...extension } = input;
    await windows.extendScope(user, kind, { termId }, extension, requestId);
  }

  /** An outcome with its timeline, for whoever may see it (the owner, or the course's certifiers). */
  async function detail(user: SessionUser, outcomeId: string, requestId: string) {
    const o = await repo.findOutcome(db, outcomeId);
    if (!o) throw new AppError('NOT_FOUND');
    const student = await repo.studentOfUser(db, user.id);
    const mine = student?.id === o.studentId;
    if (!mine) {
      const allowed = await repo.certifiableCourses(db, user.id, today());
      if (!allowed.has(o.courseId)) throw new AppError('NOT_FOUND');
      await auditRead(
        db,
        { user, requestId },
        'read.outcome',
        { scope: { type: 'outcome', id: o.id }, studentIds: [o.studentId] },
        { access: 'certifier', courseId: o.courseId },
      );
    }
    return { ...o, timeline: await repo.timeline(db, o.id) };
  }

  async function mine(user: SessionUser, termId: string) {
    const student = await me(user);
    await assertOwnSchool(db, user, { term: termId });
    return repo.outcomesOfStudent(db, student.id, termId);
  }

  /** What the student's outcomes page needs: the term, its window, limits, courses with counts, outcomes. */
  async function overview(user: SessionUser) {
    const student = await me(user);
    const { currentTerm: calendarTerm, term } = await currentTerm(user);
    const settings = await settingsOf(db, student.schoolId);
    const limits = { perSemester: settings.outcomesPerSemester, perCourse: settings.outcomesPerCourse };
    if (!term) {
      // Between terms: the page says so (the term is not set up yet) instead of failing.
      return {
        term,
        currentTerm: calendarTerm,
        window: null,
        limits,
        courses: [],
        outcomes: [],
      };
    }
    const w = await windowFor(
      db,
      'upload',
      { schoolId: student.schoolId, termId: term.id },
      student.id,
      now(),
    );
    return {
      term,
      currentTerm: calendarTerm,
      window: w ? { opensAt: w.window.opensAt, closesAt: w.closesAt, state: w.state } : null,
      limits,
      courses: await repo.coursesWithCounts(db, student.id, term.id),
      outcomes: await repo.outcomesOfStudent(db, student.id, term.id),
    };
  }

  /**
   * A student's outcomes of the current term with statuses, for whoever may read the student's record
   * (the student, parents read-only, homeroom, offices, counsellor); staff reads are audited there.
   */
  async function ofStudent(user: SessionUser, studentId: string, requestId: string) {
    await authoriseStudentRead(db, user, studentId, requestId, { action: 'read.student_outcomes' });
    const { currentTerm: calendarTerm, term } = await currentTerm(user);
    return {
      term,
      currentTerm: calendarTerm,
      outcomes: term ? await repo.outcomesOfStudent(db, studentId, term.id) : [],
    };
  }

  return { create, revise, withdraw, setWindow, extendWindow, detail, mine, overview, ofStudent };
}
