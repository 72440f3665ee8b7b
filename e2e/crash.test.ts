/**
 * Crash safety of the intake: the server process is killed (SIGKILL) while many uploads are in flight.
 * After a restart, every acknowledged upload must be complete and hash-identical, no row may point at a
 * missing blob, and interrupted resumable uploads must resume.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/test-util.js';
import { localBlobStore } from '../src/modules/storage/blob-store.js';
import { verifyBlobs } from '../src/modules/storage/integrity.js';
import { pdfOfSize } from '../src/modules/uploads/test-corpus.js';
import { createTestApp, TEST_PASSWORD } from '../src/server/test-app.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('crash safety of uploads', async () => {
  const t = await createTestApp();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-crash-'));
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const school = await t.makeSchool();
  const user = await t.makeUser({ schoolId: school.id, roles: ['student'] });
  let server: ChildProcess | undefined;
  afterAll(async () => {
    server?.kill('SIGKILL');
    await t.app.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function start() {
    const child = spawn(process.execPath, ['bin/licheng.mjs', 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: t.database.url,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_SEED: 'false',
        LOG_LEVEL: 'warn',
        UPLOAD_QUOTA_FILES: '1000',
        UPLOAD_QUOTA_MB: '2000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    for (let i = 0; i < 240; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return child;
      if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server not healthy: ${err}`);
  }

  async function login() {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: TEST_PASSWORD }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    return { cookie, csrf: (await res.json()).csrfToken as string };
  }

  /** A slow plain upload (64 KiB every 40 ms), resolving with the file id once acknowledged. */
  function slowUpload(s: { cookie: string; csrf: string }, body: Buffer, name: string) {
    return new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${base}/api/v1/uploads?purpose=outcomeDocument&filename=${name}`,
        {
          method: 'POST',
          headers: {
            cookie: s.cookie,
            'x-csrf-token': s.csrf,
            'content-type': 'application/octet-stream',
            'content-length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () =>
            res.statusCode === 201 ? resolve(JSON.parse(text).id) : reject(new Error(text)),
          );
        },
      );
      req.on('error', reject);
      let at = 0;
      const pump = () => {
        if (at >= body.length) return req.end();
        req.write(body.subarray(at, at + 65_536));
        at += 65_536;
        setTimeout(pump, 40);
      };
      pump();
    });
  }

  it('keeps every acknowledged upload across a SIGKILL and resumes interrupted tus uploads', async () => {
    server = await start();
    const session = await login();
    const bodies = await Promise.all(Array.from({ length: 30 }, (_, i) => pdfOfSize(600_000 + i * 50_000)));
    const acknowledged = new Map<string, Buffer>();
    const pending = bodies.map((b, i) =>
      slowUpload(session, b, `f${i}.pdf`).then(
        (id) => acknowledged.set(id, b),
        () => undefined,
      ),
    );

    // A resumable upload in flight at the moment of the crash.
    const tusBody = await pdfOfSize(3_000_000);
    let tusUrl = '';
    let tusAccepted = 0;
    const tus = new Upload(tusBody, {
      endpoint: `${base}/api/v1/uploads/tus`,
      chunkSize: 64 * 1024,
      retryDelays: [],
      // Slow it down so that it is surely in flight when the server dies.
      onBeforeRequest: () => new Promise((r) => setTimeout(r, 40)),
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      metadata: { purpose: 'outcomeDocument', filename: 'resume.pdf' },
      onUploadUrlAvailable: () => {
        tusUrl = tus.url as string;
      },
      onChunkComplete: (_size, accepted) => {
        tusAccepted = accepted;
      },
      onError: () => undefined,
      onSuccess: () => undefined,
    });
    tus.start();

    // Crash once several uploads were acknowledged and the resumable one is part-way.
    while (acknowledged.size < 5 || tusAccepted < 64 * 1024) await new Promise((r) => setTimeout(r, 10));
    server.kill('SIGKILL');
    await new Promise((r) => server?.once('exit', r));
    await Promise.all(pending);
    const ackedAtCrash = new Map(acknowledged);
    expect(ackedAtCrash.size).toBeGreaterThanOrEqual(5);
    expect(ackedAtCrash.size).toBeLessThan(bodies.length); // some really were in flight

    server = await start();
    const again = await login();
    for (const [id, body] of ackedAtCrash) {
      const res = await fetch(`${base}/api/v1/files/${id}/content`, { headers: { cookie: again.cookie } });
      expect(res.status).toBe(200);
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(body));
    }
    const report = await verifyBlobs(t.db, localBlobStore(path.join(dataDir, 'blobs')));
    expect(report.missing).toEqual([]);
    expect(report.corrupt).toEqual([]);

    // The interrupted resumable upload continues from where the server had it.
    expect(tusUrl).not.toBe('');
    const head = await fetch(tusUrl, {
      method: 'HEAD',
      headers: { cookie: again.cookie, 'tus-resumable': '1.0.0' },
    });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(tusBody.length);
    const fileId = await new Promise<string>((resolve, reject) => {
      const resumed = new Upload(tusBody, {
        endpoint: `${base}/api/v1/uploads/tus`,
        uploadUrl: tusUrl,
        chunkSize: 1024 * 1024,
        retryDelays: [0, 200],
        headers: { cookie: again.cookie, 'x-csrf-token': again.csrf },
        metadata: { purpose: 'outcomeDocument', filename: 'resume.pdf' },
        onError: reject,
        onSuccess: (p) => resolve(p.lastResponse.getHeader('Licheng-File-Id') as string),
      });
      resumed.start();
    });
    const res = await fetch(`${base}/api/v1/files/${fileId}/content`, { headers: { cookie: again.cookie } });
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(tusBody));
  }, 120_000);
});
