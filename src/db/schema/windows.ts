import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { WINDOW_KINDS } from '../../domain/windows.js';
import { users } from './accounts.js';
import { students } from './school-data.js';
import { schools, terms } from './tenancy.js';

/**
 * Every window (期間) of a school: upload, certification, performance, selection, receipt confirmation,
 * dispute handling (src/domain/windows.ts). Scoped to a term (term kinds) or an academic year (year kinds;
 * term windows carry their term's year too), optionally to one grade (grade 12 may close earlier); opens
 * and closes in server time. One window per school × kind × term × year × grade.
 */
export const windows = pgTable(
  'windows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind', { enum: WINDOW_KINDS }).notNull(),
    termId: uuid('term_id').references(() => terms.id),
    academicYear: smallint('academic_year').notNull(),
    /** Null: every grade; 10–12: only that grade (its window replaces the school's for its students). */
    grade: smallint('grade'),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** 休業式, for the 2-week warning of upload windows. */
    closingCeremony: date('closing_ceremony'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('windows_scope').on(t.schoolId, t.kind, t.termId, t.academicYear, t.grade).nullsNotDistinct(),
    check('windows_range', sql`${t.closesAt} > ${t.opensAt}`),
    check('windows_term_scope', sql`(${t.kind} in ('upload', 'certification')) = (${t.termId} is not null)`),
    check('windows_grade', sql`${t.grade} is null or ${t.grade} between 1 and 12`),
    index('windows_school_year_idx').on(t.schoolId, t.academicYear),
  ],
);

/** Extensions of a window for the whole school (student null) or one named student (e.g. illness). */
export const windowExtensionGrants = pgTable(
  'window_extension_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    windowId: uuid('window_id')
      .notNull()
      .references(() => windows.id),
    studentId: uuid('student_id').references(() => students.id),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('window_extension_grants_window_idx').on(t.windowId, t.studentId)],
);
