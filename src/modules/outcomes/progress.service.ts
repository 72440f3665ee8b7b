import { AppError } from '../../server/errors.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { findClass } from '../masterdata/queries.repo.js';
import { betweenTermsError } from '../schools/current-term.js';
import { type OutcomeDeps, outcomeContext } from './outcomes.common.js';
import * as repo from './outcomes.repo.js';

export type ProgressService = ReturnType<typeof createProgressService>;

export function createProgressService(deps: OutcomeDeps) {
  const { db, currentTerm } = outcomeContext(deps);
  /** A class's per-student counts this term, after the homeroom-or-教務處 check (not yet audited). */
  async function classData(user: SessionUser, classId: string) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const cls = await findClass(db, user.school.id, classId);
    if (!cls) throw new AppError('NOT_FOUND');
    const office = user.roles.includes('academicAdmin');
    if (!office && cls.homeroomUserId !== user.id) throw new AppError('FORBIDDEN');
    const { currentTerm: calendarTerm, term } = await currentTerm(user);
    return {
      term,
      currentTerm: calendarTerm,
      access: office ? 'office' : 'homeroom',
      students: term ? await repo.classProgress(db, classId, term.id) : [],
    };
  }

  /** Per-student counts of a class in the current term, for its homeroom teacher and the offices. */
  async function classProgress(user: SessionUser, classId: string, requestId: string) {
    const { term, currentTerm: calendarTerm, access, students } = await classData(user, classId);
    await auditRead(
      db,
      { user, requestId },
      'read.class_progress',
      { scope: { type: 'class', id: classId }, studentIds: students.map((s) => s.id) },
      { access, termId: term?.id ?? null },
    );
    return { term, currentTerm: calendarTerm, students };
  }

  /** School-wide progress (教務處) grouped by grade, class, course or teacher: counts only. */
  async function schoolData(user: SessionUser, by: repo.ProgressBy) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const { currentTerm: calendarTerm, term } = await currentTerm(user);
    return {
      term,
      currentTerm: calendarTerm,
      by,
      rows: term ? await repo.schoolProgress(db, user.school.id, term.id, by) : [],
    };
  }

  /** The school-wide progress; counts, but per teacher and per class, so audited as a school-wide read. */
  async function schoolProgress(user: SessionUser, by: repo.ProgressBy, requestId: string) {
    const p = await schoolData(user, by);
    await auditRead(
      db,
      { user, requestId },
      'read.school_progress',
      { scope: { type: 'school' } },
      { by, termId: p.term?.id ?? null },
    );
    return p;
  }

  /** The same as an xlsx download. */
  async function schoolProgressWorkbook(user: SessionUser, by: repo.ProgressBy, requestId: string) {
    const p = await schoolData(user, by);
    if (!p.term) throw betweenTermsError(p.currentTerm);
    const term = p.term;
    await auditRead(
      db,
      { user, requestId },
      'read.school_progress_export',
      { scope: { type: 'school' } },
      { by, termId: term.id },
    );
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
  async function missingWorkbook(user: SessionUser, classId: string, requestId: string) {
    const p = await classData(user, classId);
    if (!p.term) throw betweenTermsError(p.currentTerm);
    const term = p.term;
    const missing = p.students.filter((s) => s.uploaded === 0);
    await auditRead(
      db,
      { user, requestId },
      'read.class_missing_export',
      { scope: { type: 'class', id: classId }, studentIds: missing.map((s) => s.id) },
      { access: p.access, termId: term.id },
    );
    const body = await buildWorkbook([
      {
        name: '尚未上傳',
        header: ['座號', '學號', '姓名'],
        rows: missing.map((s) => [s.seatNo, s.studentNo, s.name]),
      },
    ]);
    return { filename: `尚未上傳課程學習成果-${term.academicYear}${term.semester}.xlsx`, body };
  }

  return { classProgress, schoolProgress, schoolProgressWorkbook, missingWorkbook };
}
