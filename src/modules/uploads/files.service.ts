import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { taipeiDateOf, toIsoDate } from '../../domain/calendar.js';
import { AppError } from '../../server/errors.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { certifiableCourses } from '../outcomes/outcomes.repo.js';
import { authoriseStudentRead } from '../policy/policy.js';
import type { BlobStore } from '../storage/blob-store.js';
import * as repo from './files.repo.js';
import { IMAGE_LIMITS } from './image-budget.js';
import { readAll, withoutMetadata } from './safe-image.js';

/** Images whose metadata (EXIF, GPS, XMP) only their owner receives. */
const STRIPPED_FOR_OTHERS = new Set(['image/jpeg', 'image/png']);

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
   * student's record (parent, homeroom teacher, offices, counsellor) — the policy module decides.
   * Other people get 404, so file ids do not reveal existence. Every read by someone other than the
   * owner is audited (which part: metadata, content, preview or thumbnail).
   */
  async function authorise(
    user: SessionUser,
    fileId: string,
    requestId: string,
    part: 'metadata' | 'content' | 'preview' | 'thumbnail' = 'metadata',
  ) {
    const file = await repo.findFile(db, fileId);
    if (!file) throw new AppError('NOT_FOUND');
    if (file.ownerUserId === user.id) return file;
    const student = await repo.studentOfUser(db, file.ownerUserId);
    const read = {
      action: 'read.file' as const,
      scope: { type: 'file' as const, id: file.id },
      details: { purpose: file.purpose, part },
    };
    // The teacher (or substitute) certifying an outcome that carries the file may read it.
    if (user.roles.includes('teacher') || user.roles.includes('substitute')) {
      const courses = await repo.outcomeCoursesOfFile(db, file.id);
      if (courses.length > 0) {
        // Substitute assignments are dated in Taiwan.
        const allowed = await certifiableCourses(db, user.id, toIsoDate(taipeiDateOf(now())));
        if (courses.some((c) => allowed.has(c))) {
          await auditRead(
            db,
            { user, requestId },
            read.action,
            { scope: read.scope, studentIds: student ? [student.id] : [] },
            { access: 'certifier', ...read.details },
          );
          return file;
        }
      }
    }
    if (!student || student.schoolId !== user.school?.id) throw new AppError('NOT_FOUND');
    try {
      await authoriseStudentRead(db, user, student.id, requestId, read);
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('NOT_FOUND');
      throw e;
    }
    return file;
  }

  /**
   * The bytes of a file. Its owner gets the original as uploaded (HTTP Range for media). Anyone else
   * reading an image (a teacher, a parent, the homeroom teacher) gets it re-encoded without metadata:
   * phone photos carry EXIF with GPS coordinates, which must not leave with them. That is the copy the
   * derivatives job made, or, until it exists, one made now the same way (not stored). The original's
   * digest stays the file's, in its metadata and history.
   */
  async function content(
    user: SessionUser,
    fileId: string,
    rangeHeader: string | undefined,
    requestId: string,
  ): Promise<{
    file: repo.FileRow;
    stream: Readable;
    range: { start: number; end: number } | null;
    /** What is served, when it is not the original: digest and size of the copy without metadata. */
    served?: { sha256: string; size: number };
  }> {
    const file = await authorise(user, fileId, requestId, 'content');
    if (file.ownerUserId !== user.id && STRIPPED_FOR_OTHERS.has(file.mime)) {
      if (file.safeSha256) {
        const size = (await blobs.stat(file.safeSha256))?.size;
        if (size !== undefined)
          return {
            file,
            stream: await blobs.open(file.safeSha256),
            range: null,
            served: { sha256: file.safeSha256, size },
          };
      }
      const original = await readAll(await blobs.open(file.sha256));
      const safe = await withoutMetadata(original, file.mime === 'image/png' ? 'png' : 'jpeg', {
        limitInputPixels: IMAGE_LIMITS.maxPixels,
      });
      return {
        file,
        stream: Readable.from([safe]),
        range: null,
        served: { sha256: createHash('sha256').update(safe).digest('hex'), size: safe.length },
      };
    }
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
    const file = await authorise(user, fileId, requestId, which);
    const sha = which === 'preview' ? file.safeSha256 : file.thumbSha256;
    if (!sha) throw new AppError('NOT_FOUND');
    // PDFs preview as a PNG of their first page; images keep their format.
    const previewMime = file.mime === 'image/jpeg' ? 'image/jpeg' : 'image/png';
    return { mime: which === 'preview' ? previewMime : 'image/jpeg', stream: await blobs.open(sha) };
  }

  const own = (user: SessionUser) => repo.listOwnFiles(db, user.id, 100);
  /** The caller's files, each with what uses it (我的檔案 says whether a file is handed in anywhere). */
  async function ownWithUses(user: SessionUser) {
    const list = await own(user);
    const uses = await repo.usesOf(
      db,
      list.map((f) => f.id),
    );
    return list.map((f) => ({
      file: f,
      usedBy: uses.filter((u) => u.fileId === f.id).map(({ fileId: _, ...u }) => u),
    }));
  }

  return { authorise, content, derivative, own, ownWithUses };
}
