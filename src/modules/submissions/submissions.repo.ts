/** The SQL of submission packages, their frozen items and the students named in pre-check problems. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { blobs, submissionItems, submissionPackages, users } from '../../db/schema/index.js';

export type PackageRow = typeof submissionPackages.$inferSelect;

export async function insertPackage(
  db: DbOrTx,
  values: {
    schoolId: string;
    academicYear: number;
    semester: number;
    roster: number;
    formatVersion: string;
    createdBy: string | null;
  },
) {
  const [row] = await db.insert(submissionPackages).values(values).returning();
  return row as PackageRow;
}

export async function packageOfSchool(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(submissionPackages)
    .where(and(eq(submissionPackages.id, id), eq(submissionPackages.schoolId, schoolId)));
  return row;
}

export async function packageById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(submissionPackages).where(eq(submissionPackages.id, id));
  return row;
}

/** The school's packages, newest first, with who asked for them. */
export function listPackages(db: DbOrTx, schoolId: string, limit = 200) {
  return db
    .select({
      id: submissionPackages.id,
      academicYear: submissionPackages.academicYear,
      semester: submissionPackages.semester,
      roster: submissionPackages.roster,
      formatVersion: submissionPackages.formatVersion,
      status: submissionPackages.status,
      progressDone: submissionPackages.progressDone,
      progressTotal: submissionPackages.progressTotal,
      error: submissionPackages.error,
      createdAt: submissionPackages.createdAt,
      builtAt: submissionPackages.builtAt,
      sha256: submissionPackages.sha256,
      size: submissionPackages.size,
      createdBy: users.displayName,
    })
    .from(submissionPackages)
    .leftJoin(users, eq(users.id, submissionPackages.createdBy))
    .where(eq(submissionPackages.schoolId, schoolId))
    .orderBy(desc(submissionPackages.createdAt))
    .limit(limit);
}

export async function markBuilding(db: DbOrTx, id: string) {
  await db
    .update(submissionPackages)
    .set({ status: 'building', error: null })
    .where(eq(submissionPackages.id, id));
}

export async function setProgress(db: DbOrTx, id: string, done: number, total: number) {
  await db
    .update(submissionPackages)
    .set({ progressDone: done, progressTotal: total })
    .where(eq(submissionPackages.id, id));
}

export async function markFailed(db: DbOrTx, id: string, error: string) {
  await db.update(submissionPackages).set({ status: 'failed', error }).where(eq(submissionPackages.id, id));
}

export async function markBuilt(
  db: DbOrTx,
  id: string,
  v: {
    sha256: string;
    size: number;
    manifest: Record<string, unknown>;
    signature: string;
    studentIds: string[];
    builtAt: Date;
  },
) {
  await db
    .update(submissionPackages)
    .set({ status: 'built', ...v, error: null })
    .where(eq(submissionPackages.id, id));
}

/** Records the package's bytes as a blob (kept while a package refers to it; see files.repo gc). */
export async function recordBlob(db: DbOrTx, sha256: string, size: number) {
  await db.insert(blobs).values({ sha256, size, mime: 'application/zip' }).onConflictDoNothing();
}

/** Appends the frozen items (one statement per 5,000: the rows travel as one JSON parameter). */
export async function insertSnapshots(
  db: DbOrTx,
  rows: {
    packageId: string;
    schoolId: string;
    studentId: string;
    kind: 'outcome' | 'performance';
    itemId: string;
    snapshot: Record<string, unknown>;
  }[],
) {
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000).map((r) => ({
      packageId: r.packageId,
      schoolId: r.schoolId,
      studentId: r.studentId,
      kind: r.kind,
      outcomeId: r.kind === 'outcome' ? r.itemId : null,
      performanceId: r.kind === 'performance' ? r.itemId : null,
      snapshot: r.snapshot,
    }));
    await db.execute(sql`
      insert into submission_items (package_id, school_id, student_id, kind, outcome_id, performance_id, snapshot)
      select (r->>'packageId')::uuid, (r->>'schoolId')::uuid, (r->>'studentId')::uuid, r->>'kind',
        (r->>'outcomeId')::uuid, (r->>'performanceId')::uuid, r->'snapshot'
      from jsonb_array_elements(${JSON.stringify(part)}::jsonb) r`);
  }
}

export function snapshotsOf(db: DbOrTx, packageId: string) {
  return db.select().from(submissionItems).where(eq(submissionItems.packageId, packageId));
}

/** 學號 and name of students named in problems (for the table and its links). */
export async function studentLabels(db: DbOrTx, schoolId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, { studentNo: string; name: string }>();
  const res = await db.execute(
    sql`select id, student_no, name from students where school_id = ${schoolId}
        and id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return new Map(
    (res.rows as { id: string; student_no: string; name: string }[]).map((r) => [
      r.id,
      { studentNo: r.student_no, name: r.name },
    ]),
  );
}

export async function schoolCodeOf(db: DbOrTx, schoolId: string): Promise<string> {
  const res = await db.execute(sql`select code from schools where id = ${schoolId}`);
  return (res.rows[0] as { code: string } | undefined)?.code ?? '';
}
