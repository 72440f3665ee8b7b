/**
 * The SHA-256 of every received file and the parsing of PDFs run in worker threads
 * (examine.worker.mjs), so they never block the event loop that is receiving everyone else's uploads.
 */
import { availableParallelism } from 'node:os';
import { createWorkerPool } from './worker-pool.js';

export type PdfVerdict =
  | { isPdf: true; flags: Record<string, boolean>; error?: undefined }
  | { isPdf: true; error: 'FILE_CORRUPT' | 'FILE_ENCRYPTED'; limitMb?: undefined }
  /** Its streams decode past a bound of `limitMb` MiB (pdf-bounds.mjs). */
  | { isPdf: true; error: 'FILE_TOO_COMPLEX'; limitMb: number };

export interface Examined {
  sha256: string;
  size: number;
  /** Only when PDFs were asked for and the file starts like one. */
  pdf: PdfVerdict | null;
}

export interface Examiner {
  /** Digest and size of a file, and with `pdf: true` the verdict on it if it is a PDF. */
  examine(file: string, opts: { pdf: boolean }): Promise<Examined>;
  close(): Promise<void>;
}

// One core is left to the event loop that receives the uploads (one worker on a 2-core machine). Each
// worker holds a few files at once (only their names: the bytes wait on disk), so it never waits for
// the busy event loop between two files. Its young generation is kept small: pdf-lib's garbage grew it
// to V8's default 34 MB under load; with 6 MB the worker's heap measured 33 MB instead of 47–52 MB.
export function createExaminer(size = Math.max(1, Math.min(4, availableParallelism() - 1))): Examiner {
  const pool = createWorkerPool<{ file: string; pdf: boolean }, Examined>(
    new URL('./examine.worker.mjs', import.meta.url),
    { size, depth: 4, idleMs: 60_000, resourceLimits: { maxYoungGenerationSizeMb: 6 } },
  );
  return { examine: (file, opts) => pool.run({ file, pdf: opts.pdf }), close: pool.close };
}
