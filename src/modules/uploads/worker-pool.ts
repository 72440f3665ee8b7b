/**
 * A small pool of worker threads running one script: tasks queue in order; each worker holds at most
 * `depth` of them (1 by default, so memory does not grow with the number of waiting tasks); a worker that
 * dies fails only the tasks it held and is replaced; idle workers are let go after `idleMs` (their memory
 * returns to the system). The script answers `{ id, result }` or `{ id, failure }` to each
 * `{ id, ...input }` and, with `depth` > 1, must handle its messages one after another.
 *
 * Why `depth`: a worker that gets its next task only after the event loop has taken in its last answer
 * sits idle for as long as the event loop is busy elsewhere — under upload load, longer than the task
 * itself. With a few tasks waiting in its own inbox it never waits for the event loop.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

export interface WorkerPool<In, Out> {
  run(input: In): Promise<Out>;
  close(): Promise<void>;
}

interface Task<In, Out> {
  id: number;
  input: In;
  resolve: (v: Out) => void;
  reject: (e: Error) => void;
}

interface Held<In, Out> {
  tasks: Map<number, Task<In, Out>>;
  idleTimer?: NodeJS.Timeout;
}

export function createWorkerPool<In extends object, Out>(
  script: URL,
  opts: { size: number; depth?: number; idleMs?: number; resourceLimits?: ResourceLimits },
): WorkerPool<In, Out> {
  const depth = Math.max(1, opts.depth ?? 1);
  const queue: Task<In, Out>[] = [];
  const workers = new Map<Worker, Held<In, Out>>();
  let nextId = 0;
  let closed = false;

  /** Forgets a worker and fails what it held (it died, or the pool closed). */
  function lose(worker: Worker, e: Error) {
    const held = workers.get(worker);
    if (!held) return;
    workers.delete(worker);
    clearTimeout(held.idleTimer);
    for (const task of held.tasks.values()) task.reject(e);
    pump();
  }

  function spawn(): Worker {
    const worker = new Worker(script, { resourceLimits: opts.resourceLimits });
    worker.unref();
    const held: Held<In, Out> = { tasks: new Map() };
    workers.set(worker, held);
    worker.on('message', (msg: { id: number; result?: Out; failure?: string }) => {
      const task = held.tasks.get(msg.id);
      held.tasks.delete(msg.id);
      if (task) {
        if ('result' in msg) task.resolve(msg.result as Out);
        else task.reject(new Error(msg.failure ?? 'worker task failed'));
      }
      pump();
      if (held.tasks.size === 0 && opts.idleMs !== undefined && workers.has(worker)) {
        held.idleTimer = setTimeout(() => {
          workers.delete(worker);
          void worker.terminate();
        }, opts.idleMs).unref();
      }
    });
    worker.on('error', (e) => lose(worker, e));
    worker.on('exit', (code) => lose(worker, new Error(`worker exited (${code})`)));
    return worker;
  }

  /** An idle worker, else a new one while fewer than `size`, else the least loaded below `depth`. */
  function pick(): Worker | undefined {
    let best: Worker | undefined;
    let load = depth;
    for (const [worker, held] of workers) {
      if (held.tasks.size < load) {
        best = worker;
        load = held.tasks.size;
      }
    }
    if (load > 0 && workers.size < opts.size) return spawn();
    return best;
  }

  function pump() {
    while (queue.length > 0 && !closed) {
      const worker = pick();
      if (!worker) return;
      const held = workers.get(worker) as Held<In, Out>;
      clearTimeout(held.idleTimer);
      const task = queue.shift() as Task<In, Out>;
      held.tasks.set(task.id, task);
      worker.postMessage({ id: task.id, ...task.input });
    }
  }

  return {
    run(input) {
      if (closed) return Promise.reject(new Error('worker pool closed'));
      return new Promise<Out>((resolve, reject) => {
        queue.push({ id: nextId++, input, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const all = [...workers.keys()];
      for (const worker of all) lose(worker, new Error('worker pool closed'));
      for (const task of queue.splice(0)) task.reject(new Error('worker pool closed'));
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
