import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { classes } from './school-data.js';
import { schools } from './tenancy.js';

/**
 * The personal ICS feed of a user (SPEC.md §7): one secret token per user, stored only as its SHA-256
 * (the URL is shown once). Rotating replaces the row; revoking deletes it, after which the old URL is a 404.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When the feed was last fetched (a calendar app polling it), for the page. */
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

export const ANNOUNCEMENT_OFFICES = ['academicAdmin', 'studentAffairs', 'counselor'] as const;
export const ANNOUNCEMENT_AUDIENCES = ['all', 'grade', 'class', 'teachers', 'parents'] as const;

/**
 * Announcements (公告) of an office to an audience of its school: everyone, a grade (its students, their
 * parents and homeroom teachers), a class (likewise), the teachers or the parents. An optional date puts
 * it on the calendar and in the ICS feed. Deleting keeps the row (deleted_at) for the audit trail.
 */
export const announcements = pgTable(
  'announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    office: text('office', { enum: ANNOUNCEMENT_OFFICES }).notNull(),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    audience: text('audience', { enum: ANNOUNCEMENT_AUDIENCES }).notNull(),
    grade: smallint('grade'),
    classId: uuid('class_id').references(() => classes.id),
    /** The day the announcement is about (calendar, ICS), Taipei date; null: no date. */
    onDate: date('on_date'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    check('announcements_grade', sql`(${t.audience} = 'grade') = (${t.grade} is not null)`),
    check('announcements_class', sql`(${t.audience} = 'class') = (${t.classId} is not null)`),
    index('announcements_school_idx').on(t.schoolId, t.createdAt),
  ],
);
