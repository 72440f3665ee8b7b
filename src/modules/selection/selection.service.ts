/**
 * 勾選 (SPEC.md §5): each academic year a student selects at most 6 certified course outcomes of the
 * year's two semesters and at most 10 performances entered that year (school settings) for the central
 * repository, inside the selection window; when it closes the selection locks. Caps are counted under a
 * per-student advisory lock in the selecting transaction, so two tabs cannot both take the last slot.
 * Every select and unselect is an event of the item's append-only history. Parents and the homeroom
 * teacher read it (audited); the homeroom teacher sees who in the class has not selected yet.
 */
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { findClass } from '../masterdata/queries.repo.js';
import { notify, userOfStudent } from '../notifications/notifications.repo.js';
import { STATUS_LABEL } from '../outcomes/outcomes.common.js';
import { insertEvent as insertOutcomeEvent } from '../outcomes/outcomes.repo.js';
import { insertEvent as insertPerformanceEvent } from '../performances/performances.repo.js';
import { authoriseStudentRead, schoolOf } from '../policy/policy.js';
import { settingsOf } from '../settings/settings.repo.js';
import type { SelectionKind } from './selection.repo.js';
import * as repo from './selection.repo.js';
import { assertSelectionOpen, type SelectionScope, selectionWindow } from './selection.window.js';

export type SelectionService = ReturnType<typeof createSelectionService>;

/**
 * A teacher's decision turned a selected outcome to failed (a re-decision inside the certification
 * window): the selection is removed, the outcome's history says so, the student is notified. Called
 * by the certification service inside the decision's transaction; nothing happens when it was not
 * selected.
 */
export async function onOutcomeFailed(
  tx: DbOrTx,
  outcome: { id: string; studentId: string; schoolId: string; title: string },
  actorUserId: string,
  reason: string | null,
): Promise<boolean> {
  const removed = await repo.deleteSelection(tx, 'outcome', outcome.id);
  if (!removed) return false;
  await insertOutcomeEvent(tx, {
    outcomeId: outcome.id,
    action: 'unselected',
    actorUserId,
    reason: reason ?? '認證未通過',
    snapshot: { title: outcome.title, academicYear: removed.academicYear, cause: 'failed' },
  });
  const userId = await userOfStudent(tx, outcome.studentId);
  if (userId)
    await notify(tx, [
      {
        userId,
        schoolId: outcome.schoolId,
        kind: 'selection.removed',
        params: { title: outcome.title, ...(reason ? { reason } : {}) },
        link: '/selection',
      },
    ]);
  return true;
}

export function createSelectionService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function me(user: SessionUser) {
    const student = await repo.studentOfUser(db, user.id);
    if (!student || !user.school) throw new AppError('FORBIDDEN');
    return student;
  }

  /** What every view of one student's selection shows: limits, windows, candidates, counts. */
  async function view(schoolId: string, studentId: string, academicYear: number) {
    const settings = await settingsOf(db, schoolId);
    const scope = (item: SelectionKind): SelectionScope => ({
      schoolId,
      academicYear,
      item,
      mode: settings.selectionWindowMode,
      studentId,
    });
    const [outcomes, performances] = [
      await repo.outcomeCandidates(db, studentId, academicYear),
      await repo.performanceCandidates(db, studentId, academicYear),
    ];
    return {
      academicYear,
      windowMode: settings.selectionWindowMode,
      limits: { outcomes: settings.selectionOutcomesMax, performances: settings.selectionPerformancesMax },
      counts: {
        outcomes: outcomes.filter((o) => o.selectedAt).length,
        performances: performances.filter((p) => p.selectedAt).length,
      },
      windows: {
        outcome: await selectionWindow(db, scope('outcome'), now()),
        performance: await selectionWindow(db, scope('performance'), now()),
      },
      outcomes: outcomes.map((o) => ({ ...o, selected: !!o.selectedAt })),
      performances: performances.map((p) => ({ ...p, selected: !!p.selectedAt })),
    };
  }

  /** The student's own selection of a year (default: the current academic year). */
  async function mine(user: SessionUser, year?: number) {
    const student = await me(user);
    return {
      access: 'self' as const,
      student: { id: student.id, name: student.name, studentNo: student.studentNo },
      ...(await view(student.schoolId, student.id, year ?? user.currentTerm.academicYear)),
    };
  }

  /** Read-only, for whoever may read the student's record (parents, homeroom, offices, counsellor). */
  async function ofStudent(
    user: SessionUser,
    studentId: string,
    year: number | undefined,
    requestId: string,
  ) {
    const academicYear = year ?? user.currentTerm.academicYear;
    const { student, access } = await authoriseStudentRead(db, user, studentId, requestId, {
      action: 'read.student_selection',
      details: { academicYear },
    });
    return {
      access,
      student: { id: student.id, name: student.name, studentNo: student.studentNo },
      ...(await view(student.schoolId, studentId, academicYear)),
    };
  }

  /** Loads the caller's item and the year it belongs to; someone else's item is a 404. */
  async function itemOf(tx: Tx, studentId: string, kind: SelectionKind, itemId: string) {
    if (kind === 'outcome') {
      const o = await repo.outcomeForSelection(tx, itemId);
      if (!o || o.studentId !== studentId) throw new AppError('NOT_FOUND');
      return { academicYear: o.academicYear, title: o.title, status: o.status, deleted: false };
    }
    const p = await repo.performanceForSelection(tx, itemId);
    if (!p || p.studentId !== studentId) throw new AppError('NOT_FOUND');
    return { academicYear: p.academicYear, title: p.summary, status: null, deleted: !!p.deletedAt };
  }

  async function recordEvent(
    tx: Tx,
    kind: SelectionKind,
    itemId: string,
    action: 'selected' | 'unselected',
    actorUserId: string,
    snapshot: Record<string, unknown>,
  ) {
    if (kind === 'outcome')
      await insertOutcomeEvent(tx, { outcomeId: itemId, action, actorUserId, snapshot });
    else await insertPerformanceEvent(tx, { performanceId: itemId, action, actorUserId, snapshot });
  }

  /**
   * The start of every select/unselect: the student's lock (one student's selections run one at a time,
   * so a count sees every earlier selection), the item, the school's settings, and the window check.
   */
  async function lockedOpenItem(
    tx: Tx,
    student: { id: string; schoolId: string },
    kind: SelectionKind,
    itemId: string,
  ) {
    await repo.lockStudent(tx, student.id);
    const item = await itemOf(tx, student.id, kind, itemId);
    const settings = await settingsOf(tx, student.schoolId);
    await assertSelectionOpen(
      tx,
      {
        schoolId: student.schoolId,
        academicYear: item.academicYear,
        item: kind,
        mode: settings.selectionWindowMode,
        studentId: student.id,
      },
      now(),
    );
    return { item, settings };
  }

  /** Selects one of the caller's items of a year, inside the window, under the year's cap. */
  async function select(user: SessionUser, kind: SelectionKind, itemId: string, requestId: string) {
    const student = await me(user);
    return db.transaction(async (tx) => {
      const { item, settings } = await lockedOpenItem(tx, student, kind, itemId);
      if (item.status && item.status !== 'passed') {
        const s = STATUS_LABEL[item.status];
        throw new AppError('SELECTION_OUTCOME_NOT_PASSED', { status: s['zh-TW'], statusEn: s.en });
      }
      if (item.deleted) throw new AppError('SELECTION_PERFORMANCE_DELETED');
      const count = await repo.countSelected(tx, student.id, item.academicYear, kind);
      const max = kind === 'outcome' ? settings.selectionOutcomesMax : settings.selectionPerformancesMax;
      if (count >= max)
        throw new AppError(kind === 'outcome' ? 'SELECTION_OUTCOME_LIMIT' : 'SELECTION_PERFORMANCE_LIMIT', {
          max,
          count,
        });
      const row = await repo.insertSelection(tx, {
        schoolId: student.schoolId,
        studentId: student.id,
        academicYear: item.academicYear,
        kind,
        outcomeId: kind === 'outcome' ? itemId : null,
        performanceId: kind === 'performance' ? itemId : null,
        selectedBy: user.id,
        selectedAt: now(),
      });
      if (!row) throw new AppError('SELECTION_ALREADY_SELECTED');
      await recordEvent(tx, kind, itemId, 'selected', user.id, {
        title: item.title,
        academicYear: item.academicYear,
      });
      await insertAudit(tx, {
        action: 'selection.selected',
        schoolId: student.schoolId,
        actorUserId: user.id,
        targetType: kind,
        targetId: itemId,
        requestId,
        details: { academicYear: item.academicYear },
      });
      return { academicYear: item.academicYear, kind, count: count + 1, max };
    });
  }

  /** Unselects one of the caller's items, inside the window. */
  async function unselect(user: SessionUser, kind: SelectionKind, itemId: string, requestId: string) {
    const student = await me(user);
    return db.transaction(async (tx) => {
      const { item, settings } = await lockedOpenItem(tx, student, kind, itemId);
      const removed = await repo.deleteSelection(tx, kind, itemId);
      if (!removed) throw new AppError('SELECTION_NOT_SELECTED');
      await recordEvent(tx, kind, itemId, 'unselected', user.id, {
        title: item.title,
        academicYear: item.academicYear,
      });
      await insertAudit(tx, {
        action: 'selection.unselected',
        schoolId: student.schoolId,
        actorUserId: user.id,
        targetType: kind,
        targetId: itemId,
        requestId,
        details: { academicYear: item.academicYear },
      });
      const max = kind === 'outcome' ? settings.selectionOutcomesMax : settings.selectionPerformancesMax;
      return {
        academicYear: item.academicYear,
        kind,
        count: await repo.countSelected(tx, student.id, item.academicYear, kind),
        max,
      };
    });
  }

  /**
   * A class's selection progress (its homeroom teacher, the offices): per student the counts, and who
   * has selected nothing yet. It names every student of the class, so it is an audited read.
   */
  async function ofClass(user: SessionUser, classId: string, year: number | undefined, requestId: string) {
    const school = schoolOf(user);
    const cls = await findClass(db, school.id, classId);
    if (!cls) throw new AppError('NOT_FOUND');
    const office = user.roles.includes('academicAdmin') || user.roles.includes('studentAffairs');
    if (!office && !(user.roles.includes('homeroom') && cls.homeroomUserId === user.id))
      throw new AppError('FORBIDDEN');
    const academicYear = year ?? user.currentTerm.academicYear;
    const settings = await settingsOf(db, school.id);
    const students = await repo.classSelection(db, classId, academicYear);
    await auditRead(
      db,
      { user, requestId },
      'read.class_selection',
      { scope: { type: 'class', id: classId }, studentIds: students.map((s) => s.id) },
      { access: office ? 'office' : 'homeroom', academicYear },
    );
    return {
      academicYear,
      className: cls.name,
      limits: { outcomes: settings.selectionOutcomesMax, performances: settings.selectionPerformancesMax },
      students: students.map((s) => ({
        ...s,
        notSelected: s.outcomesSelected + s.performancesSelected === 0,
      })),
    };
  }

  return { mine, ofStudent, select, unselect, ofClass };
}
