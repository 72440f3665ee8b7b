import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { charCount, SUMMARY_MAX } from '../../domain/limits.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import type { BlobStore } from '../storage/blob-store.js';
import { checkFile, MB } from '../storage/file-rules.js';
import * as repo from './counselling.repo.js';

/** 課程諮詢紀錄 attachments: pdf/jpg/png up to 2 MB (SPEC.md §4.3). */
export const COUNSELLING_ATTACHMENT = {
  kinds: ['pdf', 'jpg', 'png'] as ('pdf' | 'jpg' | 'png')[],
  maxBytes: 2 * MB,
};

export interface NewCounsellingRecord {
  kind: 'individual' | 'group';
  studentIds: string[];
  startsAt: Date;
  endsAt: Date;
  title: string;
  place: string;
  summary: string;
}

export type CounsellingService = ReturnType<typeof createCounsellingService>;

const schoolOf = (user: SessionUser) => {
  if (!user.school) throw new AppError('FORBIDDEN');
  return user.school;
};

/** Counselling records: entered by counsellors, kept at school only (never submitted). */
export function createCounsellingService(deps: { db: Db; blobs: BlobStore }) {
  const { db, blobs } = deps;

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
    return db.transaction((tx) =>
      repo.insertRecord(
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
      ),
    );
  }

  /** Attaches (or replaces) the file of the caller's own record. */
  async function attach(user: SessionUser, recordId: string, file: { name: string; data: Buffer }) {
    const school = schoolOf(user);
    const mime = await checkFile(file.data, COUNSELLING_ATTACHMENT);
    const owner = await repo.recordOwner(db, school.id, recordId);
    if (!owner) throw new AppError('NOT_FOUND');
    if (owner !== user.id) throw new AppError('FORBIDDEN');
    // Durable on disk first; only then may the database reference it.
    const stored = await blobs.put(file.data);
    await db.transaction(async (tx) => {
      await repo.insertBlobRow(tx, { sha256: stored.sha256, size: stored.size, mime });
      await repo.setAttachment(tx, recordId, stored.sha256, file.name.slice(0, 200));
    });
    return { sha256: stored.sha256, size: stored.size, mime };
  }

  async function list(user: SessionUser, studentId?: string) {
    return repo.listRecords(db, schoolOf(user).id, { studentId, limit: 200 });
  }

  async function attachment(
    user: SessionUser,
    recordId: string,
  ): Promise<{ name: string; mime: string; stream: Readable }> {
    const row = await repo.findAttachment(db, schoolOf(user).id, recordId);
    if (!row?.sha256) throw new AppError('NOT_FOUND');
    return { name: row.name ?? 'attachment', mime: row.mime, stream: await blobs.open(row.sha256) };
  }

  return { create, attach, list, attachment };
}
