/**
 * What crashes leave behind, swept at start and every hour, once per cluster (a job: whichever instance
 * takes it, and only while uploads are not pouring in): partial temp files of uploads cut off (plain
 * uploads' incoming files, the local blob store's own temp files), blobs nothing records (an upload
 * stopped after its blob was written), abandoned and stray resumable uploads. Only counts are logged.
 * The same clean-up as `licheng gc` (integrity.ts), with the same re-checks.
 */
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { enqueueUnlessPending, type JobHandler } from '../jobs/jobs.js';
import type { BlobStore } from './blob-store.js';
import { collectGarbage, type GcReport } from './integrity.js';

export const SWEEP_JOB = 'storage.sweep';
/** Temp files are written as bytes arrive: one untouched for an hour belongs to an upload long gone. */
const TEMP_AGE_HOURS = 1;
/** An unrecorded blob younger than this may belong to an upload being accepted (as `licheng gc`). */
const ORPHAN_GRACE_HOURS = 24;
const PERIOD_SECONDS = 3_600;

export function createSweep(deps: {
  db: Db;
  blobs: BlobStore;
  storageDir: string;
  incomingDir: string;
  expireUploads: () => Promise<number>;
  log: (report: GcReport) => void;
}) {
  const sweep: JobHandler = async () => {
    const report = await collectGarbage(deps.db, deps.blobs, {
      graceHours: ORPHAN_GRACE_HOURS,
      tempAgeHours: TEMP_AGE_HOURS,
      incomingDir: deps.incomingDir,
      tempDirs: deps.blobs.kind === 'local' ? [path.join(deps.storageDir, 'blobs', '.incoming')] : [],
      expireUploads: deps.expireUploads,
    });
    deps.log(report);
  };
  return {
    jobs: { [SWEEP_JOB]: sweep },
    /**
     * Asks for a sweep: at start (unless one is pending), and then periodically (unless one ran within
     * the hour). Resolves with whether a sweep was enqueued.
     */
    request: (when: 'start' | 'periodic') =>
      enqueueUnlessPending(deps.db, SWEEP_JOB, when === 'start' ? 0 : PERIOD_SECONDS),
  };
}
