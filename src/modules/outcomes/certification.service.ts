import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { notifyDecision } from '../notifications/notifications.service.js';
import { assertOwnSchool } from '../policy/policy.js';
import { ensureOutcomeCredentials, revokeOutcomeCredentials } from '../provenance/provenance.service.js';
import { onOutcomeFailed } from '../selection/selection.service.js';
import * as certRepo from './certification.repo.js';
import { type OutcomeDeps, outcomeContext, STATUS_LABEL } from './outcomes.common.js';
import * as repo from './outcomes.repo.js';

export type CertificationService = ReturnType<typeof createCertificationService>;

export function createCertificationService(deps: OutcomeDeps) {
  const { db, now, today, assertWindow } = outcomeContext(deps);
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
    const allowed = await repo.certifiableCourses(db, user.id, today());
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
      const scopes = new Map(rows.map((r) => [`${r.schoolId}:${r.termId}`, r]));
      for (const scope of scopes.values()) await assertWindow(tx, scope, 'certification', null);
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
        // A fail after a pass withdraws the certification: its credential is revoked.
        if (status === 'failed') await revokeOutcomeCredentials(tx, o.id, now(), 'failed');
        if (status === 'failed') await onOutcomeFailed(tx, o, user.id, reason);
      }
      // A pass issues the credentials when the service has keys (else on first use:
      // ensureOutcomeCredential). A passed outcome cannot be edited: a repeated pass keeps its credential.
      if (status === 'passed' && deps.provenance) {
        await ensureOutcomeCredentials(
          tx,
          rows.map((o) => o.id),
          { ...deps.provenance, now },
        );
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
    requestId: string,
  ) {
    await assertOwnSchool(db, user, { class: f.classId, course: f.courseId });
    const { allowed, active } = await inPlay(user);
    if (f.courseId && !allowed.has(f.courseId)) throw new AppError('FORBIDDEN');
    // All of my courses = those in play now (this term, or a term whose certification still runs).
    const courseIds = active.map((c) => c.id);
    if (courseIds.length === 0 && !f.courseId)
      return { counts: { pending: 0, passed: 0, failed: 0 }, items: [] };
    const { counts, items } = await repo.queue(db, {
      courseIds,
      courseId: f.courseId,
      classId: f.classId,
      status: f.status,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    // One row per page shown: the course (or all of the caller's courses) and the students on it.
    await auditRead(
      db,
      { user, requestId },
      'read.certification_queue',
      {
        scope: f.courseId ? { type: 'course', id: f.courseId } : { type: 'school' },
        studentIds: items.map((i) => i.studentId),
      },
      { courses: f.courseId ? 1 : courseIds.length, classId: f.classId, status: f.status, page: f.page },
    );
    const names = await certRepo.namesOf(db, [
      ...new Set([...allowed.values()].filter((v): v is string => !!v)),
    ]);
    return {
      counts: { pending: counts.pending ?? 0, passed: counts.passed ?? 0, failed: counts.failed ?? 0 },
      items: items.map(({ studentId: _s, lastDecision, ...i }) => {
        const forTeacher = allowed.get(i.courseId);
        return {
          ...i,
          // A resubmitted outcome is pending again: its earlier decision is history, not its state.
          lastDecision: i.status === 'pending' ? null : lastDecision,
          certifyingFor: forTeacher ? (names.get(forTeacher) ?? null) : null,
        };
      }),
    };
  }

  /**
   * The courses the caller certifies today (own, or as a substitute on the assignment's dates) that are
   * in play: this term's, and those of a term whose certification window is still open.
   */
  async function inPlay(user: SessionUser) {
    const allowed = await repo.certifiableCourses(db, user.id, today());
    const active = await certRepo.activeCourses(db, [...allowed.keys()], user.currentTerm, now());
    return { allowed, active };
  }

  /** The queue's course filter: name, classes, code, term, and the teacher a substitute acts for. */
  async function myCourses(user: SessionUser) {
    const { allowed, active } = await inPlay(user);
    const names = await certRepo.namesOf(db, [
      ...new Set([...allowed.values()].filter((v): v is string => !!v)),
    ]);
    return active.map((c) => {
      const forTeacher = allowed.get(c.id);
      return {
        ...c,
        onBehalfOf: forTeacher ? (names.get(forTeacher) ?? null) : null,
        inCurrentTerm:
          c.academicYear === user.currentTerm.academicYear && c.semester === user.currentTerm.semester,
      };
    });
  }

  return { decide, queue, myCourses };
}
