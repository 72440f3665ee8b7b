import { bigint, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Content-addressed blobs. A row exists only after the bytes are durable in the blob store
 * (DESIGN.md §5); identical content is stored once.
 */
export const blobs = pgTable('blobs', {
  sha256: varchar('sha256', { length: 64 }).primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** Detected from the content (magic bytes), never from the client. */
  mime: text('mime').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
