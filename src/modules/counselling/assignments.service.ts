/**
 * Counsellor assignments: 教務處 (academicAdmin) or 輔導室 (counselor) assign counsellors to classes or
 * students; nobody assigns themselves. Every change is audited. What a counsellor may read and record
 * follows these assignments (policy.ts, counselling.service.ts).
 */
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, schoolOf } from '../policy/policy.js';
import * as repo from './assignments.repo.js';

export type AssignmentsService = ReturnType<typeof createAssignmentsService>;

export function createAssignmentsService(deps: { db: Db }) {
  const { db } = deps;

  /** The school's assignments (optionally of one counsellor) and the counsellors to choose from. */
  async function list(user: SessionUser, counselorUserId?: string) {
    const school = schoolOf(user);
    await assertOwnSchool(db, user, { user: counselorUserId });
    return {
      assignments: await repo.listAssignments(db, school.id, counselorUserId),
      counselors: await repo.counselorsOf(db, school.id),
    };
  }

  async function assign(
    user: SessionUser,
    input: { counselorUserId: string; classId?: string | null; studentId?: string | null },
    requestId: string,
  ) {
    const school = schoolOf(user);
    await assertOwnSchool(db, user, {
      user: input.counselorUserId,
      class: input.classId,
      student: input.studentId,
    });
    if (input.counselorUserId === user.id) throw new AppError('COUNSELLING_SELF_ASSIGNMENT');
    if (!(await repo.counselorsOf(db, school.id)).some((c) => c.id === input.counselorUserId))
      throw new AppError('COUNSELLING_NOT_COUNSELOR');
    return db.transaction(async (tx) => {
      const id = await repo.insertAssignment(tx, {
        schoolId: school.id,
        counselorUserId: input.counselorUserId,
        classId: input.classId ?? null,
        studentId: input.studentId ?? null,
        assignedBy: user.id,
      });
      if (!id) throw new AppError('COUNSELLING_ALREADY_ASSIGNED');
      await insertAudit(tx, {
        action: 'counselling.assigned',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'user',
        targetId: input.counselorUserId,
        requestId,
        details: { assignmentId: id, classId: input.classId ?? null, studentId: input.studentId ?? null },
      });
      return id;
    });
  }

  async function unassign(user: SessionUser, id: string, requestId: string) {
    const school = schoolOf(user);
    const row = await repo.findAssignment(db, school.id, id);
    if (!row) throw new AppError('NOT_FOUND');
    await db.transaction(async (tx) => {
      await repo.deleteAssignment(tx, id);
      await insertAudit(tx, {
        action: 'counselling.unassigned',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'user',
        targetId: row.counselorUserId,
        requestId,
        details: { assignmentId: id, classId: row.classId, studentId: row.studentId },
      });
    });
  }

  /** The caller's own students (for recording a session). */
  const myStudents = (user: SessionUser) => repo.assignedStudents(db, schoolOf(user).id, user.id);

  return { list, assign, unassign, myStudents };
}
