/**
 * What the caller still has to do for each deadline of their schedule (the calendar's "待辦" per window):
 * students (and parents, per child) the courses without an outcome and the failed outcomes of an upload
 * window, the items not yet selected in a selection window; teachers the pending certifications of
 * their courses; homeroom teachers their students without uploads; offices the school's counts. The
 * counts are the home page's where they exist (home.repo.ts). Closed windows have none.
 */
import type { Db } from '../../db/client.js';
import type { SessionUser } from '../auth/auth.service.js';
import * as homeRepo from '../home/home.repo.js';
import { taipei } from '../outcomes/outcomes.common.js';
import * as outcomesRepo from '../outcomes/outcomes.repo.js';
import type { ScheduleEntry } from '../windows/schedule.service.js';
import * as repo from './calendar.repo.js';

export interface Todo {
  key:
    | 'coursesWithoutOutcome'
    | 'failedOutcomes'
    | 'nothingSelected'
    | 'pendingCertifications'
    | 'studentsWithoutUpload'
    | 'schoolWithoutUpload'
    | 'schoolPending';
  count: number;
}

const SELECTION_KINDS = new Set(['selection', 'selectionOutcomes', 'selectionPerformances']);

/** The to-dos of each entry (same order as `entries`). */
export async function todosOf(
  db: Db,
  user: SessionUser,
  entries: ScheduleEntry[],
  now: Date,
): Promise<Todo[][]> {
  const live = entries.filter((e) => e.state !== 'closed');
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, f: () => Promise<T>) => {
    if (!memo.has(key)) memo.set(key, f());
    return memo.get(key) as Promise<T>;
  };
  const studentIds = [...new Set(live.flatMap((e) => (e.studentId ? [e.studentId] : [])))];
  const upload = (termId: string) =>
    once(
      `upload:${termId}`,
      async () => new Map((await repo.uploadWork(db, studentIds, termId)).map((r) => [r.studentId, r])),
    );
  const selection = (year: number) =>
    once(
      `selection:${year}`,
      async () => new Map((await repo.selectionWork(db, studentIds, year)).map((r) => [r.studentId, r])),
    );
  const school = (termId: string) =>
    once(`school:${termId}`, () => homeRepo.schoolCounts(db, user.school?.id ?? '', termId));
  const certifiable = () =>
    once('certifiable', async () => [
      ...(await outcomesRepo.certifiableCourses(db, user.id, taipei.format(now).slice(0, 10))).keys(),
    ]);

  const todos = async (e: ScheduleEntry): Promise<Todo[]> => {
    if (e.state === 'closed') return [];
    const out: Todo[] = [];
    const add = (key: Todo['key'], count: number) => {
      if (count > 0) out.push({ key, count });
    };
    if ((e.as === 'student' || e.as === 'parent') && e.studentId) {
      if (e.kind === 'upload' && e.termId) {
        const w = (await upload(e.termId)).get(e.studentId);
        add('coursesWithoutOutcome', w?.coursesWithout ?? 0);
        add('failedOutcomes', w?.failed ?? 0);
      }
      if (SELECTION_KINDS.has(e.kind)) {
        const w = (await selection(e.academicYear)).get(e.studentId);
        if (w && w.selected === 0) add('nothingSelected', w.selectable);
      }
    }
    if (e.as === 'teacher' && e.kind === 'certification' && e.termId) {
      const termId = e.termId;
      const rows = await once(`pending:${termId}`, async () =>
        homeRepo.pendingByCourse(db, await certifiable(), termId),
      );
      add(
        'pendingCertifications',
        rows.reduce((n, r) => n + r.count, 0),
      );
    }
    if (e.as === 'homeroom' && e.kind === 'upload' && e.termId) {
      const termId = e.termId;
      const rows = await once(`homeroom:${termId}`, () => homeRepo.homeroomClasses(db, user.id, termId));
      add(
        'studentsWithoutUpload',
        rows.reduce((n, r) => n + r.without, 0),
      );
    }
    if (e.as === 'office' && e.termId && (e.kind === 'upload' || e.kind === 'certification')) {
      const c = await school(e.termId);
      if (e.kind === 'upload') add('schoolWithoutUpload', c.without);
      else add('schoolPending', c.pending);
    }
    return out;
  };

  const result: Todo[][] = [];
  for (const e of entries) result.push(await todos(e));
  return result;
}
