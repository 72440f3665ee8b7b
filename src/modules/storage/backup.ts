/**
 * `licheng backup <dir>` / `licheng restore <dir>`: database + blobs, consistent while the server runs.
 *
 * Backup: every table is copied (COPY … TO STDOUT) inside one REPEATABLE READ transaction — one
 * snapshot — and then every blob that snapshot references is copied and re-hashed. Rows only ever
 * reference blobs that were durable before the row existed, and blobs are immutable, so the pair is
 * consistent. The manifest is written last: a backup without one is incomplete.
 *
 * Restore: into an empty, migrated database at the same migration level; blobs first (re-hashed), then
 * all tables in foreign-key order in one transaction, then sequences.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { BlobStore } from './blob-store.js';
import { digestFile } from './blob-store.js';

interface Manifest {
  format: 'licheng-backup-1';
  createdAt: string;
  migrations: number;
  tables: Record<string, { sha256: string }>;
  blobs: number;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function publicTables(client: pg.PoolClient): Promise<string[]> {
  const r = await client.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  return r.rows.map((x) => x.tablename);
}

async function migrationCount(client: pg.PoolClient): Promise<number> {
  const r = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  return r.rows[0]?.n ?? 0;
}

async function fsyncFile(file: string) {
  const h = await fs.open(file, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

export async function backup(
  pool: pg.Pool,
  blobs: BlobStore,
  dir: string,
): Promise<{ tables: number; blobs: number }> {
  await fs.mkdir(path.join(dir, 'tables'), { recursive: true });
  await fs.mkdir(path.join(dir, 'blobs'), { recursive: true });
  await fs.rm(path.join(dir, 'manifest.json'), { force: true });
  const client = await pool.connect();
  const manifest: Manifest = {
    format: 'licheng-backup-1',
    createdAt: new Date().toISOString(),
    migrations: 0,
    tables: {},
    blobs: 0,
  };
  let digests: string[] = [];
  try {
    await client.query('begin isolation level repeatable read read only');
    manifest.migrations = await migrationCount(client);
    for (const table of await publicTables(client)) {
      const file = path.join(dir, 'tables', `${table}.copy`);
      await pipeline(client.query(copyTo(`copy ${ident(table)} to stdout`)), createWriteStream(file));
      await fsyncFile(file);
      manifest.tables[table] = { sha256: (await digestFile(file)).sha256 };
    }
    digests = (await client.query<{ sha256: string }>('select sha256 from blobs')).rows.map((r) => r.sha256);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  for (const sha of digests) {
    const target = path.join(dir, 'blobs', sha);
    if (existsSync(target) && (await digestFile(target)).sha256 === sha) continue; // incremental
    const hash = createHash('sha256');
    const source = await blobs.open(sha);
    source.on('data', (c: Buffer) => hash.update(c));
    await pipeline(source, createWriteStream(target));
    if (hash.digest('hex') !== sha)
      throw new Error(`blob ${sha} is corrupt in the store; run licheng verify`);
    await fsyncFile(target);
  }
  manifest.blobs = digests.length;
  const manifestFile = path.join(dir, 'manifest.json');
  await fs.writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  await fsyncFile(manifestFile);
  return { tables: Object.keys(manifest.tables).length, blobs: digests.length };
}

/** Tables ordered so that every table comes after the tables it references. */
async function foreignKeyOrder(client: pg.PoolClient, tables: string[]): Promise<string[]> {
  const r = await client.query<{ child: string; parent: string }>(`
    select c.relname as child, p.relname as parent from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of r.rows) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t)) return;
    if (path.has(t)) throw new Error(`foreign-key cycle at ${t}`);
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    path.delete(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

export class RestoreError extends Error {}

export async function restore(
  pool: pg.Pool,
  blobs: BlobStore,
  dir: string,
): Promise<{ tables: number; blobs: number }> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new RestoreError(`${dir} has no manifest.json: not a complete Licheng backup`);
  const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 'licheng-backup-1') throw new RestoreError('unknown backup format');
  for (const [table, { sha256 }] of Object.entries(manifest.tables)) {
    if ((await digestFile(path.join(dir, 'tables', `${table}.copy`))).sha256 !== sha256) {
      throw new RestoreError(`table file ${table}.copy does not match the manifest`);
    }
  }
  const client = await pool.connect();
  try {
    const current = await migrationCount(client);
    if (current !== manifest.migrations) {
      throw new RestoreError(
        `the backup is at migration ${manifest.migrations}, this database at ${current}`,
      );
    }
    const tables = await publicTables(client);
    for (const t of tables) {
      const r = await client.query(`select exists (select 1 from ${ident(t)}) as any`);
      if (r.rows[0]?.any)
        throw new RestoreError(`the database is not empty (${t} has rows); restore into a fresh one`);
    }
    // Blobs first: once the rows exist, their bytes must already be there.
    let restoredBlobs = 0;
    for (const name of await fs.readdir(path.join(dir, 'blobs'))) {
      const source = path.join(dir, 'blobs', name);
      const digest = await digestFile(source);
      if (digest.sha256 !== name) throw new RestoreError(`blob ${name} in the backup is corrupt`);
      if (!(await blobs.stat(name))) {
        const tmp = `${source}.restore-tmp`;
        await fs.copyFile(source, tmp);
        await blobs.putFile(tmp, digest);
      }
      restoredBlobs++;
    }
    await client.query('begin');
    for (const table of await foreignKeyOrder(
      client,
      tables.filter((t) => t in manifest.tables),
    )) {
      await pipeline(
        createReadStream(path.join(dir, 'tables', `${table}.copy`)),
        client.query(copyFrom(`copy ${ident(table)} from stdin`)),
      );
    }
    const seqs = await client.query<{ table: string; column: string; seq: string }>(`
      select c.relname as table, a.attname as column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
      from pg_class c join pg_attribute a on a.attrelid = c.oid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`);
    for (const s of seqs.rows) {
      await client.query(
        `select setval($1, coalesce((select max(${ident(s.column)}) from ${ident(s.table)}), 0) + 1, false)`,
        [s.seq],
      );
    }
    await client.query('commit');
    return { tables: Object.keys(manifest.tables).length, blobs: restoredBlobs };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
