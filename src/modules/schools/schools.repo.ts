import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { schools, terms } from '../../db/schema/index.js';

export async function findSchoolByCode(db: DbOrTx, code: string) {
  const [row] = await db.select().from(schools).where(eq(schools.code, code));
  return row;
}

export async function insertSchool(db: DbOrTx, s: { code: string; name: string }) {
  const [row] = await db.insert(schools).values(s).returning();
  if (!row) throw new Error('insert school returned nothing');
  return row;
}

export async function countSchools(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(schools);
  return row?.n ?? 0;
}

export async function insertTerms(
  db: DbOrTx,
  list: { schoolId: string; academicYear: number; semester: number; startsOn: string; endsOn: string }[],
) {
  return db.insert(terms).values(list).returning();
}

export async function listSchools(db: DbOrTx) {
  return db.select().from(schools).orderBy(schools.code);
}

/** A school's term by academic year and semester. */
export async function termsOf(
  db: DbOrTx,
  schoolId: string,
  term: { academicYear: number; semester: number },
) {
  return db
    .select()
    .from(terms)
    .where(
      and(
        eq(terms.schoolId, schoolId),
        eq(terms.academicYear, term.academicYear),
        eq(terms.semester, term.semester),
      ),
    );
}
