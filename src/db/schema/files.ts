import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { UPLOAD_PURPOSE_NAMES } from '../../domain/upload-purposes.js';
import { users } from './accounts.js';
import { blobs } from './storage.js';
import { schools } from './tenancy.js';

/**
 * An accepted upload: who sent it, for what purpose, and the durable blob it is. Inserted only after
 * the blob is durable and its digest recorded; never updated to point at other bytes.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id').references(() => schools.id),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: UPLOAD_PURPOSE_NAMES }).notNull(),
    sha256: varchar('sha256', { length: 64 })
      .notNull()
      .references(() => blobs.sha256),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Detected from the bytes. */
    mime: text('mime').notNull(),
    /** The name the user gave (checked: no paths, controls or bidi overrides), for downloads. */
    originalName: text('original_name').notNull(),
    width: integer('width'),
    height: integer('height'),
    durationSeconds: numeric('duration_seconds', { precision: 10, scale: 2 }),
    /** e.g. { pdfJavaScript: true } — flagged, not refused. */
    flags: jsonb('flags').$type<Record<string, boolean>>().notNull().default({}),
    /** Served derivative of images: re-encoded without EXIF/GPS (the original is kept for provenance). */
    safeSha256: varchar('safe_sha256', { length: 64 }).references(() => blobs.sha256),
    thumbSha256: varchar('thumb_sha256', { length: 64 }).references(() => blobs.sha256),
    /** How it came in: tus (resumable) or plain (single request). */
    via: text('via', { enum: ['tus', 'plain'] }).notNull(),
    /**
     * The tus upload it finished: a client whose last response was lost asks for that upload again and
     * learns that it is finished, and which file it became, instead of sending it again as a new one.
     */
    tusUploadId: text('tus_upload_id'),
    /** When the upload began (tus creation, or the request): decides the grace period after a window closes. */
    uploadStartedAt: timestamp('upload_started_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('files_owner_idx').on(t.ownerUserId, t.createdAt),
    index('files_sha256_idx').on(t.sha256),
    uniqueIndex('files_tus_upload_idx').on(t.tusUploadId).where(sql`${t.tusUploadId} is not null`),
  ],
);

/**
 * What each user's accepted uploads add up to (quotas): kept with every accepted file in the same
 * statement, so the check is one conditional row update instead of a sum under a lock.
 */
export const uploadUsage = pgTable(
  'upload_usage',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
    files: integer('files').notNull().default(0),
  },
  (t) => [check('upload_usage_non_negative', sql`${t.bytes} >= 0 and ${t.files} >= 0`)],
);

/**
 * A small durable job queue in PostgreSQL (derivatives now; mail and PDF builds later). Workers take jobs
 * with FOR UPDATE SKIP LOCKED, so several instances share it; handlers are idempotent.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jobs_pending_idx').on(t.runAfter).where(sql`${t.doneAt} is null`),
    check('jobs_attempts', sql`${t.attempts} >= 0`),
  ],
);

/**
 * Locks on resumable uploads shared by every instance (tus with the S3 store): a lease that its holder
 * renews while the request runs, and a flag another instance sets to ask it to let go.
 */
export const tusLocks = pgTable('tus_locks', {
  uploadId: text('upload_id').primaryKey(),
  holder: uuid('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  releaseRequested: boolean('release_requested').notNull().default(false),
});

/**
 * Resumable uploads in progress (tus): the upload's info as @tus/server keeps it (id, declared size,
 * metadata with purpose, name and owner, creation date). The bytes received so far are in the upload's
 * file under TUS_DIR; the row goes when the upload is finished, terminated or expired. Every instance
 * reads the same rows.
 */
export const tusUploads = pgTable(
  'tus_uploads',
  {
    id: text('id').primaryKey(),
    info: jsonb('info').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tus_uploads_created_idx').on(t.createdAt)],
);
