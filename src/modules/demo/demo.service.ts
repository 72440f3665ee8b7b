import type { Db } from '../../db/client.js';
import { termCode } from '../../domain/calendar.js';
import { insertUsers } from '../accounts/accounts.repo.js';
import { hashPassword } from '../auth/password.js';
import { countSchools, insertSchool, insertTerms } from '../schools/schools.repo.js';
import {
  DEMO_CLASSES,
  DEMO_PASSWORD,
  DEMO_SCHOOL,
  DEMO_STAFF,
  demoCourses,
  demoParents,
  demoStudents,
  demoTerms,
} from './demo.data.js';
import * as repo from './demo.repo.js';

export type SeedResult =
  | { seeded: false; reason: 'not-empty' }
  | { seeded: true; students: number; courses: number };

/**
 * Seeds the fictional demo school in one transaction. Refuses (returns not-empty) when the database
 * already holds any school, so it never touches a real deployment's data.
 */
export async function seedDemoSchool(db: Db): Promise<SeedResult> {
  // One hash for all demo accounts: they share one documented password, and argon2 is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await repo.lockSeeding(tx);
    if ((await countSchools(tx)) > 0) return { seeded: false, reason: 'not-empty' } as const;
    const school = await insertSchool(tx, { code: DEMO_SCHOOL.code, name: DEMO_SCHOOL.name });
    const account = (
      username: string,
      displayName: string,
      roles: Parameters<typeof insertUsers>[1][number]['roles'],
    ) => ({
      schoolId: school.id,
      username,
      displayName,
      passwordHash,
      mustChangePassword: false,
      roles,
    });

    const userIds = await insertUsers(tx, [
      ...DEMO_STAFF.map((u) => ({
        ...account(u.username, u.displayName, u.roles),
        schoolId: u.platform ? null : school.id,
      })),
    ]);
    const terms = await insertTerms(
      tx,
      demoTerms().map((t) => ({ schoolId: school.id, ...t.term, startsOn: t.startsOn, endsOn: t.endsOn })),
    );
    const termId = new Map(
      terms.map((t) => [termCode({ academicYear: t.academicYear, semester: t.semester as 1 | 2 }), t.id]),
    );
    const classRows = await repo.insertClasses(
      tx,
      DEMO_CLASSES.map((c) => ({
        schoolId: school.id,
        academicYear: 115,
        grade: c.grade,
        department: c.department,
        name: c.name,
        homeroomUserId: userIds.get(c.homeroom),
      })),
    );
    const classId = new Map(DEMO_CLASSES.map((c) => [c.key, classRows.find((r) => r.name === c.name)?.id]));

    const students = demoStudents();
    const studentUserIds = await insertUsers(
      tx,
      students.map((s) => account(s.username, s.name, ['student'])),
    );
    const studentRows = await repo.insertStudents(
      tx,
      students.map((s) => ({
        schoolId: school.id,
        userId: studentUserIds.get(s.username),
        studentNo: s.studentNo,
        nationalId: s.nationalId,
        name: s.name,
        birthDate: s.birthDate,
        gender: s.gender,
        entryYear: s.entryYear,
        classId: classId.get(s.classKey),
        seatNo: s.seatNo,
      })),
    );
    const studentId = new Map(studentRows.map((r) => [r.studentNo, r.id]));

    const parents = demoParents(students);
    const parentIds = await insertUsers(
      tx,
      parents.map((p) => account(p.username, p.displayName, ['parent'])),
    );
    await repo.insertParentLinks(
      tx,
      parents.map((p) => ({
        parentUserId: parentIds.get(p.username) as string,
        studentId: studentId.get(p.studentNo) as string,
        schoolId: school.id,
      })),
    );

    const courses = demoCourses();
    const courseRows = await repo.insertCourses(
      tx,
      courses.map((c) => ({
        schoolId: school.id,
        termId: termId.get(termCode(c.term)) as string,
        code: c.code,
        name: c.name,
        credits: c.credits,
        grade: c.grade,
      })),
    );
    // RETURNING order is not guaranteed: key the new ids by term and code.
    const courseIdByKey = new Map(courseRows.map((r) => [`${r.termId}:${r.code}`, r.id]));
    const courseIdOf = (c: (typeof courses)[number]) =>
      courseIdByKey.get(`${termId.get(termCode(c.term))}:${c.code}`) as string;
    await repo.insertCourseTeachers(
      tx,
      courses.map((c) => ({ courseId: courseIdOf(c), userId: userIds.get(c.teacher) as string })),
    );
    await repo.insertEnrollments(
      tx,
      courses.flatMap((c) =>
        students
          .filter((s) => s.classKey === c.classKey)
          .map((s) => ({
            courseId: courseIdOf(c),
            studentId: studentId.get(s.studentNo) as string,
            schoolId: school.id,
          })),
      ),
    );
    return { seeded: true, students: students.length, courses: courses.length } as const;
  });
}
