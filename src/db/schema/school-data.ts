import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { schools, terms } from './tenancy.js';

/** 班級 of one academic year. */
export const classes = pgTable(
  'classes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    academicYear: smallint('academic_year').notNull(),
    grade: smallint('grade').notNull(),
    /** 科別 / 群科, e.g. 機械科. */
    department: text('department').notNull(),
    /** Display name, e.g. 機械一甲. */
    name: text('name').notNull(),
    homeroomUserId: uuid('homeroom_user_id').references(() => users.id),
  },
  (t) => [
    unique('classes_school_year_name').on(t.schoolId, t.academicYear, t.name),
    check('classes_grade', sql`${t.grade} between 10 and 12`),
  ],
);

export const STUDENT_STATUSES = ['在學', '休學', '轉出', '轉入', '畢業'] as const;

/** A student's school record (學籍). The sign-in account, when provisioned, is `user_id`. */
export const students = pgTable(
  'students',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    userId: uuid('user_id')
      .unique()
      .references(() => users.id),
    studentNo: varchar('student_no', { length: 20 }).notNull(),
    /** 身分證號 / 居留證號; personal data: never logged, shown masked. */
    nationalId: varchar('national_id', { length: 10 }).notNull(),
    name: text('name').notNull(),
    birthDate: date('birth_date').notNull(),
    gender: varchar('gender', { length: 1 }).notNull(),
    /** 入學學年度 (ROC). */
    entryYear: smallint('entry_year').notNull(),
    classId: uuid('class_id').references(() => classes.id),
    seatNo: smallint('seat_no'),
    status: text('status', { enum: STUDENT_STATUSES }).notNull().default('在學'),
  },
  (t) => [
    unique('students_school_student_no').on(t.schoolId, t.studentNo),
    unique('students_school_national_id').on(t.schoolId, t.nationalId),
    index('students_class_idx').on(t.classId),
    check('students_gender', sql`${t.gender} in ('M', 'F', 'X')`),
  ],
);

/** A course offered in one term (開設課程), identified by its 23-character course code. */
export const courses = pgTable(
  'courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    termId: uuid('term_id')
      .notNull()
      .references(() => terms.id),
    code: varchar('code', { length: 23 }).notNull(),
    name: text('name').notNull(),
    credits: smallint('credits').notNull(),
    grade: smallint('grade').notNull(),
  },
  (t) => [
    unique('courses_term_code').on(t.termId, t.code),
    index('courses_school_idx').on(t.schoolId),
    check('courses_code_length', sql`char_length(${t.code}) = 23`),
  ],
);

/** The teacher(s) of a course: they certify its outcomes. */
export const courseTeachers = pgTable(
  'course_teachers',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.userId] }), index('course_teachers_user_idx').on(t.userId)],
);

/** 修課: a student enrolled in a course. */
export const enrollments = pgTable(
  'enrollments',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.studentId] }),
    index('enrollments_student_idx').on(t.studentId),
  ],
);

/** Parent (家長) account ⇄ student link: read-only access to the child's portfolio. */
export const parentLinks = pgTable(
  'parent_links',
  {
    parentUserId: uuid('parent_user_id')
      .notNull()
      .references(() => users.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    relation: text('relation').notNull().default('家長'),
  },
  (t) => [
    primaryKey({ columns: [t.parentUserId, t.studentId] }),
    index('parent_links_student_idx').on(t.studentId),
  ],
);
