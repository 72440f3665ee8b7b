/**
 * Server-side prepared statements for the few statements every request or upload runs (the session
 * lookup, the upload quota, recording a file). PostgreSQL then parses and plans each of them once per
 * connection instead of on every call, and drizzle builds its SQL text once per process instead of on
 * every call: under deadline-night load both showed up as a large share of the CPU per upload
 * (docs/BENCHMARKS.md). Everything else keeps drizzle's ordinary one-shot queries.
 *
 * A statement's name must be unique in the process and always stand for the same text.
 */
import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from './client.js';

const dialect = new PgDialect();

/**
 * A raw statement (`query` with `sql.placeholder(...)` for its values) prepared under `name`; run it
 * with the values by placeholder name. Rows come as node-postgres returns them (timestamps as Date).
 */
export function preparedStatement<Values extends Record<string, unknown>, Row>(name: string, query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return async (db: Db, values: Values): Promise<Row[]> => {
    const result = await db.$client.query({ name, text, values: fillPlaceholders(params, values) });
    return result.rows as Row[];
  };
}

/**
 * A drizzle query prepared once per database handle (`build` calls `.prepare(name)` on it). A
 * transaction is a handle of its own, so inside one the query is built again for that transaction.
 */
export function preparedPerDb<Q>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  const built = new WeakMap<DbOrTx, Q>();
  return (db) => {
    let q = built.get(db);
    if (!q) {
      q = build(db);
      built.set(db, q);
    }
    return q;
  };
}
