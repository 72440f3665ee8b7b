/** SQL of unsent outcome drafts (the student's work in progress, kept on the server). */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { outcomeDrafts } from '../../db/schema/index.js';

export type DraftRow = typeof outcomeDrafts.$inferSelect;

/** Creates or replaces the student's draft of a new outcome (outcome null) or of one outcome's revision. */
export async function upsertDraft(db: DbOrTx, row: typeof outcomeDrafts.$inferInsert) {
  const [saved] = await db
    .insert(outcomeDrafts)
    .values(row)
    .onConflictDoUpdate({
      target: [outcomeDrafts.studentId, outcomeDrafts.outcomeId],
      set: {
        courseId: row.courseId ?? null,
        title: row.title ?? '',
        summary: row.summary ?? '',
        documentFileId: row.documentFileId ?? null,
        mediaFileId: row.mediaFileId ?? null,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return saved as DraftRow;
}

export async function deleteDraft(db: DbOrTx, studentId: string, outcomeId: string | null) {
  await db
    .delete(outcomeDrafts)
    .where(
      and(
        eq(outcomeDrafts.studentId, studentId),
        outcomeId ? eq(outcomeDrafts.outcomeId, outcomeId) : isNull(outcomeDrafts.outcomeId),
      ),
    );
}

/** The student's drafts with the names of their files (what the form shows on return). */
export async function draftsOf(db: DbOrTx, studentId: string) {
  const rows = await db.execute(sql`
    select d.id, d.outcome_id as "outcomeId", d.course_id as "courseId", d.title, d.summary,
      d.document_file_id as "documentFileId", df.original_name as "documentName",
      d.media_file_id as "mediaFileId", mf.original_name as "mediaName", d.updated_at as "updatedAt"
    from outcome_drafts d
      left join files df on df.id = d.document_file_id
      left join files mf on mf.id = d.media_file_id
    where d.student_id = ${studentId}
    order by d.updated_at desc`);
  return (
    rows.rows as {
      id: string;
      outcomeId: string | null;
      courseId: string | null;
      title: string;
      summary: string;
      documentFileId: string | null;
      documentName: string | null;
      mediaFileId: string | null;
      mediaName: string | null;
      updatedAt: string | Date;
    }[]
  ).map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) }));
}

/** How many unsent drafts a student has (the home page's to-do). */
export async function draftCount(db: DbOrTx, studentId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outcomeDrafts)
    .where(eq(outcomeDrafts.studentId, studentId));
  return row?.n ?? 0;
}
