import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { blobs, files, students } from '../../db/schema/index.js';

export type FileRow = typeof files.$inferSelect;

/** Records the blob (idempotent) and the file row; call only after the blob is durable. */
export async function insertFile(
  db: DbOrTx,
  blob: typeof blobs.$inferInsert,
  row: typeof files.$inferInsert,
) {
  await db.insert(blobs).values(blob).onConflictDoNothing();
  const [inserted] = await db.insert(files).values(row).returning();
  return inserted as FileRow;
}

export async function findFile(db: DbOrTx, id: string) {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

/** Bytes and file count of a user's uploads (for quotas). */
export async function usageOf(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      bytes: sql<number>`coalesce(sum(${files.size}), 0)::bigint`,
      count: sql<number>`count(*)::int`,
    })
    .from(files)
    .where(eq(files.ownerUserId, userId));
  return { bytes: Number(row?.bytes ?? 0), count: row?.count ?? 0 };
}

/** Serialises quota checks of one user until the end of the transaction. */
export async function lockUser(db: DbOrTx, userId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${userId}))`);
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

export async function setDerivatives(
  db: DbOrTx,
  fileId: string,
  d: { safeSha256?: string; thumbSha256?: string },
) {
  await db.update(files).set(d).where(eq(files.id, fileId));
}

export async function insertBlob(db: DbOrTx, blob: typeof blobs.$inferInsert) {
  await db.insert(blobs).values(blob).onConflictDoNothing();
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
      and not exists (select 1 from counselling_records c where c.attachment_sha256 = b.sha256)`);
  return (rows.rows as { sha256: string }[]).map((r) => r.sha256);
}

export async function deleteBlobRow(db: DbOrTx, sha256: string) {
  await db.delete(blobs).where(and(eq(blobs.sha256, sha256)));
}

/** Courses of the outcomes that carry this file (their certifiers may read it). */
export async function outcomeCoursesOfFile(db: DbOrTx, fileId: string): Promise<string[]> {
  const rows = await db.execute(
    sql`select distinct course_id from outcomes where document_file_id = ${fileId} or media_file_id = ${fileId}`,
  );
  return (rows.rows as { course_id: string }[]).map((r) => r.course_id);
}
