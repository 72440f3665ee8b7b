import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_BYTES, receiveToFile, WriteFailed, writeBatched } from './receive.js';

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
    const write = handle.write.bind(handle);
    let calls = 0;
    handle.write = ((...args: unknown[]) => {
      calls++;
      return (write as (...a: unknown[]) => unknown)(...args);
    }) as typeof handle.write;
    const n = await writeBatched(chunks(parts), handle);
    await handle.close();
    expect(n).toBe(all.length);
    expect((await fs.readFile(file)).equals(all)).toBe(true);
    // Full batches of BATCH_BYTES and the rest: far fewer writes than chunks.
    expect(calls).toBe(Math.ceil(all.length / BATCH_BYTES));
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

  it('reuses its batch buffers: parallel and successive uploads stay intact', async () => {
    const bodies = Array.from({ length: 6 }, () => Array.from({ length: 9 }, () => randomBytes(70_001)));
    const write = async (body: Buffer[], i: number) => {
      const file = path.join(dir, `p${i}`);
      const handle = await fs.open(file, 'w');
      await writeBatched(chunks(body), handle);
      await handle.close();
      return (await fs.readFile(file)).equals(Buffer.concat(body));
    };
    expect(await Promise.all(bodies.map(write))).toEqual(bodies.map(() => true));
    expect(await Promise.all(bodies.map((b, i) => write(b, i + 10)))).toEqual(bodies.map(() => true));
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

  it('on abort (another request takes over), writes what arrived and leaves a stalled source', async () => {
    const file = path.join(dir, 'e');
    const handle = await fs.open(file, 'w');
    const controller = new AbortController();
    async function* stalls() {
      yield* parts.slice(0, 5);
      setTimeout(() => controller.abort(), 20);
      await new Promise(() => undefined); // a phone that stopped sending, without closing
    }
    const n = await writeBatched(stalls(), handle, { signal: controller.signal });
    await handle.close();
    const sent = Buffer.concat(parts.slice(0, 5));
    expect(n).toBe(sent.length);
    expect((await fs.readFile(file)).equals(sent)).toBe(true);
  });

  it('reports a failing write as WriteFailed, not as the source failing', async () => {
    const file = path.join(dir, 'f');
    await fs.writeFile(file, '');
    const handle = await fs.open(file, 'r'); // read-only: every write fails
    await expect(writeBatched(chunks(parts), handle)).rejects.toBeInstanceOf(WriteFailed);
    await handle.close();
  });
});

describe('receiveToFile', () => {
  it('receives a body into a new private file, and leaves nothing of one over the limit or cut short', async () => {
    const into = await fs.mkdtemp(path.join(dir, 'into-'));
    const file = await receiveToFile(chunks(parts), into, {
      limit: all.length,
      onFailure: () => new Error('incomplete'),
    });
    expect((await fs.readFile(file)).equals(all)).toBe(true);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o640);
    await expect(
      receiveToFile(chunks(parts), into, { limit: all.length - 1, onFailure: () => new Error('too long') }),
    ).rejects.toThrow('too long');
    await expect(
      receiveToFile(chunks(parts, 5), into, { limit: all.length, onFailure: () => new Error('cut') }),
    ).rejects.toThrow('cut');
    expect(await fs.readdir(into)).toEqual([path.basename(file)]);
  });
});
