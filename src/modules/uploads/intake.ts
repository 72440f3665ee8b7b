/**
 * The one intake pipeline every upload goes through (tus or plain): purpose and quota checked before
 * the body is accepted, then — on the received bytes — size, content validation, SHA-256, durable blob,
 * and only then the database row. Anything refused leaves no row and no blob behind.
 */
import fs from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import type { Db } from '../../db/client.js';
import { isUploadPurpose, MB, UPLOAD_PURPOSES, type UploadPurpose } from '../../domain/upload-purposes.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import type { JobHandler } from '../jobs/jobs.js';
import type { BlobStore } from '../storage/blob-store.js';
import { createExaminer } from './examiner.js';
import * as repo from './files.repo.js';
import { createUploadGate } from './gate.js';
import { createImageDecoder, IMAGE_LIMITS, semaphore } from './image-budget.js';
import { createPreviewRenderer } from './pdf-preview.js';
import { withoutMetadata } from './safe-image.js';
import { checkFileName, inspectFile, nameForKind } from './validate.js';

/** Who an accepted file belongs to: a signed-in user, or the owner recorded in a resumable upload. */
export type UploadOwner = Pick<SessionUser, 'id'> & { school: { id: string } | null };

export interface Quota {
  bytes: number;
  files: number;
}

export type Intake = ReturnType<typeof createIntake>;

/**
 * Milliseconds per stage of accepting an upload: from arrival until the body is read (admit: session,
 * checks before the body), waiting for a turn (queue, gate.ts), receiving the body, hashing and parsing
 * it (examine, including the wait for a worker), the type checks, making the blob durable, recording it.
 */
export interface StageTimings {
  admit?: number;
  queue?: number;
  /** A tus creation request: from reaching tus to its answer (checks, the upload's info recorded). */
  create?: number;
  receive?: number;
  examine?: number;
  inspect?: number;
  store?: number;
  record?: number;
}

/** The `Server-Timing` header value for `t` (RFC: W3C Server Timing). */
export function serverTiming(t: StageTimings): string {
  return Object.entries(t)
    .map(([stage, ms]) => `${stage};dur=${(ms as number).toFixed(1)}`)
    .join(', ');
}

export const DERIVATIVES_JOB = 'file.derivatives';

/** This many files being accepted at once count as a crowd (see `busy`). */
const CROWD = 4;

export function createIntake(deps: {
  db: Db;
  blobs: BlobStore;
  quota: Quota;
  /** Upload bodies received and accepted at once (gate.ts); 0 for no limit. */
  concurrency: number;
}) {
  const { db, blobs, quota } = deps;
  const gate = createUploadGate({ limit: deps.concurrency });
  // Hashing and PDF parsing run in a few worker threads, one file each at a time: memory does not grow
  // with the number of concurrent uploads (the bytes wait on disk meanwhile) and the event loop stays free.
  const examiner = createExaminer();
  const previews = createPreviewRenderer();
  const bounded = semaphore(Math.max(2, availableParallelism() * 2));
  const images = createImageDecoder();

  // Files being accepted now, and when several last were at once: derivative jobs wait while uploads
  // pour in (a deadline night), not for a trickle.
  let inFlight = 0;
  let lastCrowded = 0;

  const quotaLabel = () => `${Math.round(quota.bytes / MB)} MB / ${quota.files}`;

  function ruleOf(purpose: string) {
    if (!isUploadPurpose(purpose)) throw new AppError('UPLOAD_PURPOSE_UNKNOWN');
    return UPLOAD_PURPOSES[purpose];
  }

  /**
   * Before any byte is accepted: the purpose exists, the name is acceptable, the declared size fits the
   * purpose's limit and the user's quota.
   */
  async function precheck(
    user: SessionUser,
    purpose: string,
    name: string,
    declaredSize: number | undefined,
  ) {
    const rule = ruleOf(purpose);
    if (!rule.roles.some((r) => user.roles.includes(r))) throw new AppError('FORBIDDEN');
    checkFileName(name);
    if (declaredSize === undefined || !Number.isFinite(declaredSize))
      throw new AppError('UPLOAD_LENGTH_REQUIRED');
    if (declaredSize === 0) throw new AppError('FILE_EMPTY');
    if (declaredSize > rule.maxBytes) throw new AppError('FILE_TOO_LARGE', { limitMb: rule.maxBytes / MB });
    const used = await repo.usageOf(db, user.id);
    if (used.bytes + declaredSize > quota.bytes || used.count + 1 > quota.files) {
      throw new AppError('UPLOAD_QUOTA_EXCEEDED', { limit: quotaLabel() });
    }
    return rule;
  }

  /**
   * Accepts a fully received file (consumed: moved into the blob store or deleted). Resolves with the
   * file row only when the bytes are durable and recorded — that is the acknowledgement.
   */
  async function accept(input: {
    user: UploadOwner;
    purpose: string;
    source: string;
    name: string;
    expectedSize?: number;
    via: 'tus' | 'plain';
    /** When the upload began (tus creation); decides the grace period after a window closes. */
    startedAt?: Date;
    /** The tus upload id: its state (tus_uploads) is removed with the recording of the file. */
    tusUpload?: string;
    /** Filled with how long each stage took, in ms (for the Server-Timing header). */
    timings?: StageTimings;
  }): Promise<repo.FileRow> {
    if (++inFlight >= CROWD) lastCrowded = Date.now();
    // Set once the blob store has taken the source file; until then a refusal deletes it.
    let consumed = false;
    const stages = input.timings ?? {};
    let mark = performance.now();
    const lap = (stage: keyof StageTimings) => {
      const now = performance.now();
      stages[stage] = now - mark;
      mark = now;
    };
    try {
      const rule = ruleOf(input.purpose);
      const name = checkFileName(input.name);
      const pdfAllowed = (rule.kinds as readonly string[]).includes('pdf');
      // The received file is flushed to disk while it is examined (rarely wasted: most files pass).
      const synced = blobs.syncSource(input.source);
      synced.catch(() => undefined);
      const examined = await examiner.examine(input.source, { pdf: pdfAllowed });
      lap('examine');
      const { sha256, size } = examined;
      if (input.expectedSize !== undefined && size !== input.expectedSize)
        throw new AppError('UPLOAD_INCOMPLETE');
      const inspected = await inspectFile(input.source, size, rule, { pdf: examined.pdf, bounded, images });
      lap('inspect');
      await blobs.putFile(input.source, { sha256, size }, { synced });
      consumed = true;
      lap('store');
      // From here the blob is durable; a refusal below leaves an unreferenced blob for `licheng gc`.
      const row = await repo.recordFile(
        db,
        {
          schoolId: input.user.school?.id ?? null,
          ownerUserId: input.user.id,
          purpose: input.purpose as UploadPurpose,
          sha256,
          size,
          mime: inspected.mime,
          // Downloaded under the detected type's extension, whatever the name claimed.
          originalName: nameForKind(name, inspected.kind),
          width: inspected.width ?? null,
          height: inspected.height ?? null,
          durationSeconds: inspected.durationSeconds === undefined ? null : String(inspected.durationSeconds),
          flags: inspected.flags,
          via: input.via,
          uploadStartedAt: input.startedAt ?? new Date(),
        },
        {
          quotaBytes: quota.bytes,
          quotaFiles: quota.files,
          // Previews: images re-encoded without metadata, PDFs' first page; media have none.
          jobKind: ['jpg', 'png', 'pdf'].includes(inspected.kind) ? DERIVATIVES_JOB : undefined,
          tusUpload: input.tusUpload,
        },
      );
      lap('record');
      if (!row) throw new AppError('UPLOAD_QUOTA_EXCEEDED', { limit: quotaLabel() });
      return row;
    } finally {
      inFlight--;
      if (!consumed) await fs.rm(input.source, { force: true });
    }
  }

  /**
   * Job: the served derivative — an image re-encoded without EXIF/GPS (orientation applied), or the first
   * page of a PDF rendered to PNG — and a thumbnail. Idempotent; a failure is retried and never touches
   * the original.
   */
  const derivatives: JobHandler = async (payload) => {
    const file = await repo.findFile(db, String(payload.fileId));
    if (!file || (file.safeSha256 && file.thumbSha256)) return;
    const chunks: Buffer[] = [];
    for await (const c of await blobs.open(file.sha256)) chunks.push(c as Buffer);
    const original = Buffer.concat(chunks);
    const isPdf = file.mime === 'application/pdf';
    const source = isPdf ? await previews.renderFirstPage(original) : original;
    const format = isPdf || file.mime === 'image/png' ? 'png' : 'jpeg';
    // Decoded within the same memory budget as uploads are checked (image-budget.ts).
    const input = { limitInputPixels: IMAGE_LIMITS.maxPixels };
    const meta = await sharp(source, input).metadata();
    // sharp writes no metadata unless asked: EXIF, GPS and XMP are gone from these.
    const { safe, thumb } = await images(meta, async () => ({
      safe: await withoutMetadata(source, format, input),
      thumb: await sharp(source, input)
        .rotate()
        .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 75 })
        .toBuffer(),
    }));
    const safeBlob = await blobs.put(safe);
    const thumbBlob = await blobs.put(thumb);
    await repo.recordDerivatives(
      db,
      file.id,
      { ...safeBlob, mime: format === 'png' ? 'image/png' : 'image/jpeg' },
      { ...thumbBlob, mime: 'image/jpeg' },
    );
  };

  return {
    precheck,
    /** Waits for an upload body's turn (gate.ts): call before reading the body, leave once accepted. */
    enter: gate.enter,
    accept,
    ruleOf,
    jobs: { [DERIVATIVES_JOB]: derivatives },
    /** Uploads are pouring in: several were being accepted at once within the last 2 s. */
    busy: () => inFlight >= CROWD || Date.now() - lastCrowded < 2_000,
    close: async () => {
      await Promise.all([examiner.close(), previews.close()]);
    },
  };
}
