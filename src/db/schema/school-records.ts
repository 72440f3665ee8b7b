import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { CODE_DOMAINS } from '../../domain/code-tables.js';
import { users } from './accounts.js';
import { students } from './school-data.js';
import { schools } from './tenancy.js';

/** 缺勤紀錄 (名冊別 3): one absence of a student, columns of the 缺勤紀錄名冊 template. */
export const absenceRecords = pgTable(
  'absence_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    /** The roster's term (封面 學年度/學期, or the file's columns). */
    academicYear: smallint('academic_year').notNull(),
    semester: smallint('semester').notNull(),
    /** 缺勤種類代碼 (code table absenceKind). */
    kindCode: varchar('kind_code', { length: 4 }).notNull(),
    /** 缺勤起始日期 / 缺勤結束日期. */
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** 缺勤節數. */
    periods: smallint('periods').notNull(),
  },
  (t) => [
    unique('absence_records_natural').on(t.studentId, t.academicYear, t.semester, t.kindCode, t.startsOn),
    index('absence_records_school_term_idx').on(t.schoolId, t.academicYear, t.semester),
    check('absence_records_range', sql`${t.endsOn} >= ${t.startsOn}`),
    check('absence_records_periods', sql`${t.periods} >= 0`),
  ],
);

/**
 * 重修重讀成績 (名冊別 6): `mode` retake = sheet 重修成績 (a failed course taken again), reread = sheet
 * 重讀成績 (a repeated year). The course is named by its code and original term, as in the roster: it
 * may predate the platform or another school.
 */
export const retakeGrades = pgTable(
  'retake_grades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    /** The roster's term (封面): when the retake / re-read grade was given. */
    academicYear: smallint('academic_year').notNull(),
    semester: smallint('semester').notNull(),
    mode: text('mode', { enum: ['retake', 'reread'] }).notNull(),
    /** 原修課學年度/學期 (retake) or 修課學年度/學期 (reread). */
    courseYear: smallint('course_year').notNull(),
    courseSemester: smallint('course_semester').notNull(),
    /** 原修課科目代碼 / 科目代碼. */
    courseCode: varchar('course_code', { length: 23 }).notNull(),
    /** 開課年級 (10–12). */
    courseGrade: smallint('course_grade').notNull(),
    /** 科目學分. */
    credits: smallint('credits').notNull(),
    /** 重修方式 (retake only; domain/code-tables.ts RETAKE_METHODS). */
    method: smallint('method'),
    /** 重修成績 (retake) or 原始成績 (reread). */
    score: numeric('score', { precision: 5, scale: 2 }),
    /** 重修及格 / 成績及格. */
    passed: boolean('passed'),
    /** 補考成績 / 補考及格 (reread only). */
    makeupScore: numeric('makeup_score', { precision: 5, scale: 2 }),
    makeupPassed: boolean('makeup_passed'),
    /** 是否採計學分 (reread only). */
    creditCounted: boolean('credit_counted'),
    /** 質性描述. */
    qualitative: text('qualitative'),
  },
  (t) => [
    unique('retake_grades_natural').on(
      t.studentId,
      t.academicYear,
      t.semester,
      t.mode,
      t.courseYear,
      t.courseSemester,
      t.courseCode,
    ),
    index('retake_grades_school_term_idx').on(t.schoolId, t.academicYear, t.semester),
  ],
);

/** A school's own entries of a code table (domain/code-tables.ts); disabled, never deleted. */
export const schoolCodes = pgTable(
  'school_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    domain: text('domain', { enum: CODE_DOMAINS }).notNull(),
    code: varchar('code', { length: 20 }).notNull(),
    label: text('label').notNull(),
    labelEn: text('label_en'),
    /** 證照: 註1 group (1 語文, 2 技術士, 3 其他). */
    groupCode: varchar('group_code', { length: 4 }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('school_codes_natural').on(t.schoolId, t.domain, t.code)],
);
