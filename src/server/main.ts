import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoSchool } from '../modules/demo/demo.service.js';
import { startWorker } from '../modules/jobs/jobs.js';
import { createBlobStore } from '../modules/storage/factory.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createLogger } from './logger.js';
import { openRuntime, resolveSessionSecret } from './runtime.js';
import { ensureWebBuilt } from './web-build.js';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `licheng start`: database (embedded or DATABASE_URL) → migrations → demo seed when empty →
 * web build when stale → listen. SIGINT/SIGTERM close the server, the pool and the embedded PostgreSQL.
 */
export async function startServer(config: Config, opts: { forceDemoSeed?: boolean } = {}): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const runtime = await openRuntime(config, logger);
  let closing = false;
  let stopBackground = () => {};
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    stopBackground();
    await app?.close().catch(() => undefined);
    await runtime
      .close()
      .catch((e) => logger.error({ errName: e?.name }, 'error while stopping the database'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;

  const seedAllowed = opts.forceDemoSeed || (config.DEMO_SEED && config.NODE_ENV !== 'production');
  if (seedAllowed) {
    const blobs = await createBlobStore(config, config.dataDir);
    const result = await seedDemoSchool(runtime.database.db, { blobs });
    if (result.seeded)
      logger.info({ students: result.students, courses: result.courses }, 'seeded the demo school');
  }
  await ensureWebBuilt(ROOT_DIR, config.webDistDir, (m) => logger.info(m));
  app = await buildApp({
    config,
    database: runtime.database,
    sessionSecret: await resolveSessionSecret(config),
    logger,
    serveWeb: true,
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  // Uploads whose every byte arrived before the last stop but which were never recorded become files.
  void app.background
    .recoverUploads()
    .then((counts) => {
      if (counts.recorded + counts.refused > 0) logger.info(counts, 'finished interrupted uploads');
    })
    .catch((e) => logger.warn({ errName: e?.name }, 'recovering interrupted uploads failed'));
  const worker = startWorker(runtime.database.db, app.background.jobHandlers, {
    // While uploads pour in, previews wait (students see 'preview being made'), up to a minute at a time.
    busy: app.background.busy,
    maxDeferMs: 60_000,
    onError: (e) => logger.warn({ errName: (e as Error)?.name }, 'job worker error'),
  });
  // Crash leftovers (partial temp files, unrecorded blobs, abandoned uploads): swept at start and every
  // hour, once per cluster (a job; storage/sweep.ts).
  const requestSweep = (when: 'start' | 'periodic') =>
    void app?.background
      .requestSweep(when)
      .catch((e) => logger.warn({ errName: e?.name }, 'could not schedule the sweep'));
  requestSweep('start');
  const cleanup = setInterval(() => requestSweep('periodic'), 600_000);
  // Digests and reminders: idempotent, so every instance may run them.
  const scheduled = setInterval(
    () =>
      void app?.background
        .scheduled()
        .catch((e) => logger.warn({ errName: e?.name }, 'scheduled work failed')),
    600_000,
  );
  stopBackground = () => {
    worker.stop();
    clearInterval(cleanup);
    clearInterval(scheduled);
  };
  logger.info(`Licheng is running at http://localhost:${config.PORT}`);
}
