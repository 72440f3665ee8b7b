import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/*
 * The central repository (中央資料庫, SPEC.md §5). These tables never reference the school tables: in a
 * real deployment the repository runs apart from any school (`licheng start --role central`), and one
 * deployment may host both. Users (centralAdmin) are referenced by id only, without a foreign key.
 * The repository's files live in their own blob namespace (central_blobs; the `central/` folder of the
 * blob store or its own S3 prefix).
 */

/** A school registered at the repository with its code and Ed25519 public key (SPKI PEM). */
export const centralSchools = pgTable(
  'central_schools',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 學校代碼. */
    code: varchar('code', { length: 6 }).notNull().unique(),
    name: text('name').notNull(),
    publicKey: text('public_key').notNull(),
    /** SHA-256 of the public key's DER, hex: what a package's manifest names as its signing key. */
    keyFingerprint: varchar('key_fingerprint', { length: 64 }).notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    /** users.id of the centralAdmin who registered it; null when registered by the CLI or the demo. */
    registeredBy: uuid('registered_by'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [check('central_schools_code_format', sql`${t.code} ~ '^[0-9A-Za-z]{6}$'`)],
);

/** A student as the repository knows them: keyed by 身分證號 + 出生日期 across schools. */
export const centralStudents = pgTable(
  'central_students',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nationalId: varchar('national_id', { length: 10 }).notNull(),
    birthDate: date('birth_date').notNull(),
    /** The name as last received (名冊 1). */
    name: text('name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('central_students_identity').on(t.nationalId, t.birthDate)],
);

/** The repository's files: content-addressed, in the central blob namespace. */
export const centralBlobs = pgTable('central_blobs', {
  sha256: varchar('sha256', { length: 64 }).primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** Detected from the content. */
  mime: text('mime').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * One package received (over HTTP, uploaded by a centralAdmin, or by the CLI). A package with the same
 * SHA-256 from the same school is the same submission (idempotent). `refused` packages are refused whole
 * (bad signature, manifest mismatch, workbook not in its roster format, wrong school code) with the
 * reason and the item; `accepted` ones are taken row by row (some rows may be rejected).
 */
export const centralSubmissions = pgTable(
  'central_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null when the package names no registered school (refused). */
    schoolId: uuid('school_id').references(() => centralSchools.id),
    /** The school code the package claims (kept even when refused). */
    claimedSchoolCode: varchar('claimed_school_code', { length: 6 }),
    packageSha256: varchar('package_sha256', { length: 64 }).notNull(),
    packageSize: bigint('package_size', { mode: 'number' }).notNull(),
    /** The package zip in the central blob namespace (kept for accepted packages). */
    packageBlob: varchar('package_blob', { length: 64 }),
    academicYear: smallint('academic_year'),
    semester: smallint('semester'),
    roster: smallint('roster'),
    formatVersion: text('format_version'),
    manifest: jsonb('manifest').$type<Record<string, unknown>>(),
    via: text('via', { enum: ['api', 'upload', 'cli'] }).notNull(),
    /** users.id of the centralAdmin for `upload`. */
    receivedBy: uuid('received_by'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['accepted', 'refused'] }).notNull(),
    /** Error-table code of the refusal (e.g. PACKAGE_SIGNATURE_INVALID). */
    refusalCode: text('refusal_code'),
    /** The item the refusal names (a file path in the package, `manifest.json`, a sheet…). */
    refusalItem: text('refusal_item'),
    refusalDetail: text('refusal_detail'),
    rowsAccepted: integer('rows_accepted').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    /** Rows that replaced an earlier version of the same natural key (a correction). */
    rowsReplaced: integer('rows_replaced').notNull().default(0),
  },
  (t) => [
    index('central_submissions_school_idx').on(t.schoolId, t.receivedAt),
    uniqueIndex('central_submissions_idempotent')
      .on(t.schoolId, t.packageSha256)
      .where(sql`${t.status} = 'accepted'`),
  ],
);

/**
 * One row of a roster as received. Accepted rows have a natural key per roster (e.g. 名冊 26: school +
 * 身分證號 + 出生日期 + 學年度 + 學期 + 課程代碼 + 成果序號); a correction inserts a new version and sets
 * `superseded_at`/`superseded_by` on the earlier one, which is kept. Rejected rows carry the reason code
 * of the pre-check rule table (domain/precheck.ts).
 */
export const centralRows = pgTable(
  'central_rows',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => centralSubmissions.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => centralSchools.id),
    /** Null when the row could not be tied to a student (rejected). */
    studentId: uuid('student_id').references(() => centralStudents.id),
    academicYear: smallint('academic_year').notNull(),
    /** 0 for yearly rosters. */
    semester: smallint('semester').notNull(),
    roster: smallint('roster').notNull(),
    sheet: text('sheet').notNull(),
    /** 1-based data row number in the sheet (for rejection reports). */
    rowNumber: integer('row_number').notNull(),
    naturalKey: text('natural_key'),
    version: integer('version').notNull().default(1),
    /** The cells by header, as received. */
    data: jsonb('data').$type<Record<string, string>>().notNull(),
    status: text('status', { enum: ['accepted', 'rejected'] }).notNull(),
    reasonCode: text('reason_code'),
    reasonDetail: text('reason_detail'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    supersededBy: bigint('superseded_by', { mode: 'number' }),
    /**
     * The certification credential (VC-JWT) that travelled with the row's file in the package (the
     * `<file path>.vc.jwt` companion entry), for course outcomes the teacher certified.
     */
    credential: text('credential'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('central_rows_submission_idx').on(t.submissionId),
    index('central_rows_student_idx').on(t.studentId, t.roster, t.academicYear),
    uniqueIndex('central_rows_current_key')
      .on(t.schoolId, t.roster, t.naturalKey)
      .where(sql`${t.status} = 'accepted' and ${t.supersededAt} is null`),
  ],
);

/** A file a row references (course outcome / 多元表現 evidence), as received, with its digest. */
export const centralFiles = pgTable(
  'central_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rowId: bigint('row_id', { mode: 'number' })
      .notNull()
      .references(() => centralRows.id),
    /** The path inside the package (what the cell names). */
    path: text('path').notNull(),
    sha256: varchar('sha256', { length: 64 })
      .notNull()
      .references(() => centralBlobs.sha256),
    size: bigint('size', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
  },
  (t) => [index('central_files_row_idx').on(t.rowId)],
);

/**
 * 收訖明細: per student and submission, what the repository received (rows with their status, files
 * with SHA-256). A later receipt for the same student and roster scope supersedes this one. `content` is
 * what the student confirms; `sha256` is the digest of its canonical JSON.
 */
export const centralReceipts = pgTable(
  'central_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => centralSubmissions.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => centralSchools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => centralStudents.id),
    academicYear: smallint('academic_year').notNull(),
    semester: smallint('semester').notNull(),
    roster: smallint('roster').notNull(),
    content: jsonb('content').$type<ReceiptContent>().notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['issued', 'confirmed', 'disputed', 'superseded'] })
      .notNull()
      .default('issued'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    disputeReason: text('dispute_reason'),
    supersededBy: uuid('superseded_by'),
    /** The repository's signed receipt credential (VC-JWT), issued on demand. */
    credential: text('credential'),
  },
  (t) => [
    index('central_receipts_student_idx').on(t.studentId, t.issuedAt),
    index('central_receipts_school_idx').on(t.schoolId, t.issuedAt),
    unique('central_receipts_submission_student').on(t.submissionId, t.studentId),
  ],
);

export interface ReceiptContent {
  schoolCode: string;
  academicYear: number;
  semester: number;
  roster: number;
  student: { name: string | null };
  rows: {
    sheet: string;
    rowNumber: number;
    naturalKey: string | null;
    status: 'accepted' | 'rejected';
    reasonCode?: string;
    /** Version of the natural key after this submission (2+ for a correction). */
    version?: number;
    data: Record<string, string>;
  }[];
  files: { path: string; sha256: string; size: number }[];
}

/**
 * A dispute (異議) of a receipt: opened when a student disputes, due 3 days later (the school's handling
 * clock), resolved by the school's correction (the submission whose receipt supersedes the disputed one)
 * or answered without a correction.
 */
export const centralDisputes = pgTable(
  'central_disputes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receiptId: uuid('receipt_id')
      .notNull()
      .references(() => centralReceipts.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => centralSchools.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => centralStudents.id),
    reason: text('reason').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: text('resolution', { enum: ['corrected', 'answered'] }),
    resolutionNote: text('resolution_note'),
    resolvedBySubmissionId: uuid('resolved_by_submission_id').references(() => centralSubmissions.id),
  },
  (t) => [
    index('central_disputes_school_idx').on(t.schoolId, t.status, t.dueAt),
    uniqueIndex('central_disputes_one_open').on(t.receiptId).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * The repository's own append-only log of every intake, receipt, response, dispute and lookup step
 * (the school side audits in audit_log).
 */
export const centralEvents = pgTable(
  'central_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** e.g. submission.received, submission.refused, receipt.issued, receipt.confirmed, dispute.opened. */
    action: text('action').notNull(),
    /** 'school:<code>', 'user:<uuid>' or 'cli'. */
    actor: text('actor').notNull(),
    schoolId: uuid('school_id'),
    studentId: uuid('student_id'),
    submissionId: uuid('submission_id'),
    receiptId: uuid('receipt_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('central_events_at_idx').on(t.at), index('central_events_student_idx').on(t.studentId)],
);
