import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_BYTES, writeBatched } from './receive.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-receive-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function* chunks(parts: Buffer[], failAfter?: number) {
  for (const [i, p] of parts.entries()) {
    if (i === failAfter) throw new Error('connection dropped');
    yield p;
  }
}

const parts = Array.from({ length: 37 }, (_, i) => randomBytes(1000 + i * 997));
const all = Buffer.concat(parts);

describe('writeBatched', () => {
  it('writes every chunk in order, in batches', async () => {
    const file = path.join(dir, 'a');
    const handle = await fs.open(file, 'w');
    const writev = handle.writev.bind(handle);
    let calls = 0;
    handle.writev = ((buffers: NodeJS.ArrayBufferView[], position?: number) => {
      calls++;
      return writev(buffers, position);
    }) as typeof handle.writev;
    const n = await writeBatched(chunks(parts), handle);
    await handle.close();
    expect(n).toBe(all.length);
    expect((await fs.readFile(file)).equals(all)).toBe(true);
    // A batch closes once it reaches BATCH_BYTES: far fewer writes than chunks.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(Math.ceil(all.length / BATCH_BYTES));
  });

  it('writes from a position (a resumed upload) and keeps the bytes before it', async () => {
    const file = path.join(dir, 'b');
    await fs.writeFile(file, all.subarray(0, 5000));
    const handle = await fs.open(file, 'r+');
    const rest = all.subarray(5000);
    const n = await writeBatched(chunks([rest.subarray(0, 70_000), rest.subarray(70_000)]), handle, {
      position: 5000,
    });
    await handle.close();
    expect(n).toBe(rest.length);
    expect((await fs.readFile(file)).equals(all)).toBe(true);
  });

  it('keeps what arrived before the source failed, then fails', async () => {
    const file = path.join(dir, 'c');
    const handle = await fs.open(file, 'w');
    await expect(writeBatched(chunks(parts, 20), handle)).rejects.toThrow('connection dropped');
    await handle.close();
    expect((await fs.readFile(file)).equals(Buffer.concat(parts.slice(0, 20)))).toBe(true);
  });

  it('stops when onChunk refuses (a size limit)', async () => {
    const file = path.join(dir, 'd');
    const handle = await fs.open(file, 'w');
    const limit = 50_000;
    await expect(
      writeBatched(chunks(parts), handle, {
        onChunk: (total) => {
          if (total > limit) throw new Error('too large');
        },
      }),
    ).rejects.toThrow('too large');
    await handle.close();
    expect((await fs.stat(file)).size).toBeLessThanOrEqual(limit);
  });
});
