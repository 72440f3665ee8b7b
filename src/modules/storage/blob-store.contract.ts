/**
 * The behaviour every BlobStore must have; run against local disk and S3 (test files next to this one).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const read = async (s: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};

export function blobStoreContract(name: string, make: () => Promise<BlobStore>) {
  describe(`blob store contract: ${name}`, () => {
    it('stores a file durably under its digest, consumes the source, and reads back whole and in ranges', async () => {
      const store = await make();
      const body = randomBytes(300_000);
      const tmp = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'contract-')), 'in');
      await fs.writeFile(tmp, body);
      await store.putFile(tmp, { sha256: sha(body), size: body.length });
      expect(existsSync(tmp)).toBe(false);
      expect(await store.stat(sha(body))).toMatchObject({ size: body.length });
      expect(sha(await read(await store.open(sha(body))))).toBe(sha(body));
      const part = await read(await store.open(sha(body), { start: 1000, end: 1999 }));
      expect(part.equals(body.subarray(1000, 2000))).toBe(true);
    });

    it('stores identical content once and lists it', async () => {
      const store = await make();
      const data = Buffer.from(`same ${randomBytes(8).toString('hex')}`);
      const a = await store.put(data);
      const b = await store.put(data);
      expect(a).toEqual(b);
      const listed: string[] = [];
      for await (const blob of store.list()) listed.push(blob.sha256);
      expect(listed.filter((s) => s === a.sha256)).toHaveLength(1);
    });

    it('removes blobs and reports absent ones as null', async () => {
      const store = await make();
      const { sha256 } = await store.put(randomBytes(100));
      await store.remove(sha256);
      expect(await store.stat(sha256)).toBeNull();
      expect(await store.stat('0'.repeat(64))).toBeNull();
    });

    it('refuses keys that are not SHA-256 digests', async () => {
      const store = await make();
      await expect(store.stat('../../etc/passwd')).resolves.toBeNull();
      await expect(store.open('../../etc/passwd')).rejects.toThrow();
    });
  });
}
