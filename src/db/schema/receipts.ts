import {
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
import type { ReceiptContent } from './central.js';
import { students } from './school-data.js';
import { schools } from './tenancy.js';

/**
 * The school's copy of its 收訖明細 (receipts of the central repository, SPEC.md §5), keyed by the
 * central receipt id and mapped to the local student by 身分證號 + 出生日期. Filled by the receipt sync
 * (GET …/exchange/receipts?since=); the student's answer is recorded here at once and relayed to the
 * repository by a job (relay_status). The office's answer to a dispute settled without a correction is
 * kept and relayed the same way.
 */
export const schoolReceipts = pgTable(
  'school_receipts',
  {
    /** The central receipt id. */
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    /** Null when no student of the school has the receipt's 身分證號 + 出生日期. */
    studentId: uuid('student_id').references(() => students.id),
    submissionId: uuid('submission_id').notNull(),
    academicYear: smallint('academic_year').notNull(),
    semester: smallint('semester').notNull(),
    roster: smallint('roster').notNull(),
    content: jsonb('content').$type<ReceiptContent>().notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    /** The repository's status as last synced (issued, confirmed, disputed, superseded). */
    centralStatus: text('central_status').notNull(),
    supersededBy: uuid('superseded_by'),
    /** The student's answer (recorded at once, relayed by a job). */
    response: text('response', { enum: ['confirmed', 'disputed'] }),
    responseReason: text('response_reason'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    respondedBy: uuid('responded_by').references(() => users.id),
    relayStatus: text('relay_status', { enum: ['pending', 'sent', 'failed'] }),
    relayError: text('relay_error'),
    /** The repository's dispute, once opened (its 3-day handling clock). */
    disputeId: uuid('dispute_id'),
    disputeDueAt: timestamp('dispute_due_at', { withTimezone: true }),
    disputeStatus: text('dispute_status', { enum: ['open', 'resolved'] }),
    disputeResolution: text('dispute_resolution', { enum: ['corrected', 'answered'] }),
    disputeResolvedAt: timestamp('dispute_resolved_at', { withTimezone: true }),
    /** The office's 已回覆 note (a dispute settled without a correction). */
    answerNote: text('answer_note'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => users.id),
    answerRelayStatus: text('answer_relay_status', { enum: ['pending', 'sent', 'failed'] }),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('school_receipts_student_idx').on(t.studentId, t.issuedAt),
    index('school_receipts_school_idx').on(t.schoolId, t.response),
  ],
);

/** The receipt sync of one school: the cursor into the repository's changes and the last run's outcome. */
export const schoolReceiptSyncs = pgTable('school_receipt_syncs', {
  schoolId: uuid('school_id')
    .primaryKey()
    .references(() => schools.id),
  /** The latest change time the repository reported (the next `since`, less an overlap). */
  cursor: timestamp('cursor', { withTimezone: true }),
  status: text('status', { enum: ['queued', 'running', 'ok', 'failed'] }).notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  received: integer('received').notNull().default(0),
  unmatched: integer('unmatched').notNull().default(0),
  error: text('error'),
});
