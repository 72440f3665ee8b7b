/**
 * A small pool of worker threads running one script: tasks queue in order, each worker takes one at a
 * time (so memory does not grow with the number of waiting tasks), a worker that dies fails only its own
 * task and is replaced, and idle workers are let go after `idleMs` (their memory returns to the system).
 * The script answers `{ id, result }` or `{ id, failure }` to each `{ id, ...input }`.
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

export function createWorkerPool<In extends object, Out>(
  script: URL,
  opts: { size: number; idleMs?: number; resourceLimits?: ResourceLimits },
): WorkerPool<In, Out> {
  const queue: Task<In, Out>[] = [];
  const idle = new Map<Worker, NodeJS.Timeout | undefined>();
  const busy = new Map<Worker, Task<In, Out>>();
  let nextId = 0;
  let closed = false;

  const forget = (worker: Worker) => {
    clearTimeout(idle.get(worker));
    idle.delete(worker);
    busy.delete(worker);
  };

  function rest(worker: Worker) {
    const timer =
      opts.idleMs === undefined
        ? undefined
        : setTimeout(() => {
            forget(worker);
            void worker.terminate();
          }, opts.idleMs).unref();
    idle.set(worker, timer);
  }

  function spawn() {
    const worker = new Worker(script, { resourceLimits: opts.resourceLimits });
    worker.unref();
    worker.on('message', (msg: { id: number; result?: Out; failure?: string }) => {
      const task = busy.get(worker);
      busy.delete(worker);
      if (task && task.id === msg.id) {
        if ('result' in msg) task.resolve(msg.result as Out);
        else task.reject(new Error(msg.failure ?? 'worker task failed'));
      }
      rest(worker);
      pump();
    });
    const lost = (e: Error) => {
      const task = busy.get(worker);
      forget(worker);
      task?.reject(e);
      pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (busy.has(worker) || idle.has(worker)) lost(new Error(`worker exited (${code})`));
    });
    return worker;
  }

  function pump() {
    while (queue.length > 0 && !closed) {
      let worker = idle.keys().next().value as Worker | undefined;
      if (worker) {
        clearTimeout(idle.get(worker));
        idle.delete(worker);
      } else if (busy.size < opts.size) {
        worker = spawn();
      } else {
        return;
      }
      const task = queue.shift() as Task<In, Out>;
      busy.set(worker, task);
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
      const workers = [...idle.keys(), ...busy.keys()];
      for (const timer of idle.values()) clearTimeout(timer);
      idle.clear();
      for (const task of busy.values()) task.reject(new Error('worker pool closed'));
      busy.clear();
      for (const task of queue.splice(0)) task.reject(new Error('worker pool closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
