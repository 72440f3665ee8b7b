/**
 * Upload benchmark (issue: durable file intake): C concurrent clients, each uploading 4 MB files
 * back to back for D seconds over loopback, against
 *   - Licheng, plain single-request uploads (POST /api/v1/uploads),
 *   - Licheng, tus uploads (creation + one PATCH),
 *   - baseline (a): a durable sink that streams the body to a file and fsyncs it, nothing else,
 *   - baseline (b): the same without fsync (for information).
 * Every server is a separate process; its peak RSS (VmHWM) is read from /proc at the end.
 *
 *   npm run bench:uploads                 # C=200, D=30
 *   BENCH_CLIENTS=50 BENCH_SECONDS=10 npm run bench:uploads
 *   BENCH_ROUNDS=3 BENCH_SECONDS=15 npm run bench:uploads   # medians over three rounds in turn
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { freePort } from '../src/db/test-util.js';
import { insertUsers } from '../src/modules/accounts/accounts.repo.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { ensureWebBuilt } from '../src/server/web-build.js';
import { benchDatabase } from './bench-db.js';
import {
  addStage,
  agent,
  CLIENTS,
  collectStages,
  FILE_SIZE,
  load,
  printRound,
  printSummary,
  type Row,
  request,
  SECONDS,
  summarise,
  unique,
  waitHealthy,
} from './uploads.load.js';
import { ballast, peakRssMb, sink, startBallast } from './uploads.processes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'bench-password-1';
// BENCH_ONLY=a,b,plain,tus picks servers (all by default); BENCH_DRAIN=false skips waiting for previews;
// BENCH_ROUNDS=n runs them all n times in turn, each round against its own baseline (a).
const ONLY = (process.env.BENCH_ONLY ?? 'a,b,plain,tus').split(',');
const DRAIN = process.env.BENCH_DRAIN !== 'false';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

/**
 * One shared 4 MB PDF shaped like a real scan (one page, one large binary stream), split so that each
 * request carries 16 unique bytes inside a trailing comment (no dedup shortcut).
 */
async function payload() {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const tail = Buffer.from('\n%%EOF\n');
  const overhead = 2000;
  doc.catalog.set(
    PDFName.of('Scan'),
    doc.context.register(doc.context.stream(randomBytes(FILE_SIZE - overhead))),
  );
  const base = Buffer.from(await doc.save({ useObjectStreams: false }));
  const head = Buffer.concat([
    base,
    Buffer.from('\n%'),
    Buffer.alloc(FILE_SIZE - base.length - 2 - 16 - tail.length, 0x41),
  ]);
  return { head, tail };
}

type Body = Awaited<ReturnType<typeof payload>>;

/** Runs the load against a baseline sink (a child process) and returns its row. */
async function runSink(dir: string, children: ChildProcess[], body: Body, name: string, doFsync: boolean) {
  const port = await freePort();
  const sinkDir = path.join(dir, `sink-${doFsync}`);
  await fs.mkdir(sinkDir);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'sink', String(port), sinkDir, String(doFsync)],
    { stdio: 'inherit' },
  );
  children.push(child);
  await waitHealthy(`http://127.0.0.1:${port}/`);
  const r = await load(child.pid as number, (c, n) =>
    request(
      `http://127.0.0.1:${port}/`,
      'POST',
      { 'content-length': FILE_SIZE, 'content-type': 'application/octet-stream' },
      { ...body, unique: unique(c, n) },
    ).then((x) => x.status === 201),
  );
  const row = summarise(name, r, await peakRssMb(child.pid as number));
  child.kill('SIGKILL');
  await fs.rm(sinkDir, { recursive: true, force: true });
  return row;
}

/**
 * Starts a Licheng server on a fresh data directory, signs the users in, runs the load (plain uploads or
 * tus creation + one PATCH), then waits for the previews unless BENCH_DRAIN=false. Returns its row and
 * what the previews took.
 */
async function runLicheng(
  bench: Awaited<ReturnType<typeof benchDatabase>>,
  dir: string,
  children: ChildProcess[],
  body: Body,
  usernames: string[],
  mode: 'plain' | 'tus',
) {
  const port = await freePort();
  const dataDir = path.join(dir, `licheng-${mode}`);
  await fs.mkdir(dataDir);
  // BENCH_PROFILE=<dir> writes a CPU profile of each Licheng server run there.
  // BENCH_NODE_FLAGS: extra flags for the server's node (e.g. --trace-gc).
  const profile = [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  const server = spawn(process.execPath, [...profile, path.join(ROOT, 'bin/licheng.mjs'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: bench.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_SEED: 'false',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      UPLOAD_QUOTA_MB: '1000000',
      UPLOAD_QUOTA_FILES: '1000000',
    },
    stdio: 'inherit',
  });
  children.push(server);
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/healthz`);
  const sessions = await Promise.all(
    usernames.map(async (u) => {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: PASSWORD }),
      });
      return {
        cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string,
        csrf: (await res.json()).csrfToken as string,
      };
    }),
  );
  const r = await load(server.pid as number, async (c, n, stages) => {
    const s = sessions[c] as { cookie: string; csrf: string };
    const auth = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    if (mode === 'plain') {
      const res = await request(
        `${base}/api/v1/uploads?purpose=outcomeDocument&filename=f${n}.pdf`,
        'POST',
        { ...auth, 'content-type': 'application/octet-stream', 'content-length': FILE_SIZE },
        { ...body, unique: unique(c, n) },
      );
      collectStages(res.headers['server-timing'], stages);
      return res.status === 201;
    }
    const meta = `purpose ${Buffer.from('outcomeDocument').toString('base64')},filename ${Buffer.from(`f${n}.pdf`).toString('base64')}`;
    // The creation request's whole latency as the client sees it, as one more stage.
    const creating = performance.now();
    const created = await request(`${base}/api/v1/uploads/tus`, 'POST', {
      ...auth,
      'tus-resumable': '1.0.0',
      'upload-length': FILE_SIZE,
      'upload-metadata': meta,
    });
    if (created.status !== 201 || !created.headers.location) return false;
    addStage(stages, 'creation', performance.now() - creating);
    collectStages(created.headers['server-timing'], stages, 'creation-');
    const patched = await request(
      new URL(created.headers.location, base).toString(),
      'PATCH',
      {
        ...auth,
        'tus-resumable': '1.0.0',
        'upload-offset': 0,
        'content-type': 'application/offset+octet-stream',
        'content-length': FILE_SIZE,
      },
      { ...body, unique: unique(c, n) },
    );
    collectStages(patched.headers['server-timing'], stages);
    return patched.status === 204 && !!patched.headers['licheng-file-id'];
  });
  const row = summarise(`Licheng ${mode}`, r, await peakRssMb(server.pid as number));
  // Previews are deferred while uploads arrive: how many waited, and how long the server took to
  // catch up once the load stopped (bounded at 5 minutes).
  const pendingJobs = async () =>
    Number(
      (
        await bench.database.pool.query(
          'select count(*) as n from jobs where done_at is null and attempts < 5',
        )
      ).rows[0].n,
    );
  const backlog = await pendingJobs();
  const drainStart = performance.now();
  while (DRAIN && (await pendingJobs()) > 0 && performance.now() - drainStart < 300_000) {
    await new Promise((res) => setTimeout(res, 500));
  }
  const drain = `Licheng ${mode}: ${backlog} previews waiting at the end of the load, done ${((performance.now() - drainStart) / 1000).toFixed(0)} s later (${await pendingJobs()} left); peak RSS including that ${(await peakRssMb(server.pid as number)).toFixed(0)} MB`;
  server.kill('SIGINT');
  await new Promise((res) => server.once('exit', res));
  // Another round's server starts on an empty data directory (and the jobs of this one are done with).
  await bench.database.pool.query('delete from jobs');
  await fs.rm(dataDir, { recursive: true, force: true });
  return { row, drain };
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-upbench-'));
  await fs.chmod(dir, 0o755);
  const body = await payload();
  const children: ChildProcess[] = [];
  const bench = await benchDatabase(dir);
  const rounds: Row[][] = [];
  try {
    const hash = await hashPassword(PASSWORD);
    const usernames = Array.from({ length: CLIENTS }, (_, i) => `bench${i}`);
    await insertUsers(
      bench.database.db,
      usernames.map((u) => ({
        schoolId: bench.school.id,
        username: u,
        displayName: u,
        passwordHash: hash,
        mustChangePassword: false,
        roles: ['student' as const],
      })),
    );

    // The server builds a missing web app at start, in its own process: do it here, so that the
    // servers' peak RSS is the intake's and not vite's.
    await ensureWebBuilt(ROOT, path.join(ROOT, 'dist/web'), (m) => console.log(m));
    const ballastHeld = await startBallast(children, fileURLToPath(import.meta.url));
    const setting = `${CLIENTS} concurrent clients × 4 MB files, ${SECONDS} s each, loopback; ${os.cpus().length} cores; ${bench.engine}; memory ballast ${ballastHeld} GiB`;

    for (let round = 1; round <= ROUNDS; round++) {
      const rows: Row[] = [];
      const drains: string[] = [];
      // Baselines first in each round (a quiet machine for each run).
      if (ONLY.includes('a'))
        rows.push(await runSink(dir, children, body, 'baseline (a) durable sink: stream + fsync', true));
      if (ONLY.includes('b'))
        rows.push(await runSink(dir, children, body, 'baseline (b) raw sink: stream, no fsync', false));
      for (const mode of ['plain', 'tus'] as const) {
        if (!ONLY.includes(mode)) continue;
        const { row, drain } = await runLicheng(bench, dir, children, body, usernames, mode);
        rows.push(row);
        drains.push(drain);
      }
      printRound(ROUNDS > 1 ? `round ${round} of ${ROUNDS}` : '', setting, rows, drains);
      rounds.push(rows);
    }
    if (ROUNDS > 1) printSummary(setting, rounds);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    agent.destroy();
    await bench.drop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'sink') await sink(Number(rest[0]), rest[1] as string, rest[2] === 'true');
else if (mode === 'ballast') await ballast(Number(rest[0]));
else await main();
