/**
 * SQL of the school-entered records added for the rosters: 缺勤紀錄 (名冊別 3) and 重修重讀成績
 * (名冊別 6) — the imports' idempotent writes and a student's list for the record view.
 */
import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { absenceRecords, retakeGrades } from '../../db/schema/index.js';
import { upsertCounting } from '../../db/upsert.js';

export const upsertAbsences = (db: DbOrTx, rows: (typeof absenceRecords.$inferInsert)[]) =>
  upsertCounting(db, absenceRecords, rows, {
    target: [
      absenceRecords.studentId,
      absenceRecords.academicYear,
      absenceRecords.semester,
      absenceRecords.kindCode,
      absenceRecords.startsOn,
    ],
    update: [absenceRecords.endsOn, absenceRecords.periods],
  });

export const upsertRetakeGrades = (db: DbOrTx, rows: (typeof retakeGrades.$inferInsert)[]) =>
  upsertCounting(db, retakeGrades, rows, {
    target: [
      retakeGrades.studentId,
      retakeGrades.academicYear,
      retakeGrades.semester,
      retakeGrades.mode,
      retakeGrades.courseYear,
      retakeGrades.courseSemester,
      retakeGrades.courseCode,
    ],
    update: [
      retakeGrades.courseGrade,
      retakeGrades.credits,
      retakeGrades.method,
      retakeGrades.score,
      retakeGrades.passed,
      retakeGrades.makeupScore,
      retakeGrades.makeupPassed,
      retakeGrades.creditCounted,
      retakeGrades.qualitative,
    ],
  });

export const absencesOf = (db: DbOrTx, studentId: string) =>
  db
    .select()
    .from(absenceRecords)
    .where(eq(absenceRecords.studentId, studentId))
    .orderBy(desc(absenceRecords.academicYear), desc(absenceRecords.semester), asc(absenceRecords.startsOn));

export const retakeGradesOf = (db: DbOrTx, studentId: string) =>
  db
    .select()
    .from(retakeGrades)
    .where(eq(retakeGrades.studentId, studentId))
    .orderBy(
      desc(retakeGrades.academicYear),
      desc(retakeGrades.semester),
      asc(retakeGrades.mode),
      asc(retakeGrades.courseCode),
    );
