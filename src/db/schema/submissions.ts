import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { outcomes } from './outcomes.js';
import { performances } from './performances.js';
import { students } from './school-data.js';
import { schools } from './tenancy.js';

/**
 * 送件: one submission package of a school (one roster of one year, and semester for semester rosters;
 * 學期 0 for yearly ones): who asked, the build's progress, and once built the package's SHA-256 (the
 * zip is a blob in the blob store, kept while this row exists), its manifest and signature.
 */
export const submissionPackages = pgTable(
  'submission_packages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    academicYear: smallint('academic_year').notNull(),
    /** 1 or 2; 0 for yearly rosters. */
    semester: smallint('semester').notNull(),
    /** 名冊別. */
    roster: smallint('roster').notNull(),
    formatVersion: text('format_version').notNull(),
    status: text('status', { enum: ['queued', 'building', 'built', 'failed'] })
      .notNull()
      .default('queued'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    error: text('error'),
    /** Null for packages built with the CLI (`licheng roster build`). */
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    builtAt: timestamp('built_at', { withTimezone: true }),
    sha256: varchar('sha256', { length: 64 }),
    size: bigint('size', { mode: 'number' }),
    /** The signed manifest.json as packaged (counts, digests, versions). */
    manifest: jsonb('manifest').$type<Record<string, unknown>>(),
    /** Ed25519 signature of manifest.json (base64). */
    signature: text('signature'),
    /** The students whose data the package holds (the audit of its downloads names them). */
    studentIds: uuid('student_ids').array(),
  },
  (t) => [
    index('submission_packages_school_idx').on(t.schoolId, t.createdAt),
    check('submission_packages_semester', sql`${t.semester} in (0, 1, 2)`),
  ],
);

/**
 * What was submitted of each item, frozen when its package was built: text, fields, file digests,
 * certifier and time, the item's history up to then. Append-only (a trigger refuses UPDATE, DELETE,
 * TRUNCATE): later edits of the live item never change it.
 */
export const submissionItems = pgTable(
  'submission_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: uuid('package_id')
      .notNull()
      .references(() => submissionPackages.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id),
    kind: text('kind', { enum: ['outcome', 'performance'] }).notNull(),
    outcomeId: uuid('outcome_id').references(() => outcomes.id),
    performanceId: uuid('performance_id').references(() => performances.id),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('submission_items_package_idx').on(t.packageId),
    index('submission_items_outcome_idx').on(t.outcomeId),
    index('submission_items_performance_idx').on(t.performanceId),
  ],
);

/**
 * The school's Ed25519 signing key, made on first use: the public key (SPKI PEM, exportable) and the
 * private key as encrypted PKCS#8 PEM (AES-256, passphrase derived from the server's secret), so a
 * database dump alone cannot sign packages.
 */
export const schoolSigningKeys = pgTable('school_signing_keys', {
  schoolId: uuid('school_id')
    .primaryKey()
    .references(() => schools.id),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
