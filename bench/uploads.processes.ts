/**
 * The processes around the upload benchmark (uploads.bench.ts): the baseline sinks and the memory
 * ballast it runs as child processes, and what it reads of processes from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

// ---- baseline sinks (run as child processes: `sink <port> <dir> <fsync>`) ----
// A sink keeps what it received, as any durable intake must (deleting each file right after its fsync
// would let the kernel recycle the same hot pages, which no real intake can).
export async function sink(port: number, dir: string, doFsync: boolean) {
  const server = http.createServer(async (req, res) => {
    const file = path.join(dir, randomBytes(8).toString('hex'));
    const handle = await fs.open(file, 'w');
    try {
      for await (const chunk of req) await handle.write(chunk as Buffer);
      if (doFsync) await handle.sync();
    } finally {
      await handle.close();
    }
    res.writeHead(201).end();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1');
}

// ---- memory ballast (child process: `ballast <GiB>`) ----
/**
 * Holds `gib` GiB of touched memory until killed. On this VM, memory the guest has not touched lately is
 * handed back to the host, and touching it again costs ~1.6 ms per MB (a fresh 4 GB file is written to the
 * page cache at ~600 MB/s, the same file again at 2–5 GB/s). A server that has been up for a while has its
 * memory full of page cache and recycles it; without the ballast, whichever run grows its page cache
 * into returned memory pays that cost, and the figures depend on the order of the runs. With it, every
 * run recycles a few GiB, as on a busy server.
 */
export async function ballast(gib: number) {
  const held: Buffer[] = [];
  for (let i = 0; i < gib; i++) held.push(Buffer.allocUnsafeSlow(1 << 30).fill(i + 1));
  console.log(`ballast ready: ${held.length} GiB`);
  setInterval(() => held.length, 1 << 30);
}

/** BENCH_BALLAST_GB, or all available memory but 4 GiB (0 turns it off). */
async function ballastGib(): Promise<number> {
  if (process.env.BENCH_BALLAST_GB !== undefined) return Number(process.env.BENCH_BALLAST_GB);
  const meminfo = await fs.readFile('/proc/meminfo', 'utf8');
  const availableKb = Number(/MemAvailable:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  return Math.max(0, Math.floor(availableKb / 1024 / 1024) - 4);
}

export async function startBallast(children: ChildProcess[], script: string): Promise<number> {
  const gib = await ballastGib();
  if (gib <= 0) return 0;
  const child = spawn(process.execPath, ['--import', 'tsx', script, 'ballast', String(gib)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ballast ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`ballast exited: ${code}`)));
  });
  return gib;
}

// ---- /proc ----
const TICKS = 100; // USER_HZ

/** User and kernel CPU time of a process (all its threads), in seconds. */
export async function cpuTimes(pid: number | string): Promise<{ user: number; kernel: number }> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11] ?? 0) / TICKS, kernel: Number(fields[12] ?? 0) / TICKS };
}

/** utime + stime of a process (all its threads), in seconds. */
export async function cpuSeconds(pid: number | string): Promise<number> {
  const { user, kernel } = await cpuTimes(pid);
  return user + kernel;
}

/** CPU seconds of every process called postgres (the embedded server and its backends). */
export async function postgresCpuSeconds(): Promise<number> {
  let total = 0;
  for (const pid of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'postgres') total += await cpuSeconds(pid);
  }
  return total;
}

/** Peak resident memory (VmHWM) of a process, in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
