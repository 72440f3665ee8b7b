/**
 * Unsent outcome drafts: what a student has typed and uploaded in an outcome form but not submitted.
 * Kept on the server (autosaved by the form) so leaving the page or the device loses nothing; shown as
 * 尚未送出 until the outcome is submitted, which deletes the draft in the same transaction.
 */
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import * as drafts from './drafts.repo.js';
import { type OutcomeDeps, outcomeContext } from './outcomes.common.js';
import * as repo from './outcomes.repo.js';

export interface DraftInput {
  outcomeId?: string | null;
  courseId?: string | null;
  title: string;
  summary: string;
  documentFileId?: string | null;
  mediaFileId?: string | null;
}

export type DraftsService = ReturnType<typeof createDraftsService>;

export function createDraftsService(deps: OutcomeDeps) {
  const { db, me } = outcomeContext(deps);

  /** Every id the draft carries must be the student's own: their outcome, course, uploads. */
  async function checkIds(studentId: string, userId: string, input: DraftInput) {
    if (input.outcomeId) {
      const o = await repo.findOutcome(db, input.outcomeId);
      if (!o || o.studentId !== studentId) throw new AppError('NOT_FOUND');
    }
    if (input.courseId && !(await repo.enrolledCourse(db, studentId, input.courseId))) {
      throw new AppError('NOT_FOUND');
    }
    for (const [id, purpose] of [
      [input.documentFileId, 'outcomeDocument'],
      [input.mediaFileId, 'outcomeMedia'],
    ] as const) {
      if (!id) continue;
      const file = await repo.ownFile(db, id, userId);
      if (!file) throw new AppError('NOT_FOUND');
      if (file.purpose !== purpose) throw new AppError('OUTCOME_FILE_INVALID');
    }
  }

  async function save(user: SessionUser, input: DraftInput) {
    const student = await me(user);
    await checkIds(student.id, user.id, input);
    const row = await drafts.upsertDraft(db, {
      schoolId: student.schoolId,
      studentId: student.id,
      outcomeId: input.outcomeId ?? null,
      courseId: input.outcomeId ? null : (input.courseId ?? null),
      title: input.title,
      summary: input.summary,
      documentFileId: input.documentFileId ?? null,
      mediaFileId: input.mediaFileId ?? null,
    });
    return { id: row.id, updatedAt: row.updatedAt };
  }

  async function list(user: SessionUser) {
    const student = await me(user);
    return drafts.draftsOf(db, student.id);
  }

  /** Discards the draft of a new outcome (no id) or of one outcome's revision. */
  async function discard(user: SessionUser, outcomeId: string | null) {
    const student = await me(user);
    if (outcomeId) await checkIds(student.id, user.id, { outcomeId, title: '', summary: '' });
    await drafts.deleteDraft(db, student.id, outcomeId);
  }

  return { save, list, discard };
}
