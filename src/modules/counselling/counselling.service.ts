import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { charCount, SUMMARY_MAX } from '../../domain/limits.js';
import { UPLOAD_PURPOSES } from '../../domain/upload-purposes.js';
import { AppError } from '../../server/errors.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, schoolOf } from '../policy/policy.js';
import type { BlobStore } from '../storage/blob-store.js';
import { ownFile } from '../uploads/files.repo.js';
import type { Intake } from '../uploads/intake.js';
import { assignedAmong } from './assignments.repo.js';
import * as repo from './counselling.repo.js';

/** 課程諮詢紀錄 attachments: pdf/jpg/png up to 2 MB (SPEC.md §4.3). */
export const COUNSELLING_ATTACHMENT = UPLOAD_PURPOSES.counsellingAttachment;

export interface NewCounsellingRecord {
  kind: 'individual' | 'group';
  studentIds: string[];
  startsAt: Date;
  endsAt: Date;
  title: string;
  place: string;
  summary: string;
  /** An uploaded file of purpose counsellingAttachment owned by the counsellor. */
  attachmentFileId?: string;
}

export type CounsellingService = ReturnType<typeof createCounsellingService>;

/** Counselling records: entered by counsellors, kept at school only (never submitted). */
export function createCounsellingService(deps: {
  db: Db;
  blobs: BlobStore;
  intake: Intake;
  incomingDir: string;
}) {
  const { db, blobs, intake } = deps;

  async function create(user: SessionUser, input: NewCounsellingRecord): Promise<string> {
    const school = schoolOf(user);
    if (charCount(input.summary) > SUMMARY_MAX) throw new AppError('SUMMARY_TOO_LONG', { max: SUMMARY_MAX });
    if (input.endsAt <= input.startsAt) throw new AppError('TIME_RANGE_INVALID');
    const ids = [...new Set(input.studentIds)];
    if ((input.kind === 'individual' && ids.length !== 1) || (input.kind === 'group' && ids.length < 2)) {
      throw new AppError('COUNSELLING_PARTICIPANTS');
    }
    if ((await repo.studentsOfSchool(db, school.id, ids)).length !== ids.length)
      throw new AppError('NOT_FOUND');
    // A session is recorded only for students assigned to the counsellor, every one of them.
    if ((await assignedAmong(db, user.id, ids)).size !== ids.length)
      throw new AppError('COUNSELLING_NOT_ASSIGNED');
    // The attachment, if any, was uploaded (and checked by content) before: the record is written with
    // it in one transaction, so a refused attachment never leaves a record without one.
    const file = input.attachmentFileId ? await ownFile(db, input.attachmentFileId, user.id) : undefined;
    if (input.attachmentFileId && !file) throw new AppError('NOT_FOUND');
    if (file && file.purpose !== 'counsellingAttachment') throw new AppError('COUNSELLING_ATTACHMENT_FILE');
    return db.transaction(async (tx) => {
      const id = await repo.insertRecord(
        tx,
        {
          schoolId: school.id,
          kind: input.kind,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          title: input.title,
          place: input.place,
          summary: input.summary,
          counselorUserId: user.id,
        },
        ids,
      );
      if (file) await repo.setAttachment(tx, id, file.sha256, file.originalName);
      return id;
    });
  }

  /** Attaches (or replaces) the file of the caller's own record. */
  async function attach(user: SessionUser, recordId: string, file: { name: string; data: Buffer }) {
    const school = schoolOf(user);
    const owner = await repo.recordOwner(db, school.id, recordId);
    if (!owner) throw new AppError('NOT_FOUND');
    if (owner !== user.id) throw new AppError('FORBIDDEN');
    // The same intake pipeline as every upload: checks by content, durable blob, then the rows.
    await intake.precheck(user, 'counsellingAttachment', file.name, file.data.length);
    await fs.mkdir(deps.incomingDir, { recursive: true });
    const tmp = path.join(deps.incomingDir, `counselling-${randomBytes(8).toString('hex')}`);
    await fs.writeFile(tmp, file.data, { mode: 0o640 });
    const accepted = await intake.accept({
      user,
      purpose: 'counsellingAttachment',
      source: tmp,
      name: file.name,
      via: 'plain',
    });
    await repo.setAttachment(db, recordId, accepted.sha256, accepted.originalName);
    return { sha256: accepted.sha256, size: accepted.size, mime: accepted.mime };
  }

  /**
   * The records the caller may read (their own, and those of students assigned to them), newest first.
   * Reading records about students is staff access to another person's data: audited.
   */
  async function list(user: SessionUser, studentId: string | undefined, requestId: string) {
    const school = schoolOf(user);
    await assertOwnSchool(db, user, { student: studentId });
    const rows = await repo.listRecords(db, school.id, { userId: user.id, studentId, limit: 200 });
    if (rows.length > 0) {
      await auditRead(
        db,
        { user, requestId },
        'read.counselling_list',
        {
          scope: studentId ? { type: 'student', id: studentId } : { type: 'school' },
          studentIds: rows.flatMap((r) => r.students.map((st) => st.id)),
        },
        {
          recordIds: rows.map((r) => r.id),
          byOthers: rows.filter((r) => r.counselorUserId !== user.id).length,
        },
      );
    }
    return rows.map(({ counselorUserId, ...r }) => ({ ...r, own: counselorUserId === user.id }));
  }

  /** The attachment of a record the caller may read; every download is audited. */
  async function attachment(
    user: SessionUser,
    recordId: string,
    requestId: string,
  ): Promise<{ name: string; mime: string; stream: Readable }> {
    const school = schoolOf(user);
    const row = await repo.findAttachment(db, school.id, recordId, user.id);
    if (!row?.sha256) throw new AppError('NOT_FOUND');
    await auditRead(
      db,
      { user, requestId },
      'read.counselling_attachment',
      { scope: { type: 'counsellingRecord', id: recordId }, studentIds: row.studentIds },
      { author: row.authorUserId === user.id ? 'self' : 'other' },
    );
    return { name: row.name ?? 'attachment', mime: row.mime, stream: await blobs.open(row.sha256) };
  }

  return { create, attach, list, attachment };
}
