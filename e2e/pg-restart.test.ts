/**
 * A PostgreSQL restart never kills the server. The server runs as a child process (`licheng start`)
 * against a throw-away embedded PostgreSQL of this test (never the machine's shared one), which is
 * stopped (fast shutdown: every session is terminated) while a preview job is being made and while a
 * resumable upload is part-way, then started again. The server must still be alive, answer, finish
 * the job and let the upload complete.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Upload } from 'tus-js-client';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from '../src/db/test-util.js';
import { insertUsers } from '../src/modules/accounts/accounts.repo.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { insertSchool } from '../src/modules/schools/schools.repo.js';
import { pdf, pdfOfSize } from '../src/modules/uploads/test-corpus.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PASSWORD = 'correct-horse-battery';

describe('a PostgreSQL restart', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-pg-restart-'));
  await fs.chmod(root, 0o755);
  const pgDir = path.join(root, 'pg');
  const pgPort = await freePort();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startPg = () =>
    startEmbeddedPostgres({ dir: pgDir, port: pgPort, database: 'licheng', persistent: true });
  let postgres: EmbeddedServer = await startPg();
  let server: ChildProcess | undefined;
  let output = '';
  afterAll(async () => {
    server?.kill('SIGKILL');
    await postgres.stop().catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true });
  });

  async function startServer() {
    const child = spawn(process.execPath, ['bin/licheng.mjs', 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: postgres.url,
        DATA_DIR: path.join(root, 'data'),
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_SEED: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    for (let i = 0; i < 240; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return child;
      if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
      await sleep(250);
    }
    throw new Error(`server not healthy:\n${output}`);
  }

  /** Stops PostgreSQL (terminating every session), waits, starts it again. */
  async function restartPostgres(downMs: number) {
    await postgres.stop();
    await sleep(downMs);
    postgres = await startPg();
  }

  async function stillServing() {
    expect(server?.exitCode, output).toBeNull();
    for (let i = 0; i < 60; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await sleep(250);
    }
    throw new Error(`not healthy after the restart:\n${output}`);
  }

  server = await startServer();
  // The server migrated the database; a student to upload with.
  const setup = connectDatabase(postgres.url, { max: 1 });
  const school = await insertSchool(setup.db, { code: '911111', name: '重啟高中' });
  await insertUsers(setup.db, [
    {
      schoolId: school.id,
      username: 'restart-student',
      displayName: '學生',
      passwordHash: await hashPassword(PASSWORD),
      mustChangePassword: false,
      roles: ['student'],
    },
  ]);
  await setup.close();

  async function login() {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'restart-student', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    return { cookie, csrf: (await res.json()).csrfToken as string };
  }

  /** Whether a job is being worked on: taken (leased) and not done, or held in an open transaction. */
  async function jobInProgress() {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const res = await client.query(`
        select exists (select from jobs where done_at is null and attempts > 0 and last_error is null)
            or exists (select from pg_stat_activity
                       where datname = current_database() and state = 'idle in transaction'
                         and query ilike '%from jobs%') as busy`);
      return res.rows[0].busy as boolean;
    } finally {
      await client.end();
    }
  }

  it('while a preview job is being made: the server survives and the job is finished', async () => {
    const session = await login();
    let caught = false;
    let fileId = '';
    // Catch a job mid-way (the first preview also starts the renderer's worker, which takes a while).
    for (let round = 0; round < 5 && !caught; round++) {
      const upload = await fetch(
        `${base}/api/v1/uploads?purpose=outcomeDocument&filename=preview-${round}.pdf`,
        {
          method: 'POST',
          headers: {
            cookie: session.cookie,
            'x-csrf-token': session.csrf,
            'content-type': 'application/octet-stream',
          },
          body: new Uint8Array(await pdf()),
        },
      );
      expect(upload.status).toBe(201);
      fileId = (await upload.json()).id;
      const until = Date.now() + 5_000;
      while (Date.now() < until && !caught) caught = await jobInProgress();
      if (caught) await restartPostgres(1_000);
      else await sleep(31_000); // the renderer's worker is let go when idle: the next round starts it again
    }
    expect(caught).toBe(true);
    await sleep(1_000);
    await stillServing();
    const again = await login();
    let hasPreview = false;
    for (let i = 0; i < 60 && !hasPreview; i++) {
      const res = await fetch(`${base}/api/v1/files/${fileId}`, { headers: { cookie: again.cookie } });
      hasPreview = res.ok && (await res.json()).hasPreview;
      if (!hasPreview) await sleep(500);
    }
    expect(hasPreview, output).toBe(true);
    expect(server?.exitCode).toBeNull();
  }, 240_000);

  it('while a resumable upload is part-way: the server survives and the upload completes', async () => {
    const session = await login();
    const body = await pdfOfSize(1_500_000);
    let accepted = 0;
    const done = new Promise<string | null>((resolve, reject) => {
      const upload = new Upload(body, {
        endpoint: `${base}/api/v1/uploads/tus`,
        chunkSize: 64 * 1024,
        retryDelays: [200, 500, 1000, 1000, 2000, 2000, 4000, 4000, 8000],
        onBeforeRequest: async () => {
          await sleep(30);
        },
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        metadata: { purpose: 'outcomeDocument', filename: 'during-restart.pdf' },
        onChunkComplete: (_size, sent) => {
          accepted = sent;
        },
        onError: reject,
        onSuccess: (p) => resolve(p.lastResponse.getHeader('Licheng-File-Id') ?? null),
      });
      upload.start();
    });
    while (accepted < 256 * 1024) await sleep(10);
    await restartPostgres(1_500);
    const fileId = await done;
    expect(fileId).toBeTruthy();
    expect(accepted).toBe(body.length);
    await stillServing();
    const res = await fetch(`${base}/api/v1/files/${fileId}/content`, {
      headers: { cookie: session.cookie },
    });
    expect(res.status).toBe(200);
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(body));
  }, 120_000);
});
