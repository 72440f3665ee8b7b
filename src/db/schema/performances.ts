import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { PERFORMANCE_CATEGORIES } from '../../domain/performances.js';
import { files } from './files.js';
import { students } from './school-data.js';
import { schools } from './tenancy.js';

/**
 * 多元表現 recorded by a student: one category's fields (checked against src/domain/performances.ts),
 * 簡述, the event's dates, optional proof, media and external link. It belongs to the academic year in
 * which it was entered (selectable then), whatever year the event was. Deleting keeps the row (deleted_at).
 */
export const performances = pgTable(
  'performances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    academicYear: smallint('academic_year').notNull(),
    category: text('category', { enum: PERFORMANCE_CATEGORIES }).notNull(),
    fields: jsonb('fields').$type<Record<string, string | number>>().notNull(),
    summary: text('summary').notNull(),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    proofFileId: uuid('proof_file_id').references(() => files.id),
    mediaFileId: uuid('media_file_id').references(() => files.id),
    externalUrl: text('external_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('performances_student_idx').on(t.studentId, t.academicYear),
    index('performances_school_year_idx').on(t.schoolId, t.academicYear),
    check('performances_summary_length', sql`char_length(${t.summary}) <= 100`),
    check(
      'performances_range',
      sql`${t.endsOn} is null or ${t.startsOn} is null or ${t.endsOn} >= ${t.startsOn}`,
    ),
    check('performances_link', sql`${t.externalUrl} is null or ${t.externalUrl} ~ '^https?://'`),
  ],
);
