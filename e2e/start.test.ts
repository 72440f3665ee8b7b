/**
 * The two-command promise: `licheng start` on an empty data dir starts the embedded PostgreSQL, seeds
 * the demo school and serves the app; SIGINT leaves no PostgreSQL behind; a second start reuses the data.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/test-util.js';

/** PIDs of postgres processes serving this data dir (filtered in JS, so the ps itself never matches). */
const postgresPids = (dataDir: string) =>
  execSync('ps -eo pid=,args=')
    .toString()
    .split('\n')
    .filter((l) => l.includes('postgres') && l.includes(`-D ${dataDir}/pg`))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
const postgresRunningOn = (dataDir: string) => postgresPids(dataDir).length > 0;

describe('licheng start (embedded PostgreSQL)', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-start-'));
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    for (const pid of postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const child = spawn(process.execPath, ['bin/licheng.mjs', 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        HOST: '127.0.0.1',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const began = Date.now();
    while (Date.now() - began < 60_000) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { child, output: () => output, seconds: (Date.now() - began) / 1000 };
      if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`not healthy within 60 s:\n${output}`);
  };

  const stop = async (child: ChildProcess) => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  };

  const loginStatus = async () =>
    (
      await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo-student', password: 'licheng-demo' }),
      })
    ).status;

  it('starts within 60 s, serves the login page, seeds once, stops cleanly and restarts on the same data', async () => {
    const first = await start();
    expect(first.seconds).toBeLessThan(60);
    const page = await fetch(`http://127.0.0.1:${port}/login`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(await loginStatus()).toBe(200);
    expect(first.output()).toContain('seeded the demo school');
    expect(first.output()).not.toMatch(/[A-Z][12]\d{8}/); // no national IDs in the logs

    await stop(first.child);
    expect(postgresRunningOn(dataDir)).toBe(false);

    const second = await start();
    expect(second.output()).not.toContain('seeded the demo school');
    expect(await loginStatus()).toBe(200);
    await stop(second.child);
    expect(postgresRunningOn(dataDir)).toBe(false);
  }, 180_000); // two starts of up to 60 s each, and two stops
});
