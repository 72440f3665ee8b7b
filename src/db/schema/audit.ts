import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { schools } from './tenancy.js';

/**
 * Append-only audit log: sign-ins, failures, role changes, staff access to portfolios.
 * A trigger (migration 0001) refuses UPDATE and DELETE. `details` never holds national IDs or birth dates.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    schoolId: uuid('school_id').references(() => schools.id),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    /** e.g. `auth.login`, `auth.login_failed`, `auth.locked`, `user.role_granted`, `portfolio.viewed`. */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /**
     * The students whose data a read showed (one row per request: a roster or a queue names all of its
     * students here), so "who saw this student's data" is one indexed query. Null for non-reads.
     */
    studentIds: uuid('student_ids').array(),
  },
  (t) => [
    index('audit_log_school_at_idx').on(t.schoolId, t.at),
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
    index('audit_log_student_ids_idx').using('gin', t.studentIds),
  ],
);
