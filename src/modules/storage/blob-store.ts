/**
 * Content-addressed blob store on local disk (the default; an S3 store can implement the same
 * interface). A blob is durable before anyone may reference it: temp file → fsync → rename → fsync dir.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface BlobStore {
  /** Stores the bytes durably; identical content is stored once. */
  put(data: Buffer): Promise<{ sha256: string; size: number }>;
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
}

const isDigest = (s: string) => /^[0-9a-f]{64}$/.test(s);

export function localBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  async function fsyncDir(dir: string) {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    async put(data) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const final = pathOf(sha256);
      if (existsSync(final)) return { sha256, size: data.length };
      const dir = path.dirname(final);
      await fs.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
      const handle = await fs.open(tmp, 'wx', 0o640);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, final);
      await fsyncDir(dir);
      return { sha256, size: data.length };
    },
    async open(sha256) {
      if (!isDigest(sha256)) throw new Error('invalid digest');
      return createReadStream(pathOf(sha256));
    },
    async has(sha256) {
      return isDigest(sha256) && existsSync(pathOf(sha256));
    },
  };
}
