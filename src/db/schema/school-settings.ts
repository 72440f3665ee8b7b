import { sql } from 'drizzle-orm';
import { check, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { schools } from './tenancy.js';

/**
 * A school's settings (教務處, audited): the limits SPEC.md marks *configurable* and how the yearly
 * selection window is set. No row means the defaults of src/domain/school-settings.ts.
 */
export const schoolSettings = pgTable(
  'school_settings',
  {
    schoolId: uuid('school_id')
      .primaryKey()
      .references(() => schools.id),
    /** 勾選: at most this many certified course outcomes per academic year (SPEC §5: 6). */
    selectionOutcomesMax: smallint('selection_outcomes_max').notNull().default(6),
    /** 勾選: at most this many performances per academic year (SPEC §5: 10). */
    selectionPerformancesMax: smallint('selection_performances_max').notNull().default(10),
    /** Course outcomes a student may submit per semester (SPEC §4.1: 20). */
    outcomesPerSemester: smallint('outcomes_per_semester').notNull().default(20),
    /** Course outcomes a student may submit per course (SPEC §4.1: 5). */
    outcomesPerCourse: smallint('outcomes_per_course').notNull().default(5),
    /** One selection window for both kinds, or one per office (教務處 outcomes, 學務處 performances). */
    selectionWindowMode: text('selection_window_mode', { enum: ['shared', 'perOffice'] })
      .notNull()
      .default('shared'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'school_settings_positive',
      sql`${t.selectionOutcomesMax} > 0 and ${t.selectionPerformancesMax} > 0
        and ${t.outcomesPerSemester} > 0 and ${t.outcomesPerCourse} > 0`,
    ),
    check('school_settings_mode', sql`${t.selectionWindowMode} in ('shared', 'perOffice')`),
  ],
);
