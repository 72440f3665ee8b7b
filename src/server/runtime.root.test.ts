/**
 * Run as root (CI, containers), the embedded PostgreSQL must start even when DATA_DIR lies where the
 * OS user `postgres` cannot enter (a checkout under /root): the cluster moves to EMBEDDED_PG_ROOT_DIR and
 * the log says where.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterLocation } from '../db/embedded-location.js';
import { freePort } from '../db/test-util.js';
import { loadConfig } from './config.js';
import { openRuntime } from './runtime.js';

const asRoot = process.getuid?.() === 0;

describe.runIf(asRoot)('embedded PostgreSQL as root with an unreachable DATA_DIR', async () => {
  // A private home like /root (mode 700) holding the data dir, and a reachable place for the cluster.
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-home-'));
  await fs.chmod(home, 0o700);
  const fallback = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-var-'));
  await fs.chmod(fallback, 0o755);
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
    await fs.rm(fallback, { recursive: true, force: true });
  });

  it('keeps the cluster under EMBEDDED_PG_ROOT_DIR, says so, and finds it again', async () => {
    const dataDir = path.join(home, 'data');
    const config = loadConfig({
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_ROOT_DIR: fallback,
    });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });

    const location = clusterLocation(dataDir, fallback);
    expect(location.relocatedFrom).toBe(path.join(dataDir, 'pg'));
    expect(location.pgDir.startsWith(fallback)).toBe(true);

    const runtime = await openRuntime(config, logger);
    try {
      const r = await runtime.database.pool.query<{ one: number }>('select 1 as one');
      expect(r.rows[0]?.one).toBe(1);
      await fs.access(path.join(location.pgDir, 'PG_VERSION'));
      expect(lines.some((l) => l.includes(location.pgDir) && l.includes('cannot reach DATA_DIR'))).toBe(true);
    } finally {
      await runtime.close();
    }
    // A second start of the same data dir uses the same cluster (same password file, same data).
    expect(clusterLocation(dataDir, fallback)).toEqual(location);
  }, 120_000);

  it('leaves a reachable DATA_DIR where it is', () => {
    const dataDir = path.join(fallback, 'data');
    expect(clusterLocation(dataDir, fallback)).toEqual({
      pgDir: path.join(dataDir, 'pg'),
      passwordFile: path.join(dataDir, '.pg-password'),
    });
  });
});
