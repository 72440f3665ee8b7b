/**
 * Integrity and clean-up of the blob store (CLI `licheng verify`, `licheng gc`; docs/OPERATIONS.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import {
  blobRowExists,
  deleteUnreferencedBlobRow,
  referencedBlobs,
  unreferencedBlobRows,
} from '../uploads/files.repo.js';
import type { BlobStore } from './blob-store.js';

export interface VerifyReport {
  checked: number;
  ok: number;
  /** Recorded in the database, absent from the store. */
  missing: string[];
  /** Present, but the bytes no longer hash to the name or the size differs from the record. */
  corrupt: string[];
  /** In the store, not recorded (e.g. an upload refused after its blob was written). */
  orphans: string[];
}

/** Re-hashes every blob and compares the store with the database. */
export async function verifyBlobs(db: Db, blobs: BlobStore): Promise<VerifyReport> {
  const recorded = new Map((await referencedBlobs(db)).map((r) => [r.sha256, r.size]));
  const report: VerifyReport = { checked: 0, ok: 0, missing: [], corrupt: [], orphans: [] };
  const seen = new Set<string>();
  for await (const blob of blobs.list()) {
    seen.add(blob.sha256);
    report.checked++;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of await blobs.open(blob.sha256)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const expectedSize = recorded.get(blob.sha256);
    if (hash.digest('hex') !== blob.sha256 || (expectedSize !== undefined && expectedSize !== size)) {
      report.corrupt.push(blob.sha256);
    } else if (expectedSize === undefined) {
      report.orphans.push(blob.sha256);
    } else {
      report.ok++;
    }
  }
  for (const sha of recorded.keys()) if (!seen.has(sha)) report.missing.push(sha);
  return report;
}

export interface GcReport {
  unreferencedRows: number;
  orphanBlobs: number;
  expiredUploads: number;
  staleIncoming: number;
}

/**
 * The file system's clock minus this process's, in ms (about 0 on a healthy machine). File times are
 * set by whatever clock wrote them (a shared volume's server, or the kernel under faketime), so ages are
 * judged on that clock: a skew must never make a file written a moment ago look a day old.
 */
async function fileClockSkew(dir: string): Promise<number> {
  await fs.mkdir(dir, { recursive: true });
  const probe = path.join(dir, `.clock-${randomBytes(6).toString('hex')}`);
  const before = Date.now();
  await fs.writeFile(probe, '');
  try {
    return (await fs.stat(probe)).mtimeMs - before;
  } finally {
    await fs.rm(probe, { force: true });
  }
}

/** Removes the files directly in `dir` last written before `cutoff` (ms); counts them. */
async function removeStaleFiles(dir: string, cutoff: number) {
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of await fs.readdir(dir)) {
    const p = path.join(dir, name);
    const st = await fs.stat(p).catch(() => undefined);
    if (st?.isFile() && st.mtimeMs < cutoff) {
      await fs.rm(p, { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * Removes what nothing refers to any more, once older than the grace period: blob rows and their bytes
 * no file or attachment references, blobs never recorded, abandoned resumable uploads, and temp files
 * (partial uploads cut off by a crash; `tempAgeHours`, default the grace period, counts from their last
 * write). A blob that is referenced is never removed: each candidate is checked again just before it
 * goes (a row removed only if still unreferenced, in the statement; a blob without a row only if it
 * still has none and was not written meanwhile), since uploads go on while this runs. A blob written
 * but not yet recorded (an upload being accepted) is younger than the grace period.
 */
export async function collectGarbage(
  db: Db,
  blobs: BlobStore,
  opts: {
    graceHours: number;
    incomingDir: string;
    /** Other directories of temp files (the local blob store's own). */
    tempDirs?: string[];
    tempAgeHours?: number;
    /** Removes abandoned resumable uploads (past their own expiry); resolves with how many. */
    expireUploads?: () => Promise<number>;
  },
): Promise<GcReport> {
  const report: GcReport = { unreferencedRows: 0, orphanBlobs: 0, expiredUploads: 0, staleIncoming: 0 };
  for (const sha of await unreferencedBlobRows(db, opts.graceHours)) {
    if (!(await deleteUnreferencedBlobRow(db, sha))) continue;
    await blobs.remove(sha);
    report.unreferencedRows++;
  }
  const recorded = new Set((await referencedBlobs(db)).map((r) => r.sha256));
  const fileNow = Date.now() + (await fileClockSkew(opts.incomingDir));
  const cutoff = fileNow - opts.graceHours * 3_600_000;
  for await (const blob of blobs.list()) {
    if (recorded.has(blob.sha256) || blob.mtime.getTime() >= cutoff) continue;
    if (await blobRowExists(db, blob.sha256)) continue;
    const now = await blobs.stat(blob.sha256);
    if (!now || (now.mtime && now.mtime.getTime() >= cutoff)) continue;
    await blobs.remove(blob.sha256);
    report.orphanBlobs++;
  }
  if (opts.expireUploads) report.expiredUploads = await opts.expireUploads();
  const tempCutoff = fileNow - (opts.tempAgeHours ?? opts.graceHours) * 3_600_000;
  for (const dir of [opts.incomingDir, ...(opts.tempDirs ?? [])]) {
    report.staleIncoming += await removeStaleFiles(dir, tempCutoff);
  }
  return report;
}
