import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { connectDatabase, type Database, databaseAnswers } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { clusterLocation, prepareClusterParent } from '../db/embedded-location.js';
import { runMigrations } from '../db/migrate.js';
import type { Config } from './config.js';

export interface Runtime {
  database: Database;
  /** True when this process started the embedded PostgreSQL (and must stop it). */
  embeddedStarted: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DB_NAME = 'licheng';

/**
 * Opens the database the config points at and applies migrations: DATABASE_URL, or the embedded
 * PostgreSQL under DATA_DIR/pg — reusing it when another Licheng process (the server, while a CLI
 * command runs) already started it.
 */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const onError = (e: Error) =>
    logger.warn({ errName: e.name, errCode: (e as { code?: string }).code }, 'database client error');
  if (config.DATABASE_URL) {
    const database = connectDatabase(config.DATABASE_URL, { onError, max: config.DATABASE_POOL_SIZE });
    await runMigrations(database.pool);
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
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.EMBEDDED_PG_PORT}/${EMBEDDED_DB_NAME}`;
    const database = connectDatabase(url, { onError, max: config.DATABASE_POOL_SIZE });
    if (await databaseAnswers(database.pool)) {
      logger.info('using the embedded PostgreSQL already running for this data directory');
      await runMigrations(database.pool);
      return { database, embeddedStarted: false, close: () => database.close() };
    }
    await database.close().catch(() => undefined);
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
  const database = connectDatabase(server.url, { onError, max: config.DATABASE_POOL_SIZE });
  await runMigrations(database.pool);
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
