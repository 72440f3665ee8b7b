/**
 * Content-addressed blob store behind one interface (local disk by default; see s3-store.ts). A blob is
 * durable before anyone may reference it: local writes go temp file → fsync → rename → fsync dir.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface BlobInfo {
  sha256: string;
  size: number;
  mtime: Date;
}

export interface BlobStore {
  readonly kind: 'local' | 's3';
  /**
   * Makes the file at `source` the blob `sha256` (whose digest the caller computed) and consumes the
   * source file. Resolves only once the blob is durable. Identical content is stored once.
   */
  putFile(
    source: string,
    digest: { sha256: string; size: number },
    opts?: { synced?: Promise<void> },
  ): Promise<void>;
  /**
   * Starts making the file at `source` durable where it lies (local disk: fsync; S3: nothing), so that
   * it can overlap other work; pass the promise to `putFile` as `synced`.
   */
  syncSource(source: string): Promise<void>;
  /** Small in-memory content (derivatives): hashed, written durably, returned with its digest. */
  put(data: Buffer): Promise<{ sha256: string; size: number }>;
  /** A byte range is inclusive, as in HTTP Range. */
  open(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Size, and when it was last written where the store knows it (the sweep's age check). */
  stat(sha256: string): Promise<{ size: number; mtime?: Date } | null>;
  list(): AsyncIterable<BlobInfo>;
  remove(sha256: string): Promise<void>;
}

export const isDigest = (s: string) => /^[0-9a-f]{64}$/.test(s);

/** SHA-256 and size of a file, streamed (never the whole file in memory). */
export async function digestFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function fsyncPath(p: string) {
  const handle = await fs.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function localBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => {
    if (!isDigest(sha256)) throw new Error('invalid digest');
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  // Fan-out directories known to exist (at most 65,536): one mkdir each per process, not one per blob.
  const made = new Set<string>();

  async function putFile(
    source: string,
    digest: { sha256: string; size: number },
    opts: { synced?: Promise<void> } = {},
  ) {
    const final = pathOf(digest.sha256);
    if (existsSync(final)) {
      // Identical content is there already (perhaps an orphan from a crash): mark it as just written, so
      // that the sweep, which removes only orphans untouched for its grace period, leaves it alone.
      const now = new Date();
      await fs.utimes(final, now, now).catch(() => undefined);
      await fs.rm(source, { force: true });
      return;
    }
    const dir = path.dirname(final);
    if (!made.has(dir)) {
      await fs.mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await (opts.synced ?? fsyncPath(source));
    try {
      await fs.rename(source, final).catch(async (e) => {
        // The fan-out directory was removed behind our back (an operator): make it again, once.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(source)) throw e;
        await fs.mkdir(dir, { recursive: true });
        await fs.rename(source, final);
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      // Another file system: copy to a temp name beside the target, fsync, then rename.
      const tmp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
      await fs.copyFile(source, tmp);
      await fsyncPath(tmp);
      await fs.rename(tmp, final);
      await fs.rm(source, { force: true });
    }
    await fsyncPath(dir);
  }

  return {
    kind: 'local',
    putFile,
    syncSource: fsyncPath,
    async put(data) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const tmpDir = path.join(root, '.incoming');
      await fs.mkdir(tmpDir, { recursive: true });
      const tmp = path.join(tmpDir, randomBytes(8).toString('hex'));
      await fs.writeFile(tmp, data, { mode: 0o640 });
      await putFile(tmp, { sha256, size: data.length });
      return { sha256, size: data.length };
    },
    async open(sha256, range) {
      return createReadStream(pathOf(sha256), range ? { start: range.start, end: range.end } : {});
    },
    async stat(sha256) {
      try {
        const st = await fs.stat(pathOf(sha256));
        return { size: st.size, mtime: st.mtime };
      } catch {
        return null;
      }
    },
    async *list() {
      if (!existsSync(root)) return;
      for (const a of await fs.readdir(root)) {
        if (!/^[0-9a-f]{2}$/.test(a)) continue;
        for (const b of await fs.readdir(path.join(root, a))) {
          for (const name of await fs.readdir(path.join(root, a, b))) {
            if (!isDigest(name)) continue;
            const st = await fs.stat(path.join(root, a, b, name));
            yield { sha256: name, size: st.size, mtime: st.mtime };
          }
        }
      }
    },
    async remove(sha256) {
      await fs.rm(pathOf(sha256), { force: true });
    },
  };
}
