import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/test-db.js';
import { enqueue, runOneJob, startWorker } from './jobs.js';

// Closed and dropped by the helper after the file.
const { db } = await createTestDatabase();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pending = async () =>
  Number((await db.execute(sql`select count(*) as n from jobs where done_at is null`)).rows[0]?.n);

describe('job worker', () => {
  it('runs due jobs, retries a failing one later, and never lets it block the others', async () => {
    const ran: string[] = [];
    await enqueue(db, 'fails', {});
    await enqueue(db, 'works', { n: 1 });
    const worker = startWorker(db, {
      fails: async () => {
        throw new Error('nope');
      },
      works: async (p) => {
        ran.push(String(p.n));
      },
    });
    await sleep(500);
    worker.stop();
    expect(ran).toEqual(['1']);
    const [failed] = (
      await db.execute(
        sql`select attempts, last_error, run_after > now() as later from jobs where kind = 'fails'`,
      )
    ).rows as { attempts: number; last_error: string; later: boolean }[];
    expect(failed).toMatchObject({ attempts: 1, last_error: 'nope', later: true });
    await db.execute(sql`delete from jobs`);
  });

  it('defers jobs while the server is busy, but not longer than maxDeferMs', async () => {
    let ran = 0;
    await enqueue(db, 'count', {});
    let busy = true;
    const worker = startWorker(
      db,
      { count: async () => void ran++ },
      { busy: () => busy, maxDeferMs: 60_000 },
    );
    await sleep(600);
    expect(ran).toBe(0);
    expect(await pending()).toBe(1);
    busy = false;
    await sleep(600);
    worker.stop();
    expect(ran).toBe(1);

    await enqueue(db, 'count', {});
    const impatient = startWorker(
      db,
      { count: async () => void ran++ },
      { busy: () => true, maxDeferMs: 300 },
    );
    await sleep(1000);
    impatient.stop();
    expect(ran).toBe(2);
  });

  it('holds no transaction while a handler runs: the job is leased, so a database restart cannot take the process with it', async () => {
    await enqueue(db, 'slow', {});
    let during: { attempts: number; open: number } | undefined;
    await runOneJob(db, {
      slow: async () => {
        const [job] = (await db.execute(sql`select attempts from jobs where kind = 'slow'`)).rows as {
          attempts: number;
        }[];
        const open = await db.execute(sql`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`);
        during = { attempts: job?.attempts ?? 0, open: Number(open.rows[0]?.n) };
      },
    });
    expect(during).toEqual({ attempts: 1, open: 0 });
    const [after] = (
      await db.execute(sql`select attempts, done_at is not null as done from jobs where kind = 'slow'`)
    ).rows;
    expect(after).toEqual({ attempts: 1, done: true });
  });
});
