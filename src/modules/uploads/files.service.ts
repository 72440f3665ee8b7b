import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { taipeiDateOf, toIsoDate } from '../../domain/calendar.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { certifiableCourses } from '../outcomes/outcomes.repo.js';
import { authoriseStudentRead } from '../policy/policy.js';
import type { BlobStore } from '../storage/blob-store.js';
import * as repo from './files.repo.js';

export type FilesService = ReturnType<typeof createFilesService>;

/** Parses a single HTTP byte range against a size; null when absent, throws 416 when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) throw new AppError('RANGE_NOT_SATISFIABLE');
  return { start, end };
}

/** Reads of accepted files, authorised per object on every request. */
export function createFilesService(deps: { db: Db; blobs: BlobStore; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const { db, blobs } = deps;

  /**
   * The owner may always read their file. A student's file may also be read by whoever may read that
   * student's record (parent, homeroom teacher, offices, counsellor; audited) — the policy module decides.
   * Other people get 404, so file ids do not reveal existence.
   */
  async function authorise(user: SessionUser, fileId: string, requestId: string) {
    const file = await repo.findFile(db, fileId);
    if (!file) throw new AppError('NOT_FOUND');
    if (file.ownerUserId === user.id) return file;
    // The teacher (or substitute) certifying an outcome that carries the file may read it.
    if (user.roles.includes('teacher') || user.roles.includes('substitute')) {
      const courses = await repo.outcomeCoursesOfFile(db, file.id);
      if (courses.length > 0) {
        // Substitute assignments are dated in Taiwan.
        const allowed = await certifiableCourses(db, user.id, toIsoDate(taipeiDateOf(now())));
        if (courses.some((c) => allowed.has(c))) return file;
      }
    }
    const student = await repo.studentOfUser(db, file.ownerUserId);
    if (!student || student.schoolId !== user.school?.id) throw new AppError('NOT_FOUND');
    try {
      await authoriseStudentRead(db, user, student.id, requestId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('NOT_FOUND');
      throw e;
    }
    return file;
  }

  async function content(
    user: SessionUser,
    fileId: string,
    rangeHeader: string | undefined,
    requestId: string,
  ): Promise<{ file: repo.FileRow; stream: Readable; range: { start: number; end: number } | null }> {
    const file = await authorise(user, fileId, requestId);
    const range = parseRange(rangeHeader, file.size);
    return { file, stream: await blobs.open(file.sha256, range ?? undefined), range };
  }

  /** The safe derivative (images re-encoded without metadata) or the thumbnail; 404 until the job made it. */
  async function derivative(
    user: SessionUser,
    fileId: string,
    which: 'preview' | 'thumbnail',
    requestId: string,
  ) {
    const file = await authorise(user, fileId, requestId);
    const sha = which === 'preview' ? file.safeSha256 : file.thumbSha256;
    if (!sha) throw new AppError('NOT_FOUND');
    // PDFs preview as a PNG of their first page; images keep their format.
    const previewMime = file.mime === 'image/jpeg' ? 'image/jpeg' : 'image/png';
    return { mime: which === 'preview' ? previewMime : 'image/jpeg', stream: await blobs.open(sha) };
  }

  const own = (user: SessionUser) => repo.listOwnFiles(db, user.id, 100);

  return { authorise, content, derivative, own };
}
