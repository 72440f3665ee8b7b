/**
 * Resumable uploads (tus) in PostgreSQL: the info of each upload in progress, which every instance reads,
 * the file each finished one became, and the lock leases that let several instances serve one upload in turn (tus-locker.ts).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { preparedStatement } from '../../db/prepared.js';
import { files, tusUploads, users } from '../../db/schema/index.js';

/** An upload's info as @tus/server's stores keep it (its `Upload`, as JSON). */
export type TusInfo = Record<string, unknown> & { id: string };

// Prepared (src/db/prepared.ts): creation, the first look at an upload and its end run once per upload.
// (A finished upload's row is removed with its file row, in files.repo.recordFile.)
const p = sql.placeholder;
const insertInfo = preparedStatement<{ id: string; info: string }, never>(
  'tus_info_insert',
  sql`insert into tus_uploads (id, info)
      values (${p('id')}, ${p('info')}::jsonb)
      on conflict (id) do update set info = excluded.info`,
);
const selectInfo = preparedStatement<{ id: string }, { info: TusInfo }>(
  'tus_info_select',
  sql`select info from tus_uploads where id = ${p('id')}`,
);
const deleteInfoStatement = preparedStatement<{ id: string }, never>(
  'tus_info_delete',
  sql`delete from tus_uploads where id = ${p('id')}`,
);

export async function saveTusInfo(db: Db, id: string, info: TusInfo) {
  await insertInfo(db, { id, info: JSON.stringify(info) });
}

export async function findTusInfo(db: Db, id: string): Promise<TusInfo | undefined> {
  return (await selectInfo(db, { id }))[0]?.info;
}

export async function deleteTusInfo(db: Db, id: string) {
  await deleteInfoStatement(db, { id });
}

/** The file a finished upload became (files.tus_upload_id), with its owner and size. */
export async function finishedTusUpload(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ fileId: files.id, ownerUserId: files.ownerUserId, size: files.size })
    .from(files)
    .where(eq(files.tusUploadId, id));
  return row;
}

/** Every upload in progress, with its info (at start: those whose every byte arrived are finished). */
export async function allTusInfos(db: DbOrTx): Promise<{ id: string; info: TusInfo }[]> {
  return (await db.select({ id: tusUploads.id, info: tusUploads.info }).from(tusUploads)) as {
    id: string;
    info: TusInfo;
  }[];
}

/** The owner of an upload as the intake records it (id and school), unless the account is gone. */
export async function uploadOwner(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ id: users.id, schoolId: users.schoolId })
    .from(users)
    .where(eq(users.id, userId));
  return row && { id: row.id, school: row.schoolId ? { id: row.schoolId } : null };
}

/** Which of `ids` are uploads in progress. */
export async function tusUploadsAmong(db: DbOrTx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: tusUploads.id }).from(tusUploads).where(inArray(tusUploads.id, ids));
  return rows.map((r) => r.id);
}

/** Uploads begun more than `ageMs` ago (still here, so never finished). */
export async function tusUploadsOlderThan(db: DbOrTx, ageMs: number): Promise<string[]> {
  const res = await db.execute(
    sql`select id from tus_uploads where created_at < now() - make_interval(secs => ${ageMs / 1000})`,
  );
  return (res.rows as { id: string }[]).map((r) => r.id);
}

/** Takes the lease on an upload unless another live holder has it. */
export async function tryTusLock(db: DbOrTx, uploadId: string, holder: string, leaseMs: number) {
  const res = await db.execute(sql`
    insert into tus_locks (upload_id, holder, expires_at)
    values (${uploadId}, ${holder}, now() + make_interval(secs => ${leaseMs / 1000}))
    on conflict (upload_id) do update
      set holder = excluded.holder, expires_at = excluded.expires_at, release_requested = false
      where tus_locks.expires_at < now() or tus_locks.holder = excluded.holder
    returning holder`);
  return res.rows.length > 0;
}

/** Extends the lease; 'release' when another request asked for the lock, 'lost' when it is gone. */
export async function renewTusLock(db: DbOrTx, uploadId: string, holder: string, leaseMs: number) {
  const res = await db.execute(sql`
    update tus_locks set expires_at = now() + make_interval(secs => ${leaseMs / 1000})
    where upload_id = ${uploadId} and holder = ${holder}
    returning release_requested`);
  const row = res.rows[0] as { release_requested: boolean } | undefined;
  if (!row) return 'lost' as const;
  return row.release_requested ? ('release' as const) : ('held' as const);
}

export async function requestTusRelease(db: DbOrTx, uploadId: string) {
  await db.execute(sql`update tus_locks set release_requested = true where upload_id = ${uploadId}`);
}

export async function releaseTusLock(db: DbOrTx, uploadId: string, holder: string) {
  await db.execute(sql`delete from tus_locks where upload_id = ${uploadId} and holder = ${holder}`);
}
