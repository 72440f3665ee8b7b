/**
 * Every role's home: its to-dos as counts that link to the work (the deadlines come from the windows
 * module's GET /api/v1/schedule). Only the caller's own objects are counted: the student's
 * record, the certifier's courses (own and substituted today), the homeroom teacher's classes, the
 * parent's linked children, the school of an office.
 */
import type { Db } from '../../db/client.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { taipei } from '../outcomes/outcomes.common.js';
import * as outcomesRepo from '../outcomes/outcomes.repo.js';
import { currentTermOf } from '../schools/current-term.js';
import * as repo from './home.repo.js';

export interface Todo {
  key: string;
  count: number;
  link: string;
  /** The course, class or child the count is about. */
  name: string | null;
}

export type HomeService = ReturnType<typeof createHomeService>;

export function createHomeService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => taipei.format(now()).slice(0, 10);

  async function home(user: SessionUser, requestId: string) {
    const todos: Todo[] = [];
    const roles = new Set(user.roles);
    if (!user.school) return { todos: [] };
    const schoolId = user.school.id;
    const { term, currentTerm } = await currentTermOf(db, user);
    const year = currentTerm.academicYear;
    const todo = (key: string, count: number, link: string, name: string | null = null) => {
      if (count > 0) todos.push({ key, count, link, name });
    };

    if (roles.has('student')) {
      const student = await outcomesRepo.studentOfUser(db, user.id);
      if (student) {
        const c = await repo.studentCounts(db, student.id, term?.id ?? null);
        todo('studentDrafts', c.drafts, '/outcomes');
        todo('studentFailed', c.failed, '/outcomes');
        todo('studentPending', c.pending, '/outcomes');
      }
    }
    if (term && (roles.has('teacher') || roles.has('substitute'))) {
      const mine = await outcomesRepo.certifiableCourses(db, user.id, today());
      for (const c of await repo.pendingByCourse(db, [...mine.keys()], term.id)) {
        todo('certifyPending', c.count, `/certification?courseId=${c.id}`, `${c.name}（${c.code}）`);
      }
    }
    if (term && roles.has('homeroom')) {
      for (const c of await repo.homeroomClasses(db, user.id, term.id)) {
        todo('classWithout', c.without, `/classes/${c.id}`, c.name);
        todo('classFailed', c.failed, `/classes/${c.id}`, c.name);
      }
    }
    if (term && roles.has('academicAdmin')) {
      const c = await repo.schoolCounts(db, schoolId, term.id);
      todo('schoolPending', c.pending, '/progress?by=teacher');
      todo('schoolWithout', c.without, '/progress');
    }
    if (roles.has('studentAffairs')) {
      todo('performancesOfYear', await repo.performancesOfYear(db, schoolId, year), '/performance-admin');
    }
    if (roles.has('parent')) {
      const children = await repo.childrenOf(db, user.id, term?.id ?? null);
      // A parent reading their children's counts is a read of another person's data: audited.
      if (children.length > 0)
        await auditRead(db, { user, requestId }, 'read.home_counts', {
          scope: { type: 'school' },
          studentIds: children.map((c) => c.id),
        });
      for (const child of children) {
        todo('childFailed', child.failed, '/children', child.name);
        todo('childPending', child.pending, '/children', child.name);
      }
    }
    if (roles.has('counselor')) {
      todo('counselStudents', await repo.counselledStudents(db, user.id), '/counselling');
    }
    if (roles.has('accountAdmin')) {
      todo('accountsNotStarted', await repo.accountsNotStarted(db, schoolId), '/accounts');
    }
    return { todos };
  }

  return { home };
}
