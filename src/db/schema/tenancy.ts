import { sql } from 'drizzle-orm';
import { check, date, pgTable, smallint, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';

/** A school (tenant). Every school-owned table carries `school_id` referencing this. */
export const schools = pgTable(
  'schools',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 學校代碼: 6-character MOE statistics code. */
    code: varchar('code', { length: 6 }).notNull().unique(),
    name: text('name').notNull(),
    /** Academic-year start as MM-DD (default 08-01); see domain/calendar SemesterBoundaries. */
    yearStart: varchar('year_start', { length: 5 }).notNull().default('08-01'),
    /** Semester-2 start as MM-DD (default 02-01). */
    semester2Start: varchar('semester2_start', { length: 5 }).notNull().default('02-01'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('schools_code_format', sql`${t.code} ~ '^[0-9A-Za-z]{6}$'`)],
);

/** A semester of a school's calendar (學年度 + 學期) with its date range. */
export const terms = pgTable(
  'terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    academicYear: smallint('academic_year').notNull(),
    semester: smallint('semester').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
  },
  (t) => [
    unique('terms_school_year_semester').on(t.schoolId, t.academicYear, t.semester),
    check('terms_semester_1_or_2', sql`${t.semester} in (1, 2)`),
    check('terms_range', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);
