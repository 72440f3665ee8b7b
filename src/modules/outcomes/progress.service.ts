import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { findClass } from '../masterdata/queries.repo.js';
import { betweenTermsError } from '../schools/current-term.js';
import { type OutcomeDeps, outcomeContext } from './outcomes.common.js';
import * as repo from './outcomes.repo.js';

export type ProgressService = ReturnType<typeof createProgressService>;

export function createProgressService(deps: OutcomeDeps) {
  const { db, currentTerm } = outcomeContext(deps);
  /** Per-student counts of a class in the current term, for its homeroom teacher and the offices. */
  async function classProgress(user: SessionUser, classId: string) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const cls = await findClass(db, user.school.id, classId);
    if (!cls) throw new AppError('NOT_FOUND');
    if (!user.roles.includes('academicAdmin') && cls.homeroomUserId !== user.id)
      throw new AppError('FORBIDDEN');
    const { currentTerm: calendarTerm, term } = await currentTerm(user);
    return {
      term,
      currentTerm: calendarTerm,
      students: term ? await repo.classProgress(db, classId, term.id) : [],
    };
  }

  /** School-wide progress (教務處) grouped by grade, class, course or teacher. */
  async function schoolProgress(user: SessionUser, by: repo.ProgressBy) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const { currentTerm: calendarTerm, term } = await currentTerm(user);
    return {
      term,
      currentTerm: calendarTerm,
      by,
      rows: term ? await repo.schoolProgress(db, user.school.id, term.id, by) : [],
    };
  }

  /** The same as an xlsx download. */
  async function schoolProgressWorkbook(user: SessionUser, by: repo.ProgressBy) {
    const p = await schoolProgress(user, by);
    if (!p.term) throw betweenTermsError(p.currentTerm);
    const term = p.term;
    const header = { grade: '年級', class: '班級', course: '課程', teacher: '教師' }[by];
    const body = await buildWorkbook([
      {
        name: '課程學習成果進度',
        header: [header, '學生數', '尚未上傳人數', '已上傳', '待認證', '認證通過', '認證未通過'],
        rows: p.rows.map((r) => [
          r.label,
          r.students,
          r.studentsWithNone,
          r.uploaded,
          r.pending,
          r.passed,
          r.failed,
        ]),
      },
    ]);
    return { filename: `課程學習成果進度-${term.academicYear}${term.semester}-${header}.xlsx`, body };
  }

  /** Students of a class with nothing uploaded this term (homeroom teacher or 教務處), as xlsx. */
  async function missingWorkbook(user: SessionUser, classId: string) {
    const p = await classProgress(user, classId);
    if (!p.term) throw betweenTermsError(p.currentTerm);
    const term = p.term;
    const body = await buildWorkbook([
      {
        name: '尚未上傳',
        header: ['座號', '學號', '姓名'],
        rows: p.students.filter((s) => s.uploaded === 0).map((s) => [s.seatNo, s.studentNo, s.name]),
      },
    ]);
    return { filename: `尚未上傳課程學習成果-${term.academicYear}${term.semester}.xlsx`, body };
  }

  return { classProgress, schoolProgress, schoolProgressWorkbook, missingWorkbook };
}
