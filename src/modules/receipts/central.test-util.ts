/**
 * TEST FIXTURE (tests only), not a mock: writes real rows into the central repository's tables the way
 * the intake does (contract 4) until the intake capability is merged — a school registered with its
 * signing key, an accepted submission with its rows, the student's receipt, and the supersession of the
 * student's earlier receipt of the same (school, roster, year, semester) with its open dispute resolved
 * as 'corrected'. The exchange between school and repository stays real HTTP.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  centralDisputes,
  centralReceipts,
  centralRows,
  centralSchools,
  centralStudents,
  centralSubmissions,
  type ReceiptContent,
} from '../../db/schema/index.js';
import { signingKeyOf } from '../submissions/signing.js';

/** Registers a school at the repository with its package signing key; the central school id. */
export async function registerSchoolAtCentral(
  db: DbOrTx,
  school: { id: string; code: string },
  secret: string,
): Promise<string> {
  const key = await signingKeyOf(db, school.id, secret);
  const [row] = await db
    .insert(centralSchools)
    .values({
      code: school.code,
      name: `測試高中${school.code}`,
      publicKey: key.publicKeyPem,
      keyFingerprint: key.fingerprint,
      registeredAt: new Date(),
    })
    .returning({ id: centralSchools.id });
  return row?.id as string;
}

export interface FixtureRow {
  data: Record<string, string>;
  status?: 'accepted' | 'rejected';
  reasonCode?: string;
}

/**
 * One accepted submission of one student's rows and its receipt, as the intake writes them; the
 * student's earlier receipt of the same scope is superseded and its open dispute resolved 'corrected'.
 */
export async function issueFixtureReceipt(
  db: DbOrTx,
  v: {
    centralSchoolId: string;
    schoolCode: string;
    student: { nationalId: string; birthDate: string; name: string };
    roster: number;
    academicYear: number;
    semester: number;
    rows: FixtureRow[];
    files?: { path: string; bytes: Buffer }[];
    at?: Date;
  },
) {
  const at = v.at ?? new Date();
  return db.transaction(async (tx) => {
    await tx
      .insert(centralStudents)
      .values({
        nationalId: v.student.nationalId,
        birthDate: v.student.birthDate,
        name: v.student.name,
        createdAt: at,
      })
      .onConflictDoNothing();
    const [student] = await tx
      .select()
      .from(centralStudents)
      .where(
        and(
          eq(centralStudents.nationalId, v.student.nationalId),
          eq(centralStudents.birthDate, v.student.birthDate),
        ),
      );
    if (!student) throw new Error('central student not stored');
    const [submission] = await tx
      .insert(centralSubmissions)
      .values({
        schoolId: v.centralSchoolId,
        claimedSchoolCode: v.schoolCode,
        packageSha256: randomBytes(32).toString('hex'),
        packageSize: 1024,
        academicYear: v.academicYear,
        semester: v.semester,
        roster: v.roster,
        formatVersion: 'fixture',
        via: 'api',
        receivedAt: at,
        status: 'accepted',
        rowsAccepted: v.rows.filter((r) => r.status !== 'rejected').length,
        rowsRejected: v.rows.filter((r) => r.status === 'rejected').length,
      })
      .returning();
    if (!submission) throw new Error('submission not stored');
    const content: ReceiptContent = {
      schoolCode: v.schoolCode,
      academicYear: v.academicYear,
      semester: v.semester,
      roster: v.roster,
      student: { name: v.student.name },
      rows: v.rows.map((r, i) => ({
        sheet: 'fixture',
        rowNumber: i + 1,
        naturalKey: `${v.student.nationalId}|${i + 1}`,
        status: r.status ?? 'accepted',
        ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}),
        data: r.data,
      })),
      files: (v.files ?? []).map((f) => ({
        path: f.path,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        size: f.bytes.length,
      })),
    };
    for (const [i, r] of v.rows.entries()) {
      await tx.insert(centralRows).values({
        submissionId: submission.id,
        schoolId: v.centralSchoolId,
        studentId: student.id,
        academicYear: v.academicYear,
        semester: v.semester,
        roster: v.roster,
        sheet: 'fixture',
        rowNumber: i + 1,
        naturalKey: r.status === 'rejected' ? null : `${submission.id}|${i + 1}`,
        data: r.data,
        status: r.status ?? 'accepted',
        reasonCode: r.reasonCode ?? null,
        createdAt: at,
      });
    }
    const sha256 = createHash('sha256').update(JSON.stringify(content)).digest('hex');
    const [receipt] = await tx
      .insert(centralReceipts)
      .values({
        submissionId: submission.id,
        schoolId: v.centralSchoolId,
        studentId: student.id,
        academicYear: v.academicYear,
        semester: v.semester,
        roster: v.roster,
        content,
        sha256,
        issuedAt: at,
      })
      .returning();
    if (!receipt) throw new Error('receipt not stored');
    // Contract 4: the earlier receipt of the same scope is superseded, its open dispute resolved.
    const earlier = await tx
      .select({ id: centralReceipts.id })
      .from(centralReceipts)
      .where(
        and(
          eq(centralReceipts.schoolId, v.centralSchoolId),
          eq(centralReceipts.studentId, student.id),
          eq(centralReceipts.roster, v.roster),
          eq(centralReceipts.academicYear, v.academicYear),
          eq(centralReceipts.semester, v.semester),
          ne(centralReceipts.status, 'superseded'),
          ne(centralReceipts.id, receipt.id),
        ),
      );
    for (const e of earlier) {
      await tx
        .update(centralReceipts)
        .set({ status: 'superseded', supersededBy: receipt.id })
        .where(eq(centralReceipts.id, e.id));
      await tx
        .update(centralDisputes)
        .set({
          status: 'resolved',
          resolution: 'corrected',
          resolvedAt: at,
          resolvedBySubmissionId: submission.id,
        })
        .where(and(eq(centralDisputes.receiptId, e.id), eq(centralDisputes.status, 'open')));
    }
    return { receiptId: receipt.id, submissionId: submission.id, centralStudentId: student.id };
  });
}
