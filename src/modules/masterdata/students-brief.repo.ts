/** The one brief listing of a school's students (its own file: the counselling and account repos use it). */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { classes, students } from '../../db/schema/index.js';

/**
 * A school's students, briefly (id, 學號, name, class, seat), in class and seat order, narrowed by
 * `where`: behind the counsellor's assigned students and the students still without an account.
 */
export async function studentsInClassOrder(db: DbOrTx, schoolId: string, where?: SQL) {
  return db
    .select({
      id: students.id,
      studentNo: students.studentNo,
      name: students.name,
      className: classes.name,
      seatNo: students.seatNo,
    })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(and(eq(students.schoolId, schoolId), where))
    .orderBy(asc(classes.name), asc(students.seatNo), asc(students.studentNo));
}
