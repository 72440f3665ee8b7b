/** SQL of the policy module: which of a set of ids belong to a school. */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { classes, courses, students, terms, users, windows } from '../../db/schema/index.js';

const TABLES = {
  term: terms,
  class: classes,
  student: students,
  course: courses,
  user: users,
  window: windows,
} as const;
export type SchoolObject = keyof typeof TABLES;

/** How many of the given ids are rows of this school in the object's table. */
export async function countOfSchool(
  db: DbOrTx,
  schoolId: string,
  kind: SchoolObject,
  ids: string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const table = TABLES[kind];
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.schoolId, schoolId), inArray(table.id, ids)));
  return rows.length;
}
