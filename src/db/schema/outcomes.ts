import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { files } from './files.js';
import { courses, staff, students } from './school-data.js';
import { schools, terms } from './tenancy.js';

/** 課程學習成果: one piece of coursework of one student in one enrolled course. */
export const outcomes = pgTable(
  'outcomes',
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
    termId: uuid('term_id')
      .notNull()
      .references(() => terms.id),
    title: text('title').notNull(),
    /** 簡述, at most 100 characters (checked in code by code points; the constraint is a backstop). */
    summary: text('summary').notNull(),
    documentFileId: uuid('document_file_id')
      .notNull()
      .references(() => files.id),
    mediaFileId: uuid('media_file_id').references(() => files.id),
    status: text('status', { enum: ['pending', 'passed', 'failed', 'withdrawn'] })
      .notNull()
      .default('pending'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outcomes_student_term_idx').on(t.studentId, t.termId),
    index('outcomes_course_status_idx').on(t.courseId, t.status, t.createdAt),
    check('outcomes_summary_length', sql`char_length(${t.summary}) <= 100`),
  ],
);

/**
 * The time-stamped history of every outcome (uploaded, edited, resubmitted, withdrawn, passed, failed,
 * selected and unselected for the yearly 勾選):
 * append-only — a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const outcomeEvents = pgTable(
  'outcome_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => outcomes.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action', {
      enum: ['uploaded', 'edited', 'resubmitted', 'withdrawn', 'passed', 'failed', 'selected', 'unselected'],
    }).notNull(),
    actorUserId: uuid('actor_user_id')
      .notNull()
      .references(() => users.id),
    /** For a substitute's decision: the teacher they certify for. */
    onBehalfOfUserId: uuid('on_behalf_of_user_id').references(() => users.id),
    reason: text('reason'),
    /** What the outcome was at this point: title, summary, file digests. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('outcome_events_outcome_idx').on(t.outcomeId, t.at)],
);

/**
 * 代理人: a substitute certifier for a course, or for all courses of a teacher, for a date range.
 * Ending early shortens ends_on; removing deletes the row (both audited with the row's values).
 */
export const substitutes = pgTable(
  'substitutes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    courseId: uuid('course_id').references(() => courses.id),
    absentStaffId: uuid('absent_staff_id').references(() => staff.id),
    substituteStaffId: uuid('substitute_staff_id')
      .notNull()
      .references(() => staff.id),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('substitutes_target', sql`${t.courseId} is not null or ${t.absentStaffId} is not null`),
    check('substitutes_range', sql`${t.endsOn} >= ${t.startsOn}`),
    // The same assignment cannot be entered twice (overlapping dates are refused by the service).
    unique('substitutes_same_assignment')
      .on(t.schoolId, t.substituteStaffId, t.courseId, t.absentStaffId, t.startsOn, t.endsOn)
      .nullsNotDistinct(),
  ],
);

/**
 * An unsent outcome (student work in progress): the add form's draft (outcome null) or a revision of an
 * outcome not yet resubmitted. Kept on the server so leaving the page never loses the work; deleted when
 * the outcome is submitted or the student discards it. One per student and outcome (null: the new one).
 */
export const outcomeDrafts = pgTable(
  'outcome_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    outcomeId: uuid('outcome_id').references(() => outcomes.id),
    courseId: uuid('course_id').references(() => courses.id),
    title: text('title').notNull().default(''),
    summary: text('summary').notNull().default(''),
    documentFileId: uuid('document_file_id').references(() => files.id),
    mediaFileId: uuid('media_file_id').references(() => files.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('outcome_drafts_student_outcome').on(t.studentId, t.outcomeId).nullsNotDistinct()],
);
