import { sql } from 'drizzle-orm';
import { check, index, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { outcomes } from './outcomes.js';
import { performances } from './performances.js';
import { students } from './school-data.js';
import { schools } from './tenancy.js';

/**
 * 勾選: the items a student picks each academic year for the central repository (SPEC §5).
 * One row per selected item; unselecting deletes the row (the item's history keeps both events).
 * Caps (≤ 6 outcomes, ≤ 10 performances by default) are counted under a per-student lock.
 */
export const selections = pgTable(
  'selections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    /** The academic year (學年度) the selection belongs to. */
    academicYear: smallint('academic_year').notNull(),
    kind: text('kind', { enum: ['outcome', 'performance'] }).notNull(),
    outcomeId: uuid('outcome_id').references(() => outcomes.id),
    performanceId: uuid('performance_id').references(() => performances.id),
    selectedBy: uuid('selected_by').references(() => users.id),
    selectedAt: timestamp('selected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('selections_outcome').on(t.studentId, t.outcomeId),
    unique('selections_performance').on(t.studentId, t.performanceId),
    index('selections_school_year_idx').on(t.schoolId, t.academicYear),
    index('selections_student_year_idx').on(t.studentId, t.academicYear),
    check(
      'selections_one_item',
      sql`(${t.kind} = 'outcome' and ${t.outcomeId} is not null and ${t.performanceId} is null)
        or (${t.kind} = 'performance' and ${t.performanceId} is not null and ${t.outcomeId} is null)`,
    ),
  ],
);
