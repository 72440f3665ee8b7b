/**
 * Course outcomes (SPEC.md §4.1): students submit within the upload window (with the grace period for
 * uploads begun inside it) and the limits; teachers or their substitutes pass or fail with a reason
 * within the certification window. Every change appends to the outcome's history in the same
 * transaction as the change.
 */
import type { Tx } from '../../db/client.js';
import { charCount, SUMMARY_MAX } from '../../domain/limits.js';
import type { WindowKind } from '../../domain/outcomes.js';
import { AppError, type ErrorCode } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, authoriseStudentRead } from '../policy/policy.js';
import { revokeOutcomeCredentials } from '../provenance/provenance.service.js';
import { isOutcomeSelected } from '../selection/selection.repo.js';
import { settingsOf } from '../settings/settings.repo.js';
import { windowFor } from '../windows/windows.check.js';
import { createWindowsService } from '../windows/windows.service.js';
import * as draftsRepo from './drafts.repo.js';
import { extrasOf } from './mine.repo.js';
import { type OutcomeDeps, outcomeContext, STATUS_LABEL } from './outcomes.common.js';
import * as repo from './outcomes.repo.js';

export interface NewOutcome {
  courseId?: string | null;
  title: string;
  summary: string;
  /** Required to submit; on a revision, left out keeps the file submitted. */
  documentFileId?: string | null;
  mediaFileId?: string | null;
}
/** One broken rule of a form: a code of the error table and its parameters. */
export interface Problem {
  code: ErrorCode;
  params: Record<string, string | number>;
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;

export function createOutcomesService(deps: OutcomeDeps) {
  const { db, now, today, assertWindow, me, currentTerm } = outcomeContext(deps);
  const windows = createWindowsService(deps);
  /** Every broken rule of the form's text, at once (the client shows them all). */
  function textProblems(title: string, summary: string): Problem[] {
    const problems: Problem[] = [];
    if (title.trim() === '') problems.push({ code: 'OUTCOME_TITLE_REQUIRED', params: {} });
    if (summary.trim() === '') problems.push({ code: 'OUTCOME_SUMMARY_REQUIRED', params: {} });
    if (charCount(summary) > SUMMARY_MAX)
      problems.push({ code: 'SUMMARY_TOO_LONG', params: { max: SUMMARY_MAX } });
    return problems;
  }
  /** Throws all problems in one answer: the first as the code, every one in `details`. */
  function throwProblems(problems: Problem[]) {
    const [first] = problems;
    if (first) throw new AppError(first.code, first.params, problems);
  }

  /** A file must be the caller's own upload for the outcome purpose; someone else's is a 404. */
  async function ownFileFor(
    tx: Tx,
    userId: string,
    fileId: string,
    purpose: 'outcomeDocument' | 'outcomeMedia',
  ) {
    const file = await repo.ownFile(tx, fileId, userId);
    if (!file) throw new AppError('NOT_FOUND');
    if (file.purpose !== purpose) throw new AppError('OUTCOME_FILE_INVALID');
    return file;
  }

  /**
   * The files of a submission. The grace period counts from when the earliest *newly attached* upload
   * began: keeping the file already submitted gives no grace (editing only the 簡述 after the close is late).
   */
  async function checkFiles(
    tx: Tx,
    userId: string,
    documentFileId: string,
    mediaFileId?: string | null,
    kept: { document?: string; media?: string | null } = {},
  ) {
    const doc = await ownFileFor(tx, userId, documentFileId, 'outcomeDocument');
    const media = mediaFileId ? await ownFileFor(tx, userId, mediaFileId, 'outcomeMedia') : null;
    const starts = [
      doc.id !== kept.document ? doc.uploadStartedAt : null,
      media && media.id !== kept.media ? media.uploadStartedAt : null,
    ].filter((d): d is Date => d !== null);
    const startedAt = starts.length ? new Date(Math.min(...starts.map((d) => d.getTime()))) : null;
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
    const problems = textProblems(input.title, input.summary);
    const course = input.courseId ? await repo.enrolledCourse(db, student.id, input.courseId) : undefined;
    if (!input.courseId) problems.push({ code: 'OUTCOME_COURSE_REQUIRED', params: {} });
    else if (!course) problems.push({ code: 'OUTCOME_NOT_ENROLLED', params: {} });
    if (course) {
      // Reported with the others; checked again under the lock below (two tabs cannot both take a slot).
      const limits = await settingsOf(db, course.schoolId);
      const counts = await repo.activeCounts(db, student.id, course.termId, course.id);
      if (counts.term >= limits.outcomesPerSemester)
        problems.push({ code: 'OUTCOME_LIMIT_SEMESTER', params: { max: limits.outcomesPerSemester } });
      if (counts.course >= limits.outcomesPerCourse)
        problems.push({ code: 'OUTCOME_LIMIT_COURSE', params: { max: limits.outcomesPerCourse } });
    }
    if (!input.documentFileId) problems.push({ code: 'OUTCOME_DOCUMENT_REQUIRED', params: {} });
    if (problems.length > 0 && course) {
      // A closed window comes first: nothing else can be fixed then (an upload begun inside still has grace).
      const doc = input.documentFileId ? await repo.ownFile(db, input.documentFileId, user.id) : undefined;
      await assertWindow(db, course, 'upload', student.id, doc?.uploadStartedAt ?? null);
    }
    throwProblems(problems);
    if (!course || !input.documentFileId) throw new AppError('VALIDATION_FAILED', { fields: 'courseId' });
    const documentFileId = input.documentFileId;
    return db.transaction(async (tx) => {
      const { doc, media, startedAt } = await checkFiles(tx, user.id, documentFileId, input.mediaFileId);
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
      await draftsRepo.deleteDraft(tx, student.id, null);
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
    throwProblems(textProblems(input.title, input.summary));
    return db.transaction(async (tx) => {
      const [current] = await repo.outcomesByIds(tx, [outcomeId]);
      if (!current || current.studentId !== student.id) throw new AppError('NOT_FOUND');
      // 勾選: a selected outcome stays as it was selected (SPEC §5).
      if (await isOutcomeSelected(tx, current.id)) throw new AppError('OUTCOME_SELECTED_LOCKED');
      if (current.status !== 'pending' && current.status !== 'failed') {
        const s = STATUS_LABEL[current.status];
        throw new AppError('OUTCOME_NOT_EDITABLE', { status: s['zh-TW'], statusEn: s.en });
      }
      // A file left out keeps the one submitted (fixing only the 簡述 needs no new file); media null removes it.
      const { doc, media, startedAt } = await checkFiles(
        tx,
        user.id,
        input.documentFileId ?? current.documentFileId,
        input.mediaFileId === undefined ? current.mediaFileId : input.mediaFileId,
        { document: current.documentFileId, media: current.mediaFileId },
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
      await draftsRepo.deleteDraft(tx, student.id, current.id);
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
      await revokeOutcomeCredentials(tx, current.id, now(), 'withdrawn');
      await repo.insertEvent(tx, {
        outcomeId: current.id,
        action: 'withdrawn',
        actorUserId: user.id,
        snapshot: { title: current.title },
      });
      await draftsRepo.deleteDraft(tx, student.id, current.id);
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

  /** Adds the fail reason and the submitted files' names (the student's card shows them). */
  async function withExtras(rows: repo.OutcomeRow[]) {
    const extras = await extrasOf(
      db,
      rows.map((r) => r.id),
    );
    const none = { failReason: null, documentName: null, mediaName: null };
    return rows.map((r) => ({ ...r, ...(extras.get(r.id) ?? none) }));
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
      outcomes: await withExtras(await repo.outcomesOfStudent(db, student.id, term.id)),
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
