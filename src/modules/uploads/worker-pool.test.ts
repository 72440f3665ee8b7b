import { describe, expect, it } from 'vitest';
import { createWorkerPool } from './worker-pool.js';

type In = { action: 'echo' | 'fail' | 'die' | 'gather'; value?: number };
type Out = { value: number; thread: number };
const script = new URL('./worker-pool.test-worker.mjs', import.meta.url);

describe('worker pool', () => {
  it('runs tasks on at most `size` workers, in order, and returns their results', async () => {
    const pool = createWorkerPool<In, Out>(script, { size: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((value) => pool.run({ action: 'echo', value })));
    expect(results.map((r) => r.value)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.thread)).size).toBeLessThanOrEqual(2);
    await pool.close();
  });

  it('a failing task or a dying worker fails only its own task; the pool goes on', async () => {
    const pool = createWorkerPool<In, Out>(script, { size: 1 });
    const outcomes = await Promise.allSettled([
      pool.run({ action: 'echo', value: 1 }),
      pool.run({ action: 'die' }),
      pool.run({ action: 'fail' }),
      pool.run({ action: 'echo', value: 4 }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toMatch(/exited \(3\)/);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('asked to fail');
    await pool.close();
    await expect(pool.run({ action: 'echo', value: 5 })).rejects.toThrow('closed');
  });

  it('lets idle workers go and starts new ones when work comes back', async () => {
    const pool = createWorkerPool<In, Out>(script, { size: 1, idleMs: 50 });
    const first = await pool.run({ action: 'echo', value: 1 });
    await new Promise((r) => setTimeout(r, 200));
    const second = await pool.run({ action: 'echo', value: 2 });
    expect(second.thread).not.toBe(first.thread);
    await pool.close();
  });

  it('with `depth`, one worker holds several tasks at once (it need not wait for an answer to be taken in)', async () => {
    const pool = createWorkerPool<In, Out>(script, { size: 1, depth: 3 });
    const gathered = Promise.all([1, 2, 3].map(() => pool.run({ action: 'gather', value: 3 })));
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('tasks were held back')), 2000),
    );
    const results = (await Promise.race([gathered, timeout])) as Out[];
    expect(new Set(results.map((r) => r.thread)).size).toBe(1);
    await pool.close();
  });
});
