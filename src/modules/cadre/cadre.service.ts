/**
 * 學務處 enters or corrects one 校內幹部 record of a student by form (SPEC.md §4.3), beside the import:
 * the same rules as the cadre import (單位名稱 ≤ 60, 擔任職務 ≤ 30, end not before start, 幹部等級 from the
 * school's code table, one record per student, term, unit and position), every change audited with the
 * values before and after.
 */
import type { Db } from '../../db/client.js';
import { enabledCodes, isValidCode } from '../../domain/code-tables.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { codeTables } from '../codes/codes.repo.js';
import { authoriseStudentRead, schoolOf } from '../policy/policy.js';
import * as repo from './cadre.repo.js';

export type CadreService = ReturnType<typeof createCadreService>;

export interface CadreInput {
  academicYear: number;
  semester: number;
  unit: string;
  startsOn: string;
  endsOn?: string | null;
  position: string;
  level: number;
}

const LIMITS = { unit: 60, position: 30 } as const;
const LABELS = { unit: ['單位名稱', 'Organisation'], position: ['擔任職務', 'Position'] } as const;

const present = (r: NonNullable<Awaited<ReturnType<typeof repo.findCadre>>>) => ({
  id: r.id,
  studentId: r.studentId,
  academicYear: r.academicYear,
  semester: r.semester,
  unit: r.unit,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  position: r.position,
  level: r.level,
});

export function createCadreService(deps: { db: Db }) {
  const { db } = deps;

  /** The import's rules for one record; returns the values to store. */
  async function check(schoolId: string, input: CadreInput): Promise<repo.CadreValues> {
    const unit = input.unit.trim();
    const position = input.position.trim();
    for (const [key, value] of [
      ['unit', unit],
      ['position', position],
    ] as const) {
      if ([...value].length > LIMITS[key])
        throw new AppError('CADRE_TEXT_TOO_LONG', {
          field: LABELS[key][0],
          fieldEn: LABELS[key][1],
          max: LIMITS[key],
        });
    }
    const endsOn = input.endsOn || null;
    if (endsOn && endsOn < input.startsOn) throw new AppError('CADRE_DATE_ORDER');
    const tables = await codeTables(db, schoolId);
    if (!isValidCode(tables, 'cadreLevel', String(input.level)))
      throw new AppError('CADRE_LEVEL_UNKNOWN', { codes: enabledCodes(tables, 'cadreLevel').join('/') });
    return {
      academicYear: input.academicYear,
      semester: input.semester,
      unit,
      startsOn: input.startsOn,
      endsOn,
      position,
      level: input.level,
    };
  }

  /** A student's school cadre records with their ids (the student checked against the school, audited). */
  async function list(user: SessionUser, studentId: string, requestId: string) {
    const { student } = await authoriseStudentRead(db, user, studentId, requestId, {
      action: 'read.student_cadre',
    });
    const rows = await repo.cadreOfStudent(db, schoolOf(user).id, student.id);
    return {
      student: {
        id: student.id,
        name: student.name,
        studentNo: student.studentNo,
        className: student.className,
      },
      records: rows.map(present),
    };
  }

  async function create(user: SessionUser, studentId: string, input: CadreInput, requestId: string) {
    const school = schoolOf(user);
    const { student } = await authoriseStudentRead(db, user, studentId, requestId, {
      action: 'read.student_cadre',
    });
    const values = await check(school.id, input);
    return db.transaction(async (tx) => {
      const row = await repo.insertCadre(tx, { ...values, schoolId: school.id, studentId: student.id });
      if (!row) throw new AppError('CADRE_EXISTS');
      await insertAudit(tx, {
        action: 'cadre.created',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'student',
        targetId: student.id,
        requestId,
        details: { cadreId: row.id, after: values },
      });
      return present(row);
    });
  }

  async function update(user: SessionUser, id: string, input: CadreInput, requestId: string) {
    const school = schoolOf(user);
    const values = await check(school.id, input);
    return db.transaction(async (tx) => {
      const before = await repo.findCadre(tx, school.id, id);
      if (!before) throw new AppError('NOT_FOUND');
      if (await repo.cadreKeyTaken(tx, before.studentId, values, id)) throw new AppError('CADRE_EXISTS');
      const row = await repo.updateCadre(tx, id, values);
      if (!row) throw new AppError('NOT_FOUND');
      await insertAudit(tx, {
        action: 'cadre.edited',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'student',
        targetId: before.studentId,
        requestId,
        details: { cadreId: id, before: present(before), after: values },
      });
      return present(row);
    });
  }

  async function remove(user: SessionUser, id: string, requestId: string) {
    const school = schoolOf(user);
    await db.transaction(async (tx) => {
      const before = await repo.findCadre(tx, school.id, id);
      if (!before) throw new AppError('NOT_FOUND');
      await repo.deleteCadre(tx, id);
      await insertAudit(tx, {
        action: 'cadre.deleted',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'student',
        targetId: before.studentId,
        requestId,
        details: { cadreId: id, before: present(before) },
      });
    });
    return { id };
  }

  return { list, create, update, remove };
}
