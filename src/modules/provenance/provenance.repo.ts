/** The only SQL of the provenance module. */
import { randomInt } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
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

/** What a certification credential says about each outcome (its current state). */
export async function outcomesForCredential(db: DbOrTx, outcomeIds: string[]) {
  if (outcomeIds.length === 0) return [];
  const doc = alias(files, 'doc');
  const media = alias(files, 'media');
  return db
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
    .where(inArray(outcomes.id, outcomeIds));
}

/** Which of the outcomes have a credential in force. */
export async function withActiveCredential(db: DbOrTx, outcomeIds: string[]) {
  if (outcomeIds.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ id: outcomeCredentials.outcomeId })
    .from(outcomeCredentials)
    .where(and(inArray(outcomeCredentials.outcomeId, outcomeIds), isNull(outcomeCredentials.revokedAt)));
  return new Set(rows.map((r) => r.id));
}

/** The credentials in force of the outcomes (newest per outcome), by outcome id. */
export async function activeJwts(db: DbOrTx, outcomeIds: string[]) {
  if (outcomeIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ outcomeId: outcomeCredentials.outcomeId, jwt: outcomeCredentials.jwt })
    .from(outcomeCredentials)
    .where(and(inArray(outcomeCredentials.outcomeId, outcomeIds), isNull(outcomeCredentials.revokedAt)))
    .orderBy(outcomeCredentials.issuedAt);
  return new Map(rows.map((r) => [r.outcomeId, r.jwt]));
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

type NewCredential = Omit<typeof outcomeCredentials.$inferInsert, 'statusIndex' | 'jwt'> & { id: string };

/**
 * Inserts credentials, each at a free position of its school's status list chosen at random (the spec's
 * advice: neighbouring indexes should not reveal issuance order); a position taken meanwhile is drawn
 * again. `sign` makes the JWT for a row and its position.
 */
export async function insertCredentials(
  db: DbOrTx,
  rows: NewCredential[],
  sign: (row: NewCredential, statusIndex: number) => Promise<string>,
) {
  const inserted: (typeof outcomeCredentials.$inferSelect)[] = [];
  let pending = rows;
  for (let attempt = 0; pending.length > 0 && attempt < 20; attempt++) {
    const values = await Promise.all(
      pending.map(async (row) => {
        const statusIndex = randomInt(STATUS_LIST_SIZE);
        return { ...row, statusIndex, jwt: await sign(row, statusIndex) };
      }),
    );
    const got = await db.insert(outcomeCredentials).values(values).onConflictDoNothing().returning();
    inserted.push(...got);
    const done = new Set(got.map((g) => g.id));
    pending = pending.filter((r) => !done.has(r.id));
  }
  if (pending.length > 0) throw new Error('no free position in the status list');
  return inserted;
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
