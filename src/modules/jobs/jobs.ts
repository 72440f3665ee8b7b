/**
 * A small durable job queue in PostgreSQL. Jobs are enqueued in the transaction of the change that
 * needs them; workers (one loop per server instance) take them with FOR UPDATE SKIP LOCKED, retry with
 * back-off, and never let a failing job block others. Handlers must be idempotent.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { jobs } from '../../db/schema/index.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export async function enqueue(db: DbOrTx, kind: string, payload: Record<string, unknown>) {
  await db.insert(jobs).values({ kind, payload });
}

const MAX_ATTEMPTS = 5;

/**
 * Periodic work done once per cluster: enqueues a `kind` job (empty payload) unless one is pending, or
 * one finished within `unlessDoneWithinSeconds`. Two instances racing may both enqueue; such jobs are
 * idempotent, so that costs one extra run.
 */
export async function enqueueUnlessPending(db: DbOrTx, kind: string, unlessDoneWithinSeconds = 0) {
  const res = await db.execute(sql`
    insert into jobs (kind, payload)
    select ${kind}, '{}'::jsonb
    where not exists (
      select from jobs where kind = ${kind}
        and ((done_at is null and attempts < ${MAX_ATTEMPTS})
          or done_at > now() - make_interval(secs => ${unlessDoneWithinSeconds})))
    returning id`);
  return res.rows.length > 0;
}
/**
 * A taken job is leased for this long: no transaction (and no pooled connection) is held while its
 * handler runs, so a database restart during a long job (a preview being rendered) costs nothing but
 * that job's bookkeeping; a worker that died mid-job leaves it to be taken again when the lease ends.
 */
const LEASE_SECONDS = 300;

/**
 * A statement that must happen once the database is back (the result of a job that ran while it was
 * restarting): tried again every second for up to a minute, then left to the lease.
 */
async function persistently(run: () => Promise<unknown>, tries = 60) {
  for (let i = 1; ; i++) {
    try {
      await run();
      return;
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Takes and runs at most one due job; returns whether one ran. Taking it (one statement) counts the
 * attempt and leases the job; the handler runs outside any transaction; its outcome is written after.
 */
export async function runOneJob(db: Db, handlers: Record<string, JobHandler>): Promise<boolean> {
  const taken = await db.execute(sql`
    update jobs set attempts = attempts + 1, run_after = now() + make_interval(secs => ${LEASE_SECONDS})
    where id = (
      select id from jobs
      where done_at is null and run_after <= now() and attempts < ${MAX_ATTEMPTS}
      order by run_after limit 1 for update skip locked)
    returning id, kind, payload, attempts`);
  const job = taken.rows[0] as
    | { id: number; kind: string; payload: Record<string, unknown>; attempts: number }
    | undefined;
  if (!job) return false;
  const handler = handlers[job.kind];
  let failure: string | undefined;
  try {
    if (!handler) throw new Error(`no handler for ${job.kind}`);
    await handler(job.payload);
  } catch (e) {
    failure = e instanceof Error ? e.message.slice(0, 500) : 'error';
  }
  await persistently(() =>
    failure === undefined
      ? db.execute(sql`update jobs set done_at = now() where id = ${job.id}`)
      : db.execute(sql`
          update jobs set last_error = ${failure},
            run_after = now() + make_interval(secs => ${2 ** (job.attempts - 1) * 5})
          where id = ${job.id}`),
  );
  return true;
}

/**
 * Runs jobs until stopped: drains what is due, then polls. While `busy()` says the server has more
 * urgent work (uploads arriving), jobs wait — but one still runs every `maxDeferMs`, so a steady trickle
 * of uploads cannot starve them.
 */
export function startWorker(
  db: Db,
  handlers: Record<string, JobHandler>,
  opts: { pollMs?: number; busy?: () => boolean; maxDeferMs?: number; onError?: (e: unknown) => void } = {},
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastRun = Date.now();
  const pollMs = opts.pollMs ?? 1000;
  const deferring = () => !!opts.busy?.() && Date.now() - lastRun < (opts.maxDeferMs ?? 10_000);
  const loop = async () => {
    if (stopped) return;
    try {
      while (!stopped && !deferring() && (await runOneJob(db, handlers))) {
        lastRun = Date.now();
      }
      if (!deferring()) lastRun = Date.now();
    } catch (e) {
      opts.onError?.(e);
    }
    if (!stopped) timer = setTimeout(loop, deferring() ? Math.min(pollMs, 250) : pollMs);
  };
  timer = setTimeout(loop, 0);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
