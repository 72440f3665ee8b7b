import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { schools } from './tenancy.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * An uploaded import file and what became of it: previewed (dry run) and then committed in one
 * transaction. The file is kept so the commit applies exactly what was previewed.
 */
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind').notNull(),
    filename: text('filename').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    /** Encoding override for CSV (utf-8 | big5); null = detect. */
    encoding: text('encoding'),
    /** Import options (e.g. the term when the file has none). */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    file: bytea('file').notNull(),
    status: text('status', { enum: ['previewed', 'committed'] })
      .notNull()
      .default('previewed'),
    /** Report of the last run: counts and problems. */
    report: jsonb('report').$type<Record<string, unknown>>(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('import_batches_school_idx').on(t.schoolId, t.createdAt)],
);
