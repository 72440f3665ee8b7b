/**
 * The load generator of the upload benchmark (uploads.bench.ts): CLIENTS concurrent clients uploading
 * back to back for SECONDS against one server, and the figures of a run (throughput, latencies, CPU of
 * the server and of PostgreSQL, Server-Timing stages), printed as a table row each.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuTimes, postgresCpuSeconds } from './uploads.processes.js';

export const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
export const FILE_SIZE = 4 * 1_048_576;

export interface Result {
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

export function addStage(into: Map<string, number[]>, stage: string, ms: number) {
  const list = into.get(stage) ?? [];
  list.push(ms);
  into.set(stage, list);
}

/** Adds a response's Server-Timing stages (`name;dur=ms, …`) to `into`, their names after `prefix`. */
export function collectStages(
  header: string | string[] | undefined,
  into: Map<string, number[]>,
  prefix = '',
) {
  for (const part of String(header ?? '').split(',')) {
    const m = /^\s*(\w+);dur=([\d.]+)/.exec(part);
    if (m) addStage(into, `${prefix}${m[1]}`, Number(m[2]));
  }
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

export function request(
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

export async function load(
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

export const unique = (client: number, n: number) =>
  Buffer.from(`${String(client).padStart(6, '0')}${String(n).padStart(10, '0')}`);

export async function waitHealthy(url: string) {
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
export function quantile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function summarise(name: string, r: Result, rss: number) {
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

export type Row = ReturnType<typeof summarise>;

const TABLE_HEAD =
  '| server | files/s | MB/s | vs (a) | p50 ms | p99 ms | errors | peak RSS MB | server CPU ms/file (kernel) | PostgreSQL CPU ms/file |\n|---|---|---|---|---|---|---|---|---|---|';

/** Prints one round: the previews' catch-up, the stages, and the table against its own baseline (a). */
export function printRound(title: string, setting: string, rows: Row[], drains: string[]) {
  const durable = rows[0]?.mbPerSec ?? 1;
  if (title) console.log(`\n## ${title}`);
  if (drains.length) console.log(`\n${drains.join('\n')}`);
  const staged = rows.filter((r) => r.stages);
  if (staged.length) console.log('\nServer-Timing stages, p50/p99 ms:');
  for (const r of staged) console.log(`${r.name}: ${r.stages}`);
  console.log(`\n${setting}\n${TABLE_HEAD}`);
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.filesPerSec.toFixed(1)} | ${r.mbPerSec.toFixed(0)} | ${((r.mbPerSec / durable) * 100).toFixed(0)} % | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.errors} | ${r.rss.toFixed(0)} | ${r.serverCpuMs.toFixed(1)} (${(r.kernelShare * 100).toFixed(0)} %) | ${r.dbCpuMs.toFixed(1)} |`,
    );
  }
}

/**
 * Medians over rounds, per server: each round's figures against that round's baseline (a), so that a
 * machine whose speed drifts between rounds (as these VMs' does) compares like with like.
 */
export function printSummary(setting: string, rounds: Row[][]) {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  const range = (values: number[], digits = 0) =>
    `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
  console.log(`\n## Medians over ${rounds.length} rounds (range in brackets)\n\n${setting}`);
  console.log(
    '| server | MB/s | vs (a) | p50 ms | p99 ms | errors | peak RSS MB (max) | server CPU ms/file | PostgreSQL CPU ms/file |\n|---|---|---|---|---|---|---|---|---|',
  );
  for (const name of rounds[0]?.map((r) => r.name) ?? []) {
    const mine = rounds.map((rows) => ({
      row: rows.find((r) => r.name === name) as Row,
      durable: rows[0]?.mbPerSec ?? 1,
    }));
    const pick = (f: (r: Row) => number) => mine.map(({ row }) => f(row));
    const ratios = mine.map(({ row, durable }) => (row.mbPerSec / durable) * 100);
    const cell = (values: number[], digits = 0) =>
      `${median(values).toFixed(digits)} (${range(values, digits)})`;
    console.log(
      `| ${name} | ${cell(pick((r) => r.mbPerSec))} | ${cell(ratios)} % | ${cell(pick((r) => r.p50))} | ${cell(pick((r) => r.p99))} | ${pick((r) => r.errors).reduce((a, b) => a + b, 0)} | ${Math.max(...pick((r) => r.rss)).toFixed(0)} | ${cell(
        pick((r) => r.serverCpuMs),
        1,
      )} | ${cell(
        pick((r) => r.dbCpuMs),
        1,
      )} |`,
    );
  }
}
