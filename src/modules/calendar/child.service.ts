/**
 * A student's statuses and outcome history, read-only, for whoever may read the student's record (the
 * parent's child view above all: SPEC.md §8): every read goes through the policy module (own, parent
 * link, homeroom, offices, assigned counsellor) and is audited there for anyone but the student.
 */
import type { Db } from '../../db/client.js';
import type { SessionUser } from '../auth/auth.service.js';
import { authoriseStudentRead } from '../policy/policy.js';
import { currentTermOf } from '../schools/current-term.js';
import * as repo from './calendar.repo.js';

export type ChildService = ReturnType<typeof createChildService>;

export function createChildService(deps: { db: Db }) {
  const { db } = deps;

  /** Outcomes of the current term by status, selections and performances of the academic year. */
  async function status(user: SessionUser, studentId: string, requestId: string) {
    const { student } = await authoriseStudentRead(db, user, studentId, requestId, {
      action: 'read.student_status',
    });
    const { term, currentTerm } = await currentTermOf(db, user);
    const s = await repo.studentStatus(db, studentId, term?.id ?? null, currentTerm.academicYear);
    return {
      student: { id: student.id, name: student.name },
      currentTerm,
      outcomes: {
        pending: s?.pending ?? 0,
        passed: s?.passed ?? 0,
        failed: s?.failed ?? 0,
        withdrawn: s?.withdrawn ?? 0,
      },
      selections: { outcomes: s?.selectedOutcomes ?? 0, performances: s?.selectedPerformances ?? 0 },
      performances: s?.performances ?? 0,
    };
  }

  /** Every history event of the student's outcomes of the current term, newest first. */
  async function timeline(user: SessionUser, studentId: string, requestId: string) {
    await authoriseStudentRead(db, user, studentId, requestId, { action: 'read.student_timeline' });
    const { term } = await currentTermOf(db, user);
    return { events: term ? await repo.studentTimeline(db, studentId, term.id) : [] };
  }

  return { status, timeline };
}
