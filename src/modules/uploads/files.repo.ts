import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { preparedPerDb, preparedStatement } from '../../db/prepared.js';
import { blobs, files, students, uploadUsage } from '../../db/schema/index.js';

export type FileRow = typeof files.$inferSelect;

export type NewFile = Omit<FileRow, 'id' | 'createdAt' | 'safeSha256' | 'thumbSha256' | 'tusUploadId'>;

/**
 * Records an accepted upload in one statement, one round trip and no explicit transaction (it runs for
 * every upload): the owner's usage grows only if the quota still allows it (a conditional upsert of
 * `upload_usage`; concurrent uploads of one user queue on that row and each sees the others' sizes),
 * and only then the file row and, when `jobKind` is given, the job that makes its derivatives, and the
 * removal of the resumable upload's state (`tusUpload`, whose id the file row keeps). The blob row is
 * idempotent. Call only after the blob is durable. Undefined: over quota. A prepared statement
 * (src/db/prepared.ts): planning this statement cost PostgreSQL more than running it.
 */
const p = sql.placeholder;
const recordFileStatement = preparedStatement<
  Record<string, unknown>,
  { id: string; created_at: Date; duration_seconds: string | null }
>(
  'files_record',
  sql`
    with usage as (
      insert into upload_usage as u (user_id, bytes, files)
      select ${p('owner')}::uuid, ${p('size')}::bigint, 1
      where ${p('size')}::bigint <= ${p('quotaBytes')}::bigint and 1 <= ${p('quotaFiles')}::int
      on conflict (user_id) do update set bytes = u.bytes + excluded.bytes, files = u.files + 1
        where u.bytes + excluded.bytes <= ${p('quotaBytes')}::bigint and u.files + 1 <= ${p('quotaFiles')}::int
      returning u.user_id
    ), blob as (
      insert into blobs (sha256, size, mime) values (${p('sha256')}, ${p('size')}::bigint, ${p('mime')})
      on conflict do nothing
    ), inserted as (
      insert into files (school_id, owner_user_id, purpose, sha256, size, mime, original_name, width, height,
        duration_seconds, flags, via, upload_started_at, tus_upload_id)
      select ${p('school')}::uuid, ${p('owner')}::uuid, ${p('purpose')}, ${p('sha256')}, ${p('size')}::bigint,
        ${p('mime')}, ${p('name')}, ${p('width')}::int, ${p('height')}::int, ${p('duration')}::numeric,
        ${p('flags')}::jsonb, ${p('via')}, ${p('startedAt')}::timestamptz, ${p('tusUpload')}::text
      from usage
      returning id, created_at, duration_seconds
    ), job as (
      insert into jobs (kind, payload)
      select ${p('jobKind')}::text, jsonb_build_object('fileId', inserted.id) from inserted
      where ${p('jobKind')}::text is not null
    ), finished as (
      delete from tus_uploads where id = ${p('tusUpload')}::text and exists (select from inserted)
    )
    select id, created_at, duration_seconds from inserted`,
);

export async function recordFile(
  db: Db,
  row: NewFile,
  limits: {
    quotaBytes: number;
    quotaFiles: number;
    jobKind?: string;
    /** The resumable upload this file came from: its state goes in the same transaction. */
    tusUpload?: string;
  },
): Promise<FileRow | undefined> {
  const [made] = await recordFileStatement(db, {
    owner: row.ownerUserId,
    size: row.size,
    quotaBytes: limits.quotaBytes,
    quotaFiles: limits.quotaFiles,
    sha256: row.sha256,
    mime: row.mime,
    school: row.schoolId,
    purpose: row.purpose,
    name: row.originalName,
    width: row.width,
    height: row.height,
    duration: row.durationSeconds,
    flags: JSON.stringify(row.flags),
    via: row.via,
    startedAt: row.uploadStartedAt.toISOString(),
    jobKind: limits.jobKind ?? null,
    tusUpload: limits.tusUpload ?? null,
  });
  if (!made) return undefined;
  return {
    ...row,
    id: made.id,
    createdAt: new Date(made.created_at),
    // As stored (numeric(10,2) reads back as '2.00').
    durationSeconds: made.duration_seconds,
    safeSha256: null,
    thumbSha256: null,
    tusUploadId: limits.tusUpload ?? null,
  };
}

/** A file, if this user uploaded it (what a student may attach to their own records). */
export async function ownFile(db: DbOrTx, fileId: string, userId: string) {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.ownerUserId, userId)));
  return row;
}

export async function findFile(db: DbOrTx, id: string) {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

const usageQuery = preparedPerDb((db) =>
  db
    .select({ bytes: uploadUsage.bytes, count: uploadUsage.files })
    .from(uploadUsage)
    .where(eq(uploadUsage.userId, sql.placeholder('userId')))
    .prepare('files_usage'),
);

/** Bytes and file count of a user's accepted uploads (for quotas; checked before every upload). */
export async function usageOf(db: DbOrTx, userId: string) {
  const [row] = await usageQuery(db).execute({ userId });
  return { bytes: Number(row?.bytes ?? 0), count: row?.count ?? 0 };
}

export async function listOwnFiles(db: DbOrTx, userId: string, limit: number) {
  return db
    .select()
    .from(files)
    .where(eq(files.ownerUserId, userId))
    .orderBy(sql`${files.createdAt} desc`)
    .limit(limit);
}

/** The student record of a user, if the user is a student (for authorisation of their files). */
export async function studentOfUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: students.id, schoolId: students.schoolId })
    .from(students)
    .where(eq(students.userId, userId));
  return row;
}

/** The served derivatives of a file, recorded with their blob rows in one statement. */
export async function recordDerivatives(
  db: DbOrTx,
  fileId: string,
  safe: { sha256: string; size: number; mime: string },
  thumb: { sha256: string; size: number; mime: string },
) {
  await db.execute(sql`
    with blob as (
      insert into blobs (sha256, size, mime)
      values (${safe.sha256}, ${safe.size}, ${safe.mime}), (${thumb.sha256}, ${thumb.size}, ${thumb.mime})
      on conflict do nothing
    )
    update files set safe_sha256 = ${safe.sha256}, thumb_sha256 = ${thumb.sha256} where id = ${fileId}`);
}

/** Every blob digest the database refers to, with the size it recorded (for verify and gc). */
export async function referencedBlobs(db: DbOrTx) {
  const rows = await db
    .select({ sha256: blobs.sha256, size: blobs.size, createdAt: blobs.createdAt })
    .from(blobs);
  return rows;
}

/** Blobs rows that nothing references any more (files, counselling attachments). */
export async function unreferencedBlobRows(db: DbOrTx, olderThanHours: number) {
  const rows = await db.execute(sql`
    select b.sha256 from blobs b
    where b.created_at < now() - make_interval(hours => ${olderThanHours})
      and not exists (select 1 from files f where f.sha256 = b.sha256 or f.safe_sha256 = b.sha256 or f.thumb_sha256 = b.sha256)
      and not exists (select 1 from counselling_records c where c.attachment_sha256 = b.sha256)
      and not exists (select 1 from submission_packages p where p.sha256 = b.sha256)`);
  return (rows.rows as { sha256: string }[]).map((r) => r.sha256);
}

export async function deleteBlobRow(db: DbOrTx, sha256: string) {
  await db.delete(blobs).where(and(eq(blobs.sha256, sha256)));
}

/**
 * Removes a blob row if nothing references it now (checked again in the statement: a file recorded
 * since the list was made keeps it). True when removed.
 */
export async function deleteUnreferencedBlobRow(db: DbOrTx, sha256: string): Promise<boolean> {
  const res = await db.execute(sql`
    delete from blobs b where b.sha256 = ${sha256}
      and not exists (select 1 from files f where f.sha256 = b.sha256 or f.safe_sha256 = b.sha256 or f.thumb_sha256 = b.sha256)
      and not exists (select 1 from counselling_records c where c.attachment_sha256 = b.sha256)
      and not exists (select 1 from submission_packages p where p.sha256 = b.sha256)
    returning b.sha256`);
  return res.rows.length > 0;
}

/** Whether the database has a row for this blob (an orphan that got recorded meanwhile is kept). */
export async function blobRowExists(db: DbOrTx, sha256: string): Promise<boolean> {
  const [row] = await db.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, sha256));
  return !!row;
}

/** Courses of the outcomes that carry this file (their certifiers may read it). */
export async function outcomeCoursesOfFile(db: DbOrTx, fileId: string): Promise<string[]> {
  const rows = await db.execute(
    sql`select distinct course_id from outcomes where document_file_id = ${fileId} or media_file_id = ${fileId}`,
  );
  return (rows.rows as { course_id: string }[]).map((r) => r.course_id);
}

export interface FileUse {
  fileId: string;
  kind: 'outcome' | 'performance' | 'draft';
  /** The outcome or performance id (the draft's outcome, null for a draft of a new outcome). */
  id: string | null;
  title: string;
  /** The outcome's status; null for performances and drafts. */
  status: string | null;
}

/**
 * What uses each of these files: outcomes (withdrawn ones too: the history keeps them), performances not
 * deleted, and unsent outcome drafts. A file with no use is only stored, not handed in.
 */
export async function usesOf(db: DbOrTx, fileIds: string[]): Promise<FileUse[]> {
  if (fileIds.length === 0) return [];
  const ids = sql.join(
    fileIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await db.execute(sql`
    select f.id as "fileId", 'outcome' as kind, o.id, o.title, o.status
      from outcomes o join files f on f.id in (o.document_file_id, o.media_file_id) where f.id in (${ids})
    union all
    select f.id, 'performance', p.id, coalesce(p.fields->>'name', p.fields->>'certificate', p.fields->>'position', p.summary), null
      from performances p join files f on f.id in (p.proof_file_id, p.media_file_id)
      where p.deleted_at is null and f.id in (${ids})
    union all
    select f.id, 'draft', d.outcome_id, d.title, null
      from outcome_drafts d join files f on f.id in (d.document_file_id, d.media_file_id) where f.id in (${ids})`);
  return rows.rows as unknown as FileUse[];
}
