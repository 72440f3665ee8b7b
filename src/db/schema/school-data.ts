import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { STUDENT_STATUSES } from '../../domain/codes.js';
import { users } from './accounts.js';
import { schools, terms } from './tenancy.js';

/** 教職員 (Vstaff): the school's staff record; `user_id` once an account is provisioned. */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    /** 員工編號: the school's own staff number (natural key). */
    staffNo: varchar('staff_no', { length: 20 }).notNull(),
    name: text('name').notNull(),
    /** 所屬科別/領域. */
    department: text('department'),
    /** 職稱. */
    title: text('title'),
    email: text('email'),
    userId: uuid('user_id')
      .unique()
      .references(() => users.id),
  },
  (t) => [unique('staff_school_staff_no').on(t.schoolId, t.staffNo)],
);

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
    homeroomStaffId: uuid('homeroom_staff_id').references(() => staff.id),
  },
  (t) => [
    unique('classes_school_year_name').on(t.schoolId, t.academicYear, t.name),
    check('classes_grade', sql`${t.grade} between 10 and 12`),
  ],
);

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
    /** Date the current status took effect (e.g. the day of 轉出). */
    statusSince: date('status_since'),
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

/** The teacher(s) of a course (Vcourse_teaching): they certify its outcomes. */
export const courseTeachers = pgTable(
  'course_teachers',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.staffId] }), index('course_teachers_staff_idx').on(t.staffId)],
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

/**
 * A student's parent or guardian (家長). `user_id` is the parent's sign-in account once provisioned
 * or linked by hand; one account may be linked to several children.
 */
export const guardians = pgTable(
  'guardians',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    name: text('name').notNull(),
    /** 關係, e.g. 父, 母, 監護人. */
    relation: text('relation').notNull().default('家長'),
    userId: uuid('user_id').references(() => users.id),
  },
  (t) => [unique('guardians_student_name').on(t.studentId, t.name), index('guardians_user_idx').on(t.userId)],
);

/** 學期成績 of one student in one course (columns of the 成績名冊 template). */
export const grades = pgTable(
  'grades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    /** 原始成績 (0–100, two decimals). */
    rawScore: numeric('raw_score', { precision: 5, scale: 2 }),
    /** 成績及格. */
    passed: boolean('passed'),
    /** 補考成績. */
    makeupScore: numeric('makeup_score', { precision: 5, scale: 2 }),
    /** 補考及格. */
    makeupPassed: boolean('makeup_passed'),
    /** 是否採計學分. */
    creditCounted: boolean('credit_counted').notNull().default(true),
    /** 質性描述. */
    qualitative: text('qualitative'),
  },
  (t) => [
    unique('grades_student_course').on(t.studentId, t.courseId),
    index('grades_course_idx').on(t.courseId),
  ],
);

/** 校內幹部經歷: cadre roles entered or imported by 學務處; read-only for the student. */
export const cadreRecords = pgTable(
  'cadre_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    academicYear: smallint('academic_year').notNull(),
    semester: smallint('semester').notNull(),
    /** 單位名稱. */
    unit: text('unit').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    /** 擔任職務. */
    position: text('position').notNull(),
    /** 幹部等級: 1 校級, 2 班級, 3 社團, 4 實習, 5 其他, or a school's own (code table cadreLevel). */
    level: smallint('level').notNull(),
  },
  (t) => [
    unique('cadre_records_natural').on(t.studentId, t.academicYear, t.semester, t.unit, t.position),
    check('cadre_records_level', sql`${t.level} between 1 and 99`),
    check('cadre_records_range', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);
