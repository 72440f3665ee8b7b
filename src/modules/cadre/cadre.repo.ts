/** SQL of single 校內幹部 records (the import writes through masterdata.repo#upsertCadreRecords). */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cadreRecords } from '../../db/schema/index.js';

export type CadreValues = Pick<
  typeof cadreRecords.$inferInsert,
  'academicYear' | 'semester' | 'unit' | 'startsOn' | 'endsOn' | 'position' | 'level'
>;

export const cadreOfStudent = (db: DbOrTx, schoolId: string, studentId: string) =>
  db
    .select()
    .from(cadreRecords)
    .where(and(eq(cadreRecords.schoolId, schoolId), eq(cadreRecords.studentId, studentId)))
    .orderBy(desc(cadreRecords.academicYear), desc(cadreRecords.semester), asc(cadreRecords.startsOn));

export async function findCadre(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(cadreRecords)
    .where(and(eq(cadreRecords.schoolId, schoolId), eq(cadreRecords.id, id)));
  return row ?? null;
}

/** Inserts unless the natural key (student, term, unit, position) is taken; null then. */
export async function insertCadre(db: DbOrTx, row: CadreValues & { schoolId: string; studentId: string }) {
  const [created] = await db
    .insert(cadreRecords)
    .values(row)
    .onConflictDoNothing({
      target: [
        cadreRecords.studentId,
        cadreRecords.academicYear,
        cadreRecords.semester,
        cadreRecords.unit,
        cadreRecords.position,
      ],
    })
    .returning();
  return created ?? null;
}

export async function updateCadre(db: DbOrTx, id: string, values: CadreValues) {
  const [row] = await db.update(cadreRecords).set(values).where(eq(cadreRecords.id, id)).returning();
  return row ?? null;
}

export async function deleteCadre(db: DbOrTx, id: string) {
  await db.delete(cadreRecords).where(eq(cadreRecords.id, id));
}

/** Another record of the student with this natural key (for an edit that would collide). */
export async function cadreKeyTaken(
  db: DbOrTx,
  studentId: string,
  v: Pick<CadreValues, 'academicYear' | 'semester' | 'unit' | 'position'>,
  exceptId: string,
) {
  const rows = await db
    .select({ id: cadreRecords.id })
    .from(cadreRecords)
    .where(
      and(
        eq(cadreRecords.studentId, studentId),
        eq(cadreRecords.academicYear, v.academicYear),
        eq(cadreRecords.semester, v.semester),
        eq(cadreRecords.unit, v.unit),
        eq(cadreRecords.position, v.position),
      ),
    );
  return rows.some((r) => r.id !== exceptId);
}
