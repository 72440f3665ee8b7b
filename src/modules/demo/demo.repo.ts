import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  classes,
  courses,
  courseTeachers,
  enrollments,
  parentLinks,
  students,
} from '../../db/schema/index.js';

/** Bulk inserts used by the demo seed (the master-data capability will own these tables' regular writes). */
export const insertClasses = (db: DbOrTx, rows: (typeof classes.$inferInsert)[]) =>
  db.insert(classes).values(rows).returning({ id: classes.id, name: classes.name });

export const insertStudents = (db: DbOrTx, rows: (typeof students.$inferInsert)[]) =>
  db.insert(students).values(rows).returning({ id: students.id, studentNo: students.studentNo });

export const insertCourses = (db: DbOrTx, rows: (typeof courses.$inferInsert)[]) =>
  db.insert(courses).values(rows).returning({ id: courses.id, termId: courses.termId, code: courses.code });

export async function insertCourseTeachers(db: DbOrTx, rows: (typeof courseTeachers.$inferInsert)[]) {
  await db.insert(courseTeachers).values(rows);
}

export async function insertEnrollments(db: DbOrTx, rows: (typeof enrollments.$inferInsert)[]) {
  // Chunked: one statement has at most 65,535 parameters.
  for (let i = 0; i < rows.length; i += 5000) await db.insert(enrollments).values(rows.slice(i, i + 5000));
}

export async function insertParentLinks(db: DbOrTx, rows: (typeof parentLinks.$inferInsert)[]) {
  await db.insert(parentLinks).values(rows);
}

/** Serialises seeding across processes for the rest of the transaction. */
export async function lockSeeding(db: DbOrTx): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7301998)`);
}
