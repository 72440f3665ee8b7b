/**
 * Every role's home: its deadlines (the windows that concern it, with the caller's own extension) and
 * its to-dos as counts that link to the work. Only the caller's own objects are counted: the student's
 * record, the certifier's courses (own and substituted today), the homeroom teacher's classes, the
 * parent's linked children, the school of an office.
 */
import type { Db } from '../../db/client.js';
import { type WindowKind, windowState } from '../../domain/outcomes.js';
import type { SessionUser } from '../auth/auth.service.js';
import { taipei } from '../outcomes/outcomes.common.js';
import * as outcomesRepo from '../outcomes/outcomes.repo.js';
import * as performancesRepo from '../performances/performances.repo.js';
import { currentTermOf } from '../schools/current-term.js';
import * as repo from './home.repo.js';

export type DeadlineKind = WindowKind | 'performance';
export interface Deadline {
  kind: DeadlineKind;
  opensAt: Date;
  closesAt: Date;
  state: 'open' | 'not-yet' | 'closed';
  /** For a parent: whose deadline (the child's name). */
  who: string | null;
}
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

  function deadline(
    kind: DeadlineKind,
    window: { opensAt: Date; closesAt: Date } | undefined,
    extended: Date | null,
    who: string | null = null,
  ): Deadline | null {
    if (!window) return null;
    const closesAt = extended && extended > window.closesAt ? extended : window.closesAt;
    const state = windowState(window, now(), { extendedTo: extended });
    return {
      kind,
      opensAt: window.opensAt,
      closesAt,
      state: state === 'grace' ? 'closed' : (state as Deadline['state']),
      who,
    };
  }

  async function termWindow(
    termId: string,
    kind: WindowKind,
    studentId: string | null,
    who: string | null = null,
  ) {
    const w = await outcomesRepo.windowOf(db, termId, kind);
    return deadline(kind, w, await outcomesRepo.extendedTo(db, termId, kind, studentId), who);
  }
  async function performanceWindow(
    schoolId: string,
    year: number,
    studentId: string | null,
    who: string | null = null,
  ) {
    const w = await performancesRepo.windowOf(db, schoolId, year);
    return deadline('performance', w, await performancesRepo.extendedTo(db, schoolId, year, studentId), who);
  }

  async function home(user: SessionUser) {
    const deadlines: (Deadline | null)[] = [];
    const todos: Todo[] = [];
    const roles = new Set(user.roles);
    if (!user.school) return { deadlines: [], todos: [] };
    const schoolId = user.school.id;
    const { term, currentTerm } = await currentTermOf(db, user);
    const year = currentTerm.academicYear;
    const todo = (key: string, count: number, link: string, name: string | null = null) => {
      if (count > 0) todos.push({ key, count, link, name });
    };

    if (roles.has('student')) {
      const student = await outcomesRepo.studentOfUser(db, user.id);
      if (student) {
        if (term) deadlines.push(await termWindow(term.id, 'upload', student.id));
        deadlines.push(await performanceWindow(schoolId, year, student.id));
        const c = await repo.studentCounts(db, student.id, term?.id ?? null);
        todo('studentDrafts', c.drafts, '/outcomes');
        todo('studentFailed', c.failed, '/outcomes');
        todo('studentPending', c.pending, '/outcomes');
      }
    }
    if (term && (roles.has('teacher') || roles.has('substitute'))) {
      deadlines.push(await termWindow(term.id, 'certification', null));
      const mine = await outcomesRepo.certifiableCourses(db, user.id, today());
      for (const c of await repo.pendingByCourse(db, [...mine.keys()], term.id)) {
        todo('certifyPending', c.count, `/certification?courseId=${c.id}`, `${c.name}（${c.code}）`);
      }
    }
    if (term && roles.has('homeroom')) {
      deadlines.push(await termWindow(term.id, 'upload', null));
      for (const c of await repo.homeroomClasses(db, user.id, term.id)) {
        todo('classWithout', c.without, `/classes/${c.id}`, c.name);
        todo('classFailed', c.failed, `/classes/${c.id}`, c.name);
      }
    }
    if (term && roles.has('academicAdmin')) {
      deadlines.push(await termWindow(term.id, 'upload', null));
      deadlines.push(await termWindow(term.id, 'certification', null));
      const c = await repo.schoolCounts(db, schoolId, term.id);
      todo('schoolPending', c.pending, '/progress?by=teacher');
      todo('schoolWithout', c.without, '/progress');
    }
    if (roles.has('studentAffairs')) {
      deadlines.push(await performanceWindow(schoolId, year, null));
      todo('performancesOfYear', await repo.performancesOfYear(db, schoolId, year), '/performance-admin');
    }
    if (roles.has('parent')) {
      for (const child of await repo.childrenOf(db, user.id, term?.id ?? null)) {
        if (term) deadlines.push(await termWindow(term.id, 'upload', child.id, child.name));
        deadlines.push(await performanceWindow(schoolId, year, child.id, child.name));
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
    // One line per window and person, soonest close first.
    const seen = new Set<string>();
    const unique = deadlines.filter((d): d is Deadline => {
      if (!d) return false;
      const key = `${d.kind}:${d.who ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    unique.sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
    return { deadlines: unique, todos };
  }

  return { home };
}
