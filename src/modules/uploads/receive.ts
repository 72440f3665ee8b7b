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
import type { FileHandle } from 'node:fs/promises';

export const BATCH_BYTES = 256 * 1024;

// Spare batch buffers, reused across uploads; at most this many are kept when uploads end.
const SPARE_LIMIT = 64;
const spare: Buffer[] = [];
const takeBuffer = () => spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
const giveBack = (b: Buffer) => {
  if (spare.length < SPARE_LIMIT) spare.push(b);
};

/**
 * Writes `source` to `handle` from `position` (the end of the file when omitted). `onChunk` sees the
 * running total and may throw to stop (a size limit). What was received before the source failed is
 * still written — a resumable upload keeps every byte it got — and the failure is then rethrown.
 * Resolves with the number of bytes written.
 */
export async function writeBatched(
  source: AsyncIterable<Buffer>,
  handle: FileHandle,
  opts: { position?: number; onChunk?: (total: number) => void } = {},
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
    while (done < bytes) {
      const { bytesWritten } = await handle.write(batch, done, bytes - done, position);
      if (bytesWritten === 0) throw new Error(`write made no progress after ${written + done} bytes`);
      done += bytesWritten;
      if (position !== null) position += bytesWritten;
    }
    written += bytes;
  };

  try {
    try {
      for await (const chunk of source) {
        opts.onChunk?.(written + filled + chunk.length);
        let at = 0;
        while (at < chunk.length) {
          const n = chunk.copy(batch, filled, at);
          filled += n;
          at += n;
          if (filled === BATCH_BYTES) await flush();
        }
      }
    } catch (e) {
      await flush();
      throw e;
    }
    await flush();
    return written;
  } finally {
    giveBack(batch);
  }
}
