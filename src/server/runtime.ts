import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { connectDatabase, type Database, databaseAnswers } from '../db/client.js';
import { embeddedAppUrl, startEmbeddedPostgres } from '../db/embedded.js';
import { clusterLocation, prepareClusterParent } from '../db/embedded-location.js';
import { appRoleProblems, migrateFor } from '../db/roles.js';
import type { Config } from './config.js';

export interface Runtime {
  database: Database;
  /** True when this process started the embedded PostgreSQL (and must stop it). */
  embeddedStarted: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DB_NAME = 'licheng';

export class DatabaseRoleError extends Error {}

/**
 * Connects as the application's role, migrates (as the owner when there is one: `ownerUrl`), and
 * checks that the application's role cannot switch the append-only triggers off (db/roles.ts): a
 * warning, or in production a refusal to start.
 */
async function openAppDatabase(
  config: Config,
  logger: Logger,
  appUrl: string,
  ownerUrl: string | undefined,
): Promise<Database> {
  const onError = (e: Error) =>
    logger.warn({ errName: e.name, errCode: (e as { code?: string }).code }, 'database client error');
  const database = connectDatabase(appUrl, { onError, max: config.DATABASE_POOL_SIZE });
  try {
    const owner = ownerUrl ? connectDatabase(ownerUrl, { onError, max: 2 }) : undefined;
    try {
      await migrateFor(database.pool, owner?.pool);
    } finally {
      await owner?.close();
    }
    const problems = await appRoleProblems(database.pool);
    if (problems.length > 0) {
      const message =
        `The application's database role can alter the append-only audit log (${problems.join('; ')}). ` +
        'Run it as a restricted role and migrate with DATABASE_MIGRATION_URL (docs/OPERATIONS.md).';
      if (config.NODE_ENV === 'production') throw new DatabaseRoleError(message);
      logger.warn({ problems }, message);
    }
    return database;
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Opens the database the config points at and applies migrations: DATABASE_URL (migrated through
 * DATABASE_MIGRATION_URL when set), or the embedded PostgreSQL under DATA_DIR/pg — migrated as its
 * superuser, used as the restricted role `licheng_app` — reusing it when another Licheng process (the
 * server, while a CLI command runs) already started it.
 */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  if (config.DATABASE_URL) {
    const database = await openAppDatabase(
      config,
      logger,
      config.DATABASE_URL,
      config.DATABASE_MIGRATION_URL,
    );
    return { database, embeddedStarted: false, close: () => database.close() };
  }
  const location = clusterLocation(config.dataDir, path.resolve(config.EMBEDDED_PG_ROOT_DIR));
  const { pgDir, passwordFile } = location;
  if (location.relocatedFrom) {
    logger.warn(
      { dir: pgDir, instead: location.relocatedFrom },
      'running as root: the OS user "postgres" cannot reach DATA_DIR, so the embedded PostgreSQL keeps its data in dir',
    );
    await prepareClusterParent(location);
  }
  if (existsSync(path.join(pgDir, 'postmaster.pid')) && existsSync(passwordFile)) {
    const password = (await fs.readFile(passwordFile, 'utf8')).trim();
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.EMBEDDED_PG_PORT}`;
    const probe = connectDatabase(`${base}/${EMBEDDED_DB_NAME}`, { max: 1, onError: () => undefined });
    const answers = await databaseAnswers(probe.pool);
    await probe.close().catch(() => undefined);
    if (answers) {
      logger.info('using the embedded PostgreSQL already running for this data directory');
      const appUrl = await embeddedAppUrl(pgDir, base, EMBEDDED_DB_NAME);
      const database = await openAppDatabase(config, logger, appUrl, `${base}/${EMBEDDED_DB_NAME}`);
      return { database, embeddedStarted: false, close: () => database.close() };
    }
  }
  logger.info({ dir: pgDir, port: config.EMBEDDED_PG_PORT }, 'starting the embedded PostgreSQL');
  const server = await startEmbeddedPostgres({
    dir: pgDir,
    port: config.EMBEDDED_PG_PORT,
    database: EMBEDDED_DB_NAME,
    engineFallbackDir: path.resolve(config.EMBEDDED_PG_ROOT_DIR),
    onLog: (line) => logger.debug({ pg: line }, 'postgres'),
    onEngineRelocated: (dir) =>
      logger.warn(
        { dir },
        'running as root: the embedded PostgreSQL engine runs from a copy the OS user "postgres" can reach',
      ),
  });
  let database: Database;
  try {
    database = await openAppDatabase(config, logger, server.appUrl, server.url);
  } catch (e) {
    await server.stop().catch(() => undefined);
    throw e;
  }
  return {
    database,
    embeddedStarted: true,
    close: async () => {
      await database.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/** SESSION_SECRET, or one generated once and kept in DATA_DIR (mode 600) for development use. */
export async function resolveSessionSecret(config: Config): Promise<string> {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.join(config.dataDir, '.session-secret');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await fs.mkdir(config.dataDir, { recursive: true });
  await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
