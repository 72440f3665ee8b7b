import { sql } from 'drizzle-orm';
import {
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { classes, students } from './school-data.js';
import { blobs } from './storage.js';
import { schools } from './tenancy.js';

/** 課程諮詢紀錄 (individual or group); kept at school only, never submitted (SPEC.md §4.3). */
export const counsellingRecords = pgTable(
  'counselling_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind', { enum: ['individual', 'group'] }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    title: text('title').notNull(),
    place: text('place').notNull(),
    /** 內容簡述, at most 100 characters. */
    summary: text('summary').notNull(),
    counselorUserId: uuid('counselor_user_id')
      .notNull()
      .references(() => users.id),
    attachmentSha256: varchar('attachment_sha256', { length: 64 }).references(() => blobs.sha256),
    attachmentName: text('attachment_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('counselling_records_school_idx').on(t.schoolId, t.startsAt),
    check('counselling_records_range', sql`${t.endsAt} > ${t.startsAt}`),
    check('counselling_records_summary_length', sql`char_length(${t.summary}) <= 100`),
  ],
);

/** Students of a counselling session (one for individual, several for group sessions). */
export const counsellingParticipants = pgTable(
  'counselling_participants',
  {
    recordId: uuid('record_id')
      .notNull()
      .references(() => counsellingRecords.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
  },
  (t) => [
    primaryKey({ columns: [t.recordId, t.studentId] }),
    index('counselling_participants_student_idx').on(t.studentId),
  ],
);

/**
 * Which counsellor serves which class or student, set by 教務處 or 輔導室 (never by the counsellor for
 * themselves). Portfolio reads, recording sessions and reading records follow these rows; a class
 * assignment covers the students currently in that class.
 */
export const counsellorAssignments = pgTable(
  'counsellor_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    counselorUserId: uuid('counselor_user_id')
      .notNull()
      .references(() => users.id),
    classId: uuid('class_id').references(() => classes.id),
    studentId: uuid('student_id').references(() => students.id),
    assignedBy: uuid('assigned_by')
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('counsellor_assignments_one_target', sql`(${t.classId} is null) <> (${t.studentId} is null)`),
    uniqueIndex('counsellor_assignments_class_uq').on(t.counselorUserId, t.classId),
    uniqueIndex('counsellor_assignments_student_uq').on(t.counselorUserId, t.studentId),
    index('counsellor_assignments_school_idx').on(t.schoolId),
    index('counsellor_assignments_class_idx').on(t.classId),
    index('counsellor_assignments_student_idx').on(t.studentId),
  ],
);
