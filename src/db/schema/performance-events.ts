import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { performances } from './performances.js';

/**
 * The time-stamped history of every performance (created, edited, deleted, selected, unselected), like
 * outcome_events: append-only — a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const performanceEvents = pgTable(
  'performance_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    performanceId: uuid('performance_id')
      .notNull()
      .references(() => performances.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action', {
      enum: ['created', 'edited', 'deleted', 'selected', 'unselected'],
    }).notNull(),
    actorUserId: uuid('actor_user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason'),
    /** What the record was at this point (category, fields, 簡述, dates, file ids) or the selection's year. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('performance_events_performance_idx').on(t.performanceId, t.at)],
);
