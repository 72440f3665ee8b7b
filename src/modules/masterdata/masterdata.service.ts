import type { Db } from '../../db/client.js';
import type { ReadAction } from '../../domain/audit-actions.js';
import { COURSE_CATEGORIES, parseCourseCode, SUBJECT_ATTRIBUTES } from '../../domain/course-code.js';
import { maskNationalId } from '../../domain/national-id.js';
import { AppError } from '../../server/errors.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, authoriseStudentRead } from '../policy/policy.js';
import type { TStudentRecord } from './masterdata.schemas.js';
import * as q from './queries.repo.js';
import { absencesOf, retakeGradesOf } from './school-records.repo.js';

const schoolOf = (user: SessionUser) => {
  if (!user.school) throw new AppError('FORBIDDEN');
  return user.school;
};

const earned = (c: { passed: boolean | null; makeupPassed: boolean | null; creditCounted: boolean | null }) =>
  (c.passed === true || c.makeupPassed === true) && c.creditCounted !== false;

/** Reads of the school-entered master data, each authorised per object. */
export function createMasterdataService(deps: { db: Db }) {
  const { db } = deps;

  async function listStudents(
    user: SessionUser,
    f: Omit<q.StudentFilter, 'schoolId' | 'limit' | 'offset'> & { page: number; pageSize: number },
    requestId: string,
  ) {
    await assertOwnSchool(db, user, { class: f.classId });
    // A counsellor without an office role sees the students assigned to them (SPEC.md §3).
    const onlyAssigned =
      user.roles.includes('counselor') &&
      !user.roles.some((r) => r === 'academicAdmin' || r === 'studentAffairs');
    const { rows, total } = await q.listStudents(db, {
      ...f,
      schoolId: schoolOf(user).id,
      assignedToCounselor: onlyAssigned ? user.id : undefined,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    // The search text may be a name or 學號: the row says that there was one, not what it was.
    await auditRead(
      db,
      { user, requestId },
      'read.student_list',
      {
        scope: f.classId ? { type: 'class', id: f.classId } : { type: 'school' },
        studentIds: rows.map((r) => r.id),
      },
      { page: f.page, searched: !!f.q, grade: f.grade, status: f.status, onlyAssigned },
    );
    return {
      total,
      page: f.page,
      pageSize: f.pageSize,
      items: rows.map(({ birthDate: _b, ...r }) => ({ ...r, nationalId: maskNationalId(r.nationalId) })),
    };
  }

  /** 基本資料, 修課紀錄 by term with credits and grades, and school cadre records of one student. */
  async function studentRecord(
    user: SessionUser,
    studentId: string,
    requestId: string,
    action: ReadAction = 'read.student_record',
  ): Promise<TStudentRecord> {
    const { student, access } = await authoriseStudentRead(db, user, studentId, requestId, { action });
    const lines = await q.courseRecord(db, student.id);
    const byTerm = new Map<string, TStudentRecord['terms'][number]>();
    for (const l of lines) {
      const key = `${l.academicYear}-${l.semester}`;
      let term = byTerm.get(key);
      if (!term) {
        term = {
          academicYear: l.academicYear,
          semester: l.semester,
          credits: 0,
          earnedCredits: 0,
          courses: [],
        };
        byTerm.set(key, term);
      }
      const isEarned = earned(l);
      term.credits += l.credits;
      if (isEarned) term.earnedCredits += l.credits;
      term.courses.push({
        code: l.code,
        name: l.name,
        credits: l.credits,
        grade: l.grade,
        teachers: l.teachers,
        rawScore: l.rawScore,
        passed: l.passed,
        makeupScore: l.makeupScore,
        makeupPassed: l.makeupPassed,
        creditCounted: l.creditCounted,
        qualitative: l.qualitative,
        earned: isEarned,
      });
    }
    const cadre = await q.cadreOf(db, student.id);
    const absences = await absencesOf(db, student.id);
    const retakes = await retakeGradesOf(db, student.id);
    return {
      access,
      student: {
        id: student.id,
        studentNo: student.studentNo,
        name: student.name,
        nationalId: maskNationalId(student.nationalId),
        birthDate: student.birthDate,
        gender: student.gender,
        entryYear: student.entryYear,
        className: student.className,
        department: student.department,
        grade: student.grade,
        seatNo: student.seatNo,
        status: student.status,
        statusSince: student.statusSince,
      },
      terms: [...byTerm.values()],
      cadre: cadre.map((c) => ({
        academicYear: c.academicYear,
        semester: c.semester,
        unit: c.unit,
        position: c.position,
        level: c.level,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
      })),
      absences: absences.map(({ id: _i, schoolId: _s, studentId: _st, ...a }) => a),
      retakes: retakes.map(({ id: _i, schoolId: _s, studentId: _st, ...r }) => r),
    };
  }

  /** The caller's own record (students). */
  async function myRecord(user: SessionUser, requestId: string) {
    const own = await q.studentIdOfUser(db, user.id);
    if (!own) throw new AppError('NOT_FOUND');
    return studentRecord(user, own.id, requestId);
  }

  /** A parent's linked children (their names and 學號 are the children's data: audited). */
  async function myChildren(user: SessionUser, requestId: string) {
    const children = await q.childrenOfParent(db, user.id);
    if (children.length > 0)
      await auditRead(
        db,
        { user, requestId },
        'read.children',
        { scope: { type: 'school' }, studentIds: children.map((c) => c.id) },
        { access: 'parent' },
      );
    return children;
  }

  /** Offices see every class; a homeroom teacher sees their own classes. */
  async function listClasses(user: SessionUser) {
    const rows = await q.listClasses(db, schoolOf(user).id);
    const office = ['academicAdmin', 'studentAffairs', 'accountAdmin', 'counselor'].some((r) =>
      user.roles.includes(r as never),
    );
    return rows
      .filter((c) => office || c.homeroomUserId === user.id)
      .map(({ homeroomUserId: _h, ...c }) => c);
  }

  async function roster(user: SessionUser, classId: string, requestId: string) {
    const school = schoolOf(user);
    const cls = await q.findClass(db, school.id, classId);
    if (!cls) throw new AppError('NOT_FOUND');
    const office = user.roles.includes('academicAdmin') || user.roles.includes('studentAffairs');
    if (!office && cls.homeroomUserId !== user.id) throw new AppError('FORBIDDEN');
    const students = await q.classRoster(db, classId);
    await auditRead(
      db,
      { user, requestId },
      'read.class_roster',
      { scope: { type: 'class', id: classId }, studentIds: students.map((s) => s.id) },
      { access: office ? 'office' : 'homeroom' },
    );
    const { homeroomUserId: _h, ...klass } = cls;
    return { class: klass, students };
  }

  async function listCourses(
    user: SessionUser,
    f: { termId?: string; q?: string; page: number; pageSize: number },
  ) {
    await assertOwnSchool(db, user, { term: f.termId });
    const { rows, total } = await q.listCourses(db, schoolOf(user).id, {
      termId: f.termId,
      q: f.q,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return {
      total,
      items: rows.map((r) => {
        const parsed = parseCourseCode(r.code);
        return {
          ...r,
          category: parsed.ok ? (COURSE_CATEGORIES[parsed.parts.category] ?? '') : '',
          attribute: parsed.ok
            ? (SUBJECT_ATTRIBUTES[parsed.parts.subjectAttribute] ?? parsed.parts.subjectAttribute)
            : '',
        };
      }),
    };
  }

  const listTerms = (user: SessionUser) => q.listTerms(db, schoolOf(user).id);

  return { listStudents, studentRecord, myRecord, myChildren, listClasses, roster, listCourses, listTerms };
}

export type MasterdataService = ReturnType<typeof createMasterdataService>;
