/**
 * 多元表現 (SPEC.md §4.2): students record achievements of any category while their school's yearly
 * window is open (with the grace period for uploads begun inside it); no certification, no count limit.
 * Every category rule comes from src/domain/performances.ts. A record belongs to the academic year in
 * which it is entered; grade 11 and 12 students may enter events of earlier years (補登), back to 1 July
 * of their entry year. School-entered cadre records are listed beside them, read-only.
 */
import type { Db, Tx } from '../../db/client.js';
import { DEFAULT_GRACE_MINUTES } from '../../domain/outcomes.js';
import { type PerformanceInput, validatePerformance } from '../../domain/performance-rules.js';
import { CATEGORIES, PERFORMANCE_CATEGORIES } from '../../domain/performances.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { cadreOf } from '../masterdata/queries.repo.js';
import { taipei } from '../outcomes/outcomes.common.js';
import { authoriseStudentRead } from '../policy/policy.js';
import { ownFile } from '../uploads/files.repo.js';
import { assertOpen, windowFor } from '../windows/windows.check.js';
import { createWindowsService } from '../windows/windows.service.js';
import * as repo from './performances.repo.js';

export interface PerformanceBody extends PerformanceInput {
  proofFileId?: string | null;
  mediaFileId?: string | null;
}

export type PerformancesService = ReturnType<typeof createPerformancesService>;

export function createPerformancesService(deps: { db: Db; graceMinutes?: number; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const today = () => taipei.format(now()).slice(0, 10);
  const windows = createWindowsService(deps);

  async function me(user: SessionUser) {
    const student = await repo.studentOfUser(db, user.id);
    if (!student || !user.school) throw new AppError('FORBIDDEN');
    return student;
  }

  /** Throws the window's rule (with its dates) unless recording is allowed now: windows/windows.check.ts. */
  async function assertWindow(
    tx: Tx | Db,
    schoolId: string,
    year: number,
    studentId: string,
    uploadStartedAt?: Date | null,
  ) {
    await assertOpen(tx, 'performance', { schoolId, academicYear: year }, studentId, now(), {
      uploadStartedAt,
      graceMinutes: deps.graceMinutes ?? DEFAULT_GRACE_MINUTES,
    });
  }

  /** Validates by the category table; the first broken rule is the error, all of them its details. */
  function check(user: SessionUser, student: { entryYear: number }, body: PerformanceBody) {
    const result = validatePerformance(body, {
      entryYear: student.entryYear,
      today: today(),
      currentAcademicYear: user.currentTerm.academicYear,
    });
    if (!result.ok) {
      const [first] = result.problems;
      throw new AppError(first?.code ?? 'VALIDATION_FAILED', first?.params ?? {}, result.problems);
    }
    return result.value;
  }

  /** Attached files must be the caller's own uploads for performance purposes. */
  async function checkFiles(tx: Tx, userId: string, body: PerformanceBody) {
    // Someone else's file (of this school or another) is a 404, like one that does not exist.
    const proof = body.proofFileId ? await ownFile(tx, body.proofFileId, userId) : null;
    const media = body.mediaFileId ? await ownFile(tx, body.mediaFileId, userId) : null;
    if ((body.proofFileId && !proof) || (body.mediaFileId && !media)) throw new AppError('NOT_FOUND');
    if (body.proofFileId && proof?.purpose !== 'performanceProof')
      throw new AppError('PERFORMANCE_FILE_INVALID');
    if (body.mediaFileId && media?.purpose !== 'performanceMedia')
      throw new AppError('PERFORMANCE_FILE_INVALID');
    // The grace period counts from when the earlier upload began.
    const started = [proof?.uploadStartedAt, media?.uploadStartedAt].filter((d): d is Date => !!d);
    const startedAt = started.length ? new Date(Math.min(...started.map((d) => d.getTime()))) : null;
    return { proof, media, startedAt };
  }

  async function create(user: SessionUser, body: PerformanceBody, requestId: string) {
    const student = await me(user);
    const value = check(user, student, body);
    const year = user.currentTerm.academicYear;
    return db.transaction(async (tx) => {
      const { proof, media, startedAt } = await checkFiles(tx, user.id, body);
      await assertWindow(tx, student.schoolId, year, student.id, startedAt);
      const row = await repo.insertPerformance(tx, {
        schoolId: student.schoolId,
        studentId: student.id,
        academicYear: year,
        ...value,
        proofFileId: proof?.id ?? null,
        mediaFileId: media?.id ?? null,
      });
      await insertAudit(tx, {
        action: 'performance.created',
        schoolId: student.schoolId,
        actorUserId: user.id,
        targetType: 'performance',
        targetId: row.id,
        requestId,
      });
      return row;
    });
  }

  /** The caller's own record, for a change inside its year's window. */
  async function ownRecord(tx: Tx, user: SessionUser, id: string) {
    const student = await me(user);
    const row = await repo.findPerformance(tx, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.studentId !== student.id) throw new AppError('FORBIDDEN');
    return { student, row };
  }

  async function update(user: SessionUser, id: string, body: PerformanceBody, requestId: string) {
    return db.transaction(async (tx) => {
      const { student, row } = await ownRecord(tx, user, id);
      const value = check(user, student, body);
      const { proof, media, startedAt } = await checkFiles(tx, user.id, body);
      await assertWindow(tx, student.schoolId, row.academicYear, student.id, startedAt);
      const updated = await repo.updatePerformance(tx, row.id, {
        ...value,
        proofFileId: proof?.id ?? null,
        mediaFileId: media?.id ?? null,
      });
      await insertAudit(tx, {
        action: 'performance.edited',
        schoolId: student.schoolId,
        actorUserId: user.id,
        targetType: 'performance',
        targetId: row.id,
        requestId,
      });
      return updated;
    });
  }

  /** Deletes from the student's list (the row is kept, marked deleted). */
  async function remove(user: SessionUser, id: string, requestId: string) {
    await db.transaction(async (tx) => {
      const { student, row } = await ownRecord(tx, user, id);
      await assertWindow(tx, student.schoolId, row.academicYear, student.id);
      await repo.updatePerformance(tx, row.id, { deletedAt: now() });
      await insertAudit(tx, {
        action: 'performance.deleted',
        schoolId: student.schoolId,
        actorUserId: user.id,
        targetType: 'performance',
        targetId: row.id,
        requestId,
      });
    });
  }

  async function recordsOf(studentId: string) {
    const [records, cadre] = [await repo.performancesOf(db, studentId), await cadreOf(db, studentId)];
    return { records, schoolCadre: cadre };
  }

  /** The student's own list with this year's window and their entry year (for the form's date limits). */
  async function mine(user: SessionUser) {
    const student = await me(user);
    const year = user.currentTerm.academicYear;
    const w = await windowFor(
      db,
      'performance',
      { schoolId: student.schoolId, academicYear: year },
      student.id,
      now(),
    );
    return {
      academicYear: year,
      entryYear: student.entryYear,
      today: today(),
      window: w ? { opensAt: w.window.opensAt, closesAt: w.closesAt, state: w.state } : null,
      ...(await recordsOf(student.id)),
    };
  }

  /** Read-only, for whoever may read the student's record (parents, homeroom, offices, counsellor). */
  async function ofStudent(user: SessionUser, studentId: string, requestId: string) {
    const { student, access } = await authoriseStudentRead(db, user, studentId, requestId, {
      action: 'read.student_performances',
    });
    return {
      student: { id: student.id, name: student.name, studentNo: student.studentNo },
      access,
      ...(await recordsOf(studentId)),
    };
  }

  // ---- 學務處: the yearly window, extensions, overview ----

  function schoolOf(user: SessionUser) {
    if (!user.school) throw new AppError('FORBIDDEN');
    return user.school.id;
  }

  /** The performance window of a year and its extensions (the windows module's list, one kind). */
  async function windowAdmin(user: SessionUser, academicYear: number, requestId: string) {
    schoolOf(user);
    const listed = await windows.list(user, { academicYear }, requestId);
    const w = listed.windows.find((x) => x.kind === 'performance' && x.grade === null);
    return {
      academicYear,
      window: w ? { opensAt: w.opensAt, closesAt: w.closesAt } : null,
      extensions: w?.extensions ?? [],
    };
  }

  async function setWindow(
    user: SessionUser,
    input: { academicYear: number; opensAt: Date; closesAt: Date },
    requestId: string,
  ) {
    schoolOf(user);
    await windows.setWindow(user, { kind: 'performance', ...input }, requestId);
  }

  async function extendWindow(
    user: SessionUser,
    input: { academicYear: number; closesAt: Date; reason: string; studentId?: string | null },
    requestId: string,
  ) {
    const { academicYear, ...extension } = input;
    await windows.extendScope(user, 'performance', { academicYear }, extension, requestId);
  }

  /** The school-wide overview of a year (學務處); it lists the students with no record, so it is audited. */
  async function overview(
    user: SessionUser,
    academicYear: number,
    requestId: string,
    action: 'read.performance_overview' | 'read.performance_overview_export' = 'read.performance_overview',
  ) {
    const o = await repo.overviewOf(db, schoolOf(user), academicYear);
    await auditRead(
      db,
      { user, requestId },
      action,
      { scope: { type: 'school' }, studentIds: o.without.map((s) => s.id) },
      { academicYear },
    );
    const byGrade = new Map<
      number,
      { grade: number; students: number; records: number; studentsWithNone: number }
    >();
    for (const c of o.byClass) {
      const g = byGrade.get(c.grade) ?? { grade: c.grade, students: 0, records: 0, studentsWithNone: 0 };
      g.students += c.students;
      g.records += c.records;
      g.studentsWithNone += c.students - c.students_with_records;
      byGrade.set(c.grade, g);
    }
    return {
      academicYear,
      byCategory: PERFORMANCE_CATEGORIES.map((category) => ({
        category,
        records: o.byCategory.find((r) => r.category === category)?.records ?? 0,
      })),
      byGrade: [...byGrade.values()].sort((a, b) => a.grade - b.grade),
      byClass: o.byClass.map((c) => ({
        classId: c.class_id,
        className: c.class_name,
        grade: c.grade,
        students: c.students,
        records: c.records,
        studentsWithNone: c.students - c.students_with_records,
        schoolCadreRecords: c.school_cadre_records,
      })),
      studentsWithNone: o.without,
    };
  }

  /** The overview as a workbook: per category, per grade, per class, and the students with none. */
  async function overviewWorkbook(user: SessionUser, academicYear: number, requestId: string) {
    const o = await overview(user, academicYear, requestId, 'read.performance_overview_export');
    const body = await buildWorkbook([
      {
        name: '類別',
        header: ['類別', '筆數'],
        rows: o.byCategory.map((r) => [CATEGORIES[r.category].label['zh-TW'], r.records]),
      },
      {
        name: '年級',
        header: ['年級', '學生數', '筆數', '尚無紀錄人數'],
        rows: o.byGrade.map((g) => [g.grade, g.students, g.records, g.studentsWithNone]),
      },
      {
        name: '班級',
        header: ['年級', '班級', '學生數', '筆數', '尚無紀錄人數', '學校登錄幹部'],
        rows: o.byClass.map((c) => [
          c.grade,
          c.className,
          c.students,
          c.records,
          c.studentsWithNone,
          c.schoolCadreRecords,
        ]),
      },
      {
        name: '尚無紀錄學生',
        header: ['年級', '班級', '學號', '姓名'],
        rows: o.studentsWithNone.map((s) => [s.grade, s.className, s.studentNo, s.name]),
      },
    ]);
    return { filename: `多元表現統計-${academicYear}.xlsx`, body };
  }

  return {
    create,
    update,
    remove,
    mine,
    ofStudent,
    windowAdmin,
    setWindow,
    extendWindow,
    overview,
    overviewWorkbook,
  };
}
