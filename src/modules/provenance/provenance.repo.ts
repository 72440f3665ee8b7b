/** The only SQL of the provenance module. */
import { randomInt } from 'node:crypto';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import {
  centralReceipts,
  centralSchools,
  centralStudents,
  courses,
  files,
  outcomeCredentials,
  outcomes,
  schools,
  students,
  terms,
  users,
} from '../../db/schema/index.js';
import { STATUS_LIST_SIZE } from './vc.js';

/** What a certification credential says about one outcome (its current state). */
export async function outcomeForCredential(db: DbOrTx, outcomeId: string) {
  const doc = alias(files, 'doc');
  const media = alias(files, 'media');
  const [row] = await db
    .select({
      id: outcomes.id,
      schoolId: outcomes.schoolId,
      status: outcomes.status,
      title: outcomes.title,
      summary: outcomes.summary,
      decidedAt: outcomes.decidedAt,
      decidedBy: users.displayName,
      school: { code: schools.code, name: schools.name },
      student: { name: students.name, nationalId: students.nationalId },
      course: { code: courses.code, name: courses.name },
      term: { academicYear: terms.academicYear, semester: terms.semester },
      document: { name: doc.originalName, sha256: doc.sha256, size: doc.size },
      mediaSha256: media.sha256,
      mediaName: media.originalName,
      mediaSize: media.size,
    })
    .from(outcomes)
    .innerJoin(schools, eq(schools.id, outcomes.schoolId))
    .innerJoin(students, eq(students.id, outcomes.studentId))
    .innerJoin(courses, eq(courses.id, outcomes.courseId))
    .innerJoin(terms, eq(terms.id, outcomes.termId))
    .innerJoin(doc, eq(doc.id, outcomes.documentFileId))
    .leftJoin(media, eq(media.id, outcomes.mediaFileId))
    .leftJoin(users, eq(users.id, outcomes.decidedBy))
    .where(eq(outcomes.id, outcomeId));
  return row ?? null;
}

/** The outcome's credential in force (not revoked), newest first. */
export async function activeCredential(db: DbOrTx, outcomeId: string) {
  const [row] = await db
    .select()
    .from(outcomeCredentials)
    .where(and(eq(outcomeCredentials.outcomeId, outcomeId), isNull(outcomeCredentials.revokedAt)))
    .orderBy(desc(outcomeCredentials.issuedAt))
    .limit(1);
  return row ?? null;
}

export async function credentialsOfOutcome(db: DbOrTx, outcomeId: string) {
  return db
    .select()
    .from(outcomeCredentials)
    .where(eq(outcomeCredentials.outcomeId, outcomeId))
    .orderBy(desc(outcomeCredentials.issuedAt));
}

/**
 * A free position in the school's status list, chosen at random (the spec's advice: neighbouring
 * indexes should not reveal issuance order), reserved by inserting the credential row with it.
 */
export async function insertCredential(
  db: DbOrTx,
  row: Omit<typeof outcomeCredentials.$inferInsert, 'statusIndex' | 'jwt'>,
  sign: (statusIndex: number) => Promise<string>,
) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const statusIndex = randomInt(STATUS_LIST_SIZE);
    const jwt = await sign(statusIndex);
    const [inserted] = await db
      .insert(outcomeCredentials)
      .values({ ...row, statusIndex, jwt })
      .onConflictDoNothing()
      .returning();
    if (inserted) return inserted;
  }
  throw new Error('no free position in the status list');
}

/** Revokes the outcome's credentials in force; returns how many. */
export async function revokeOfOutcome(db: DbOrTx, outcomeId: string, at: Date, reason: string) {
  const rows = await db
    .update(outcomeCredentials)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(outcomeCredentials.outcomeId, outcomeId), isNull(outcomeCredentials.revokedAt)))
    .returning({ id: outcomeCredentials.id });
  return rows.length;
}

export async function revokedIndexes(db: DbOrTx, schoolId: string) {
  const rows = await db
    .select({ i: outcomeCredentials.statusIndex })
    .from(outcomeCredentials)
    .where(and(eq(outcomeCredentials.schoolId, schoolId), isNotNull(outcomeCredentials.revokedAt)));
  return rows.map((r) => r.i);
}

export async function schoolByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ id: schools.id, code: schools.code, name: schools.name })
    .from(schools)
    .where(eq(schools.code, code));
  return row ?? null;
}

/** A central receipt with its school code and student identity (the repository's own tables). */
export async function receiptForCredential(db: DbOrTx, receiptId: string) {
  const [row] = await db
    .select({
      id: centralReceipts.id,
      academicYear: centralReceipts.academicYear,
      semester: centralReceipts.semester,
      roster: centralReceipts.roster,
      content: centralReceipts.content,
      sha256: centralReceipts.sha256,
      issuedAt: centralReceipts.issuedAt,
      credential: centralReceipts.credential,
      schoolCode: centralSchools.code,
      nationalId: centralStudents.nationalId,
      name: centralStudents.name,
    })
    .from(centralReceipts)
    .innerJoin(centralSchools, eq(centralSchools.id, centralReceipts.schoolId))
    .innerJoin(centralStudents, eq(centralStudents.id, centralReceipts.studentId))
    .where(eq(centralReceipts.id, receiptId));
  return row ?? null;
}

/** Sets the receipt's credential unless one was set meanwhile; returns the one kept. */
export async function setReceiptCredential(db: DbOrTx, receiptId: string, jwt: string) {
  await db
    .update(centralReceipts)
    .set({ credential: jwt })
    .where(and(eq(centralReceipts.id, receiptId), isNull(centralReceipts.credential)));
  const [row] = await db
    .select({ credential: centralReceipts.credential })
    .from(centralReceipts)
    .where(eq(centralReceipts.id, receiptId));
  return row?.credential ?? null;
}
