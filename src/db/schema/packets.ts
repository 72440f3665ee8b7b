import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { centralRows, centralStudents } from './central.js';

/*
 * Application packets (備審資料, SPEC.md §6) belong to the central repository's face: they are built from
 * the items the repository holds for a student (central_rows / central_files), never from the school
 * tables. Students, reviewers and centralAdmins are users; referenced by id only (no foreign key), as in
 * central.ts.
 */

/** 校系: a programme of a university / university of technology, for one admission year and channel. */
export const admissionProgrammes = pgTable(
  'admission_programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 招生學年度 (ROC), e.g. 116 for entry in Aug 2027. */
    admissionYear: smallint('admission_year').notNull(),
    /** 'university' = 大學 申請入學; 'technical' = 技專 甄選入學 (domain/admission.ts). */
    channel: text('channel', { enum: ['university', 'technical'] }).notNull(),
    /** 校系代碼 as published by the admission committee. */
    code: varchar('code', { length: 12 }).notNull(),
    universityName: text('university_name').notNull(),
    programmeName: text('programme_name').notNull(),
    /** Optional per-programme caps/required item codes overriding the channel defaults. */
    rules: jsonb('rules').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('admission_programmes_code').on(t.admissionYear, t.channel, t.code)],
);

/**
 * One packet: one student's application to one programme. `draft` while the student edits; `built`
 * once the PDF (a central blob) exists; `submitted` when the student hands it in (reviewers see only
 * submitted packets).
 */
export const packets = pgTable(
  'packets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    studentId: uuid('student_id')
      .notNull()
      .references(() => centralStudents.id),
    /** users.id of the student who builds it. */
    ownerUserId: uuid('owner_user_id').notNull(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => admissionProgrammes.id),
    status: text('status', { enum: ['draft', 'building', 'built', 'submitted', 'failed'] })
      .notNull()
      .default('draft'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    error: text('error'),
    /** The built PDF in the central blob namespace. */
    pdfSha256: varchar('pdf_sha256', { length: 64 }),
    pdfSize: bigint('pdf_size', { mode: 'number' }),
    builtAt: timestamp('built_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('packets_student_programme').on(t.studentId, t.programmeId),
    index('packets_programme_idx').on(t.programmeId, t.status),
  ],
);

/**
 * An item of a packet, in order. `source` says where it comes from: a repository row (certified
 * provenance), a self-made PDF (自行上傳，未經學習歷程資料庫認證), or text the student writes (學習歷程自述,
 * 多元表現綜整心得) with up to 3 images.
 */
export const packetItems = pgTable(
  'packet_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    packetId: uuid('packet_id')
      .notNull()
      .references(() => packets.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Item code of the channel: A–R (大學) or B-1…D-3 (技專). */
    code: varchar('code', { length: 4 }).notNull(),
    source: text('source', { enum: ['repository', 'selfMade', 'text'] }).notNull(),
    centralRowId: bigint('central_row_id', { mode: 'number' }).references(() => centralRows.id),
    /** Self-made PDF or text images: central blob digests. */
    fileSha256: varchar('file_sha256', { length: 64 }),
    imageSha256s: varchar('image_sha256s', { length: 64 }).array(),
    title: text('title').notNull(),
    body: text('body'),
    /** Course outcomes: 書面報告 / 實作作品 / 探究… (what lets codes B–E be assigned). */
    itemKind: text('item_kind'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('packet_items_packet_idx').on(t.packetId, t.position),
    check(
      'packet_items_source_fields',
      sql`(${t.source} = 'repository' and ${t.centralRowId} is not null) or (${t.source} = 'selfMade' and ${t.fileSha256} is not null) or ${t.source} = 'text'`,
    ),
  ],
);
