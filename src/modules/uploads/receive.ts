/**
 * Writing a request body to a file as it arrives. Two costs dominate at deadline-night load, and both
 * come from handing every 64 KB socket chunk to the file system on its own:
 * - each write handed to libuv's threadpool costs a thread wake-up: chunks are gathered into batches of
 *   `BATCH_BYTES` (16 writes for a 4 MB file instead of 64);
 * - a chunk that waits for its write long enough is promoted to V8's old generation, and its 64 KB
 *   outside the heap then only go away with a full garbage collection (several a second under load,
 *   each marking the whole heap): chunks are copied at once into reused batch buffers, so they die
 *   young, and the batch buffers live on in a small pool.
 * Memory per upload stays bounded by one batch: the next chunks wait in the socket while a batch is
 * written. (Gathering the next batch during a write measured no faster; 1 MB batches measured slower.)
 */
import { randomBytes } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isDiskFull } from '../../server/disk-full.js';
import { AppError } from '../../server/errors.js';

export const BATCH_BYTES = 256 * 1024;

// Spare batch buffers, reused across uploads; at most this many are kept when uploads end.
const SPARE_LIMIT = 64;
const spare: Buffer[] = [];
const takeBuffer = () => spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
const giveBack = (b: Buffer) => {
  if (spare.length < SPARE_LIMIT) spare.push(b);
};

/** A write to the file failed (disk full, I/O error), as opposed to the source failing. */
export class WriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(`write failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Writes `source` to `handle` from `position` (the end of the file when omitted). `onChunk` sees the
 * running total and may throw to stop (a size limit). What was received before the source failed is
 * still written — a resumable upload keeps every byte it got — and the failure is then rethrown; a
 * failing write is rethrown as `WriteFailed`. When `signal` aborts (another request takes the upload
 * over), what arrived is written and the source is left unread. Resolves with the bytes written.
 */
export async function writeBatched(
  source: AsyncIterable<Buffer>,
  handle: FileHandle,
  opts: { position?: number; onChunk?: (total: number) => void; signal?: AbortSignal } = {},
): Promise<number> {
  let position = opts.position ?? null;
  const batch = takeBuffer();
  let filled = 0;
  let written = 0;

  const flush = async () => {
    if (filled === 0) return;
    const bytes = filled;
    filled = 0;
    let done = 0;
    // A regular file takes the whole write unless something is wrong (disk full): then it fails here.
    try {
      while (done < bytes) {
        const { bytesWritten } = await handle.write(batch, done, bytes - done, position);
        if (bytesWritten === 0) throw new Error(`no progress after ${written + done} bytes`);
        done += bytesWritten;
        if (position !== null) position += bytesWritten;
      }
    } catch (e) {
      throw new WriteFailed(e);
    }
    written += bytes;
  };

  const chunks = source[Symbol.asyncIterator]();
  const { signal } = opts;
  // On abort, the chunk being waited for is given up. (Not Promise.race against one long-lived
  // promise: each race would leave a reaction on it holding its chunk until the upload ends.)
  let giveUp: ((r: IteratorResult<Buffer>) => void) | undefined;
  const onAbort = () => giveUp?.({ done: true, value: undefined });
  signal?.addEventListener('abort', onAbort, { once: true });
  const next = (): Promise<IteratorResult<Buffer>> => {
    if (!signal) return chunks.next();
    if (signal.aborted) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      giveUp = resolve;
      chunks.next().then(resolve, reject);
    });
  };
  try {
    try {
      for (;;) {
        const step = await next();
        if (step.done) break;
        const chunk = step.value;
        try {
          opts.onChunk?.(written + filled + chunk.length);
        } catch (e) {
          await chunks.return?.();
          throw e;
        }
        let at = 0;
        while (at < chunk.length) {
          const n = chunk.copy(batch, filled, at);
          filled += n;
          at += n;
          if (filled === BATCH_BYTES) await flush();
        }
      }
    } catch (e) {
      // A failed write leaves the rest of the source unread; anything else is written first.
      if (e instanceof WriteFailed) await chunks.return?.();
      else await flush();
      throw e;
    }
    await flush();
    return written;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    giveBack(batch);
  }
}

/**
 * Receives a whole body into a new file in `dir` (mode 0640) and resolves with its path; a body longer
 * than `limit` bytes is refused. On any failure the partial file is removed and `onFailure` is thrown
 * (STORAGE_FULL when the disk is full).
 */
export async function receiveToFile(
  source: AsyncIterable<Buffer>,
  dir: string,
  opts: { limit: number; onFailure: () => Error },
): Promise<string> {
  const file = path.join(dir, `plain-${randomBytes(8).toString('hex')}`);
  const handle = await fs.open(file, 'w', 0o640);
  try {
    await writeBatched(source, handle, {
      onChunk: (total) => {
        if (total > opts.limit) throw opts.onFailure();
      },
    });
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true });
    // The disk filled up: the server's problem, not an incomplete upload.
    if (isDiskFull(e)) throw new AppError('STORAGE_FULL');
    throw opts.onFailure();
  }
  await handle.close();
  return file;
}
