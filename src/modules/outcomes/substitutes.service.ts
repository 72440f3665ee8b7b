/**
 * 代理人: 教務處 assigns a substitute certifier for a course, or for every course of an absent teacher,
 * for a date range; the same assignment cannot be entered twice (overlapping dates for the same
 * substitute and target); an assignment can be ended early or removed. Every change is audited.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { schoolOf } from '../policy/policy.js';
import { type OutcomeDeps, outcomeContext } from './outcomes.common.js';
import * as outcomesRepo from './outcomes.repo.js';
import * as repo from './substitutes.repo.js';

export type SubstitutesService = ReturnType<typeof createSubstitutesService>;

export interface NewSubstitute {
  substituteStaffNo: string;
  absentStaffNo?: string;
  courseId?: string;
  startsOn: string;
  endsOn: string;
}

/** What the audit keeps of an assignment (its values, so a removed one can still be told). */
const auditValues = (row: repo.SubstituteRow) => ({
  substituteStaffId: row.substituteStaffId,
  absentStaffId: row.absentStaffId,
  courseId: row.courseId,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
});

export function createSubstitutesService(deps: OutcomeDeps) {
  const { db, today } = outcomeContext(deps);

  async function assign(user: SessionUser, input: NewSubstitute, requestId: string) {
    const schoolId = schoolOf(user).id;
    if (input.endsOn < input.startsOn) throw new AppError('TIME_RANGE_INVALID');
    if (!input.absentStaffNo && !input.courseId)
      throw new AppError('VALIDATION_FAILED', { fields: 'absentStaffNo | courseId' });
    const sub = await outcomesRepo.staffOfSchool(db, schoolId, input.substituteStaffNo);
    const absent = input.absentStaffNo
      ? await outcomesRepo.staffOfSchool(db, schoolId, input.absentStaffNo)
      : undefined;
    const course = input.courseId
      ? await outcomesRepo.courseOfSchool(db, schoolId, input.courseId)
      : undefined;
    if (!sub || (input.absentStaffNo && !absent) || (input.courseId && !course))
      throw new AppError('NOT_FOUND');
    if (absent && absent.id === sub.id) throw new AppError('SUBSTITUTE_SELF');
    const row = {
      schoolId,
      substituteStaffId: sub.id,
      absentStaffId: absent?.id ?? null,
      courseId: course?.id ?? null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    };
    return db.transaction(async (tx) => {
      // One substitute's assignments are checked and written one at a time: two offices entering the
      // same assignment at once cannot both pass the overlap check.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`substitutes:${sub.id}`}))`);
      const clash = await repo.overlapping(tx, row);
      if (clash)
        throw new AppError('SUBSTITUTE_DUPLICATE', { startsOn: clash.startsOn, endsOn: clash.endsOn });
      const id = await repo.insertSubstitute(tx, { ...row, createdBy: user.id });
      await insertAudit(tx, {
        action: 'substitute.assigned',
        schoolId,
        actorUserId: user.id,
        targetType: 'substitute',
        targetId: id,
        requestId,
        details: { ...input },
      });
      return id;
    });
  }

  /**
   * Ends an assignment early: the new last day is from today (or its first day, if later) up to the
   * day before its current end. One that has already ended is left as it was.
   */
  async function end(user: SessionUser, id: string, endsOn: string, requestId: string) {
    const schoolId = schoolOf(user).id;
    await db.transaction(async (tx) => {
      const row = await repo.substituteOfSchool(tx, schoolId, id);
      if (!row) throw new AppError('NOT_FOUND');
      const now = today();
      if (row.endsOn < now) throw new AppError('SUBSTITUTE_ALREADY_ENDED', { endsOn: row.endsOn });
      // The later of its first day and today (ISO dates sort as text).
      const from = [row.startsOn, now].sort()[1] as string;
      if (endsOn < from || endsOn >= row.endsOn)
        throw new AppError('SUBSTITUTE_END_INVALID', { from, to: previousDay(row.endsOn) });
      await repo.setEndsOn(tx, id, endsOn);
      await insertAudit(tx, {
        action: 'substitute.ended',
        schoolId,
        actorUserId: user.id,
        targetType: 'substitute',
        targetId: id,
        requestId,
        details: { ...auditValues(row), newEndsOn: endsOn },
      });
    });
  }

  /** Removes an assignment (entered by mistake); decisions already made keep their history. */
  async function remove(user: SessionUser, id: string, requestId: string) {
    const schoolId = schoolOf(user).id;
    await db.transaction(async (tx) => {
      const row = await repo.substituteOfSchool(tx, schoolId, id);
      if (!row) throw new AppError('NOT_FOUND');
      await repo.deleteSubstitute(tx, id);
      await insertAudit(tx, {
        action: 'substitute.removed',
        schoolId,
        actorUserId: user.id,
        targetType: 'substitute',
        targetId: id,
        requestId,
        details: auditValues(row),
      });
    });
  }

  const list = (user: SessionUser) => repo.listSubstitutes(db, schoolOf(user).id);

  return { assign, end, remove, list };
}

/** The day before an ISO date (YYYY-MM-DD). */
function previousDay(iso: string) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
