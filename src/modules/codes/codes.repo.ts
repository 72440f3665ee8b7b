/** SQL of the code tables: a school's own entries (school_codes). */
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { schoolCodes } from '../../db/schema/index.js';
import {
  CODE_DOMAINS,
  type CodeDomain,
  type CodeEntry,
  type CodeTables,
  PLATFORM_CODES,
} from '../../domain/code-tables.js';

export const schoolCodesOf = (db: DbOrTx, schoolId: string) =>
  db
    .select()
    .from(schoolCodes)
    .where(eq(schoolCodes.schoolId, schoolId))
    .orderBy(asc(schoolCodes.domain), asc(schoolCodes.code));

/**
 * A school's code tables: the platform's entries (official or shipped subset) followed by the school's
 * own, disabled ones included and marked. Use `isValidCode` / `findCode` (domain/code-tables.ts) on it.
 */
export async function codeTables(db: DbOrTx, schoolId: string): Promise<CodeTables> {
  const own = await schoolCodesOf(db, schoolId);
  const tables = Object.fromEntries(CODE_DOMAINS.map((d) => [d, [...PLATFORM_CODES[d]]])) as CodeTables;
  for (const r of own) {
    const entry: CodeEntry = {
      id: r.id,
      code: r.code,
      label: { 'zh-TW': r.label, en: r.labelEn ?? r.label },
      source: 'school',
      disabled: r.disabledAt !== null,
      ...(r.groupCode ? { group: r.groupCode } : {}),
    };
    tables[r.domain].push(entry);
  }
  return tables;
}

export async function insertSchoolCode(
  db: DbOrTx,
  row: {
    schoolId: string;
    domain: CodeDomain;
    code: string;
    label: string;
    labelEn: string | null;
    groupCode: string | null;
    createdBy: string;
  },
) {
  const [created] = await db
    .insert(schoolCodes)
    .values(row)
    .onConflictDoNothing({ target: [schoolCodes.schoolId, schoolCodes.domain, schoolCodes.code] })
    .returning();
  return created ?? null;
}

export async function findSchoolCode(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(schoolCodes)
    .where(and(eq(schoolCodes.schoolId, schoolId), eq(schoolCodes.id, id)));
  return row ?? null;
}

export async function setSchoolCodeDisabled(db: DbOrTx, id: string, disabledAt: Date | null) {
  await db.update(schoolCodes).set({ disabledAt }).where(eq(schoolCodes.id, id));
}
