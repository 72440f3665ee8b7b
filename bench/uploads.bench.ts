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
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName } from 'pdf-lib';
import { freePort } from '../src/db/test-util.js';
import { insertUsers } from '../src/modules/accounts/accounts.repo.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { ensureWebBuilt } from '../src/server/web-build.js';
import { benchDatabase } from './bench-db.js';
import { ballast, cpuTimes, peakRssMb, postgresCpuSeconds, sink, startBallast } from './uploads.processes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const FILE_SIZE = 4 * 1_048_576;
const PASSWORD = 'bench-password-1';
// BENCH_ONLY=a,b,plain,tus picks servers (all by default); BENCH_DRAIN=false skips waiting for previews.
const ONLY = (process.env.BENCH_ONLY ?? 'a,b,plain,tus').split(',');
const DRAIN = process.env.BENCH_DRAIN !== 'false';

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

// ---- load generator ----
interface Result {
  files: number;
  errors: number;
  latencies: number[];
  seconds: number;
  /** CPU seconds (all threads) of the server process, and of all PostgreSQL processes, during the load. */
  serverCpu: number;
  serverKernel: number;
  dbCpu: number;
  /** Server-Timing stages of accepted uploads (ms each). */
  stages: Map<string, number[]>;
  /** The load generator's event-loop delay during the load: p50, p99, max (ms). */
  clientDelay: number[];
}

function addStage(into: Map<string, number[]>, stage: string, ms: number) {
  const list = into.get(stage) ?? [];
  list.push(ms);
  into.set(stage, list);
}

/** Adds a response's Server-Timing stages (`name;dur=ms, …`) to `into`, their names after `prefix`. */
function collectStages(header: string | string[] | undefined, into: Map<string, number[]>, prefix = '') {
  for (const part of String(header ?? '').split(',')) {
    const m = /^\s*(\w+);dur=([\d.]+)/.exec(part);
    if (m) addStage(into, `${prefix}${m[1]}`, Number(m[2]));
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

function request(
  url: string,
  method: string,
  headers: Record<string, string | number>,
  body?: { head: Buffer; unique: Buffer; tail: Buffer },
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    if (body) {
      req.write(body.head);
      req.write(body.unique);
      req.end(body.tail);
    } else req.end();
  });
}

async function load(
  serverPid: number,
  run: (client: number, n: number, stages: Map<string, number[]>) => Promise<boolean>,
): Promise<Result> {
  const result: Result = {
    files: 0,
    errors: 0,
    latencies: [],
    seconds: SECONDS,
    serverCpu: 0,
    serverKernel: 0,
    dbCpu: 0,
    stages: new Map(),
    clientDelay: [],
  };
  const cpuBefore = await cpuTimes(serverPid);
  const dbBefore = await postgresCpuSeconds();
  const until = Date.now() + SECONDS * 1000;
  // Monotonic seconds (the clock of `perf record -k CLOCK_MONOTONIC`), to slice a system-wide profile.
  const mono = () => (Number(process.hrtime.bigint()) / 1e9).toFixed(3);
  console.log(`load from ${mono()}`);
  // The load generator's own event-loop delay: a client-side share of the latencies it measures.
  const clientDelay = monitorEventLoopDelay({ resolution: 10 });
  clientDelay.enable();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; Date.now() < until; n++) {
        const began = performance.now();
        const ok = await run(client, n, result.stages).catch(() => false);
        if (ok) {
          result.files++;
          result.latencies.push(performance.now() - began);
        } else result.errors++;
      }
    }),
  );
  console.log(`load to ${mono()}`);
  clientDelay.disable();
  result.clientDelay = [
    clientDelay.percentile(50) / 1e6,
    clientDelay.percentile(99) / 1e6,
    clientDelay.max / 1e6,
  ];
  const cpuAfter = await cpuTimes(serverPid);
  result.serverKernel = cpuAfter.kernel - cpuBefore.kernel;
  result.serverCpu = cpuAfter.user - cpuBefore.user + result.serverKernel;
  result.dbCpu = (await postgresCpuSeconds()) - dbBefore;
  return result;
}

const unique = (client: number, n: number) =>
  Buffer.from(`${String(client).padStart(6, '0')}${String(n).padStart(10, '0')}`);

async function waitHealthy(url: string) {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not healthy: ${url}`);
}

/** The p-th quantile (0–1) of `values`. */
function quantile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function summarise(name: string, r: Result, rss: number) {
  const pct = (p: number) => quantile(r.latencies, p);
  const stages = [...r.stages].map(
    ([stage, ms]) => `${stage} ${quantile(ms, 0.5).toFixed(0)}/${quantile(ms, 0.99).toFixed(0)}`,
  );
  const [d50, d99, dMax] = r.clientDelay.map((ms) => ms.toFixed(0));
  stages.push(`load generator event-loop delay ${d50}/${d99} (max ${dMax})`);
  return {
    stages: stages.join(', '),
    name,
    filesPerSec: r.files / r.seconds,
    mbPerSec: (r.files * FILE_SIZE) / 1_048_576 / r.seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    errors: r.errors,
    rss,
    serverCpuMs: (r.serverCpu * 1000) / Math.max(1, r.files),
    kernelShare: r.serverKernel / Math.max(1e-9, r.serverCpu),
    dbCpuMs: (r.dbCpu * 1000) / Math.max(1, r.files),
  };
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-upbench-'));
  await fs.chmod(dir, 0o755);
  const body = await payload();
  const children: ChildProcess[] = [];
  const bench = await benchDatabase(dir);
  const { url, school } = bench;
  const rows: ReturnType<typeof summarise>[] = [];
  const drains: string[] = [];
  try {
    const setup = bench.database;
    const hash = await hashPassword(PASSWORD);
    const usernames = Array.from({ length: CLIENTS }, (_, i) => `bench${i}`);
    await insertUsers(
      setup.db,
      usernames.map((u) => ({
        schoolId: school.id,
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

    // Baselines first (a quiet machine for each run).
    for (const [name, doFsync] of [
      ['baseline (a) durable sink: stream + fsync', true],
      ['baseline (b) raw sink: stream, no fsync', false],
    ] as const) {
      if (!ONLY.includes(doFsync ? 'a' : 'b')) continue;
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
      rows.push(summarise(name, r, await peakRssMb(child.pid as number)));
      child.kill('SIGKILL');
      await fs.rm(sinkDir, { recursive: true, force: true });
    }

    for (const mode of ['plain', 'tus'] as const) {
      if (!ONLY.includes(mode)) continue;
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
          DATABASE_URL: url,
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
      rows.push(summarise(`Licheng ${mode}`, r, await peakRssMb(server.pid as number)));
      // Previews are deferred while uploads arrive: how many waited, and how long the server took to
      // catch up once the load stopped (bounded at 5 minutes).
      const pendingJobs = async () =>
        Number(
          (await setup.pool.query('select count(*) as n from jobs where done_at is null and attempts < 5'))
            .rows[0].n,
        );
      const backlog = await pendingJobs();
      const drainStart = performance.now();
      while (DRAIN && (await pendingJobs()) > 0 && performance.now() - drainStart < 300_000) {
        await new Promise((res) => setTimeout(res, 500));
      }
      drains.push(
        `Licheng ${mode}: ${backlog} previews waiting at the end of the load, done ${((performance.now() - drainStart) / 1000).toFixed(0)} s later (${await pendingJobs()} left); peak RSS including that ${(await peakRssMb(server.pid as number)).toFixed(0)} MB`,
      );
      server.kill('SIGINT');
      await new Promise((res) => server.once('exit', res));
      await fs.rm(dataDir, { recursive: true, force: true });
    }

    const durable = rows[0]?.mbPerSec ?? 1;
    console.log(`\n${drains.join('\n')}`);
    const staged = rows.filter((r) => r.stages);
    if (staged.length) console.log('\nServer-Timing stages, p50/p99 ms:');
    for (const r of staged) console.log(`${r.name}: ${r.stages}`);
    console.log(
      `\n${CLIENTS} concurrent clients × 4 MB files, ${SECONDS} s each, loopback; ${os.cpus().length} cores; ${bench.engine}; memory ballast ${ballastHeld} GiB`,
    );
    console.log(
      '| server | files/s | MB/s | vs (a) | p50 ms | p99 ms | errors | peak RSS MB | server CPU ms/file (kernel) | PostgreSQL CPU ms/file |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.filesPerSec.toFixed(1)} | ${r.mbPerSec.toFixed(0)} | ${((r.mbPerSec / durable) * 100).toFixed(0)} % | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.errors} | ${r.rss.toFixed(0)} | ${r.serverCpuMs.toFixed(1)} (${(r.kernelShare * 100).toFixed(0)} %) | ${r.dbCpuMs.toFixed(1)} |`,
      );
    }
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
