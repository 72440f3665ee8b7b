import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

/** The drizzle handle; `$client` is its pool (for prepared raw statements, see prepared.ts). */
export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction handle; every repo function accepts `Db | Tx` (DESIGN.md §4.4). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Opens a connection pool and the drizzle handle over it. */
export function connectDatabase(
  url: string,
  opts: { max?: number; onError?: (e: Error) => void } = {},
): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, application_name: 'licheng' });
  // A client losing its server (restart, shutdown) must not crash the process. The pool listens to its
  // idle clients only; a checked-out one (a transaction, a long job) has no listener of the pool's, and
  // its 'error' event, unhandled, would kill Node. So every client gets its own listener, which reports
  // (the pool's 'error' for idle clients repeats the same error). The query in flight fails on its
  // own; the broken client is discarded when it is released.
  pool.on('connect', (client) => client.on('error', (e) => opts.onError?.(e)));
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

/** True when the database answers a trivial query within the timeout. */
export async function databaseAnswers(pool: pg.Pool, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    await Promise.race([pool.query('select 1'), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
