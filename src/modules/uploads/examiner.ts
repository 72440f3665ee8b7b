/**
 * A small pool of worker threads running examine.worker.mjs: the SHA-256 of every received file and the
 * parsing of PDFs happen there, so they never block the event loop that is receiving everyone else's
 * uploads. Tasks queue in order (one file per worker at a time, so memory does not grow with the number
 * of concurrent uploads); a worker that dies fails only its own task and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export type PdfVerdict =
  | { isPdf: true; flags: Record<string, boolean>; error?: undefined }
  | { isPdf: true; error: 'FILE_CORRUPT' | 'FILE_ENCRYPTED' };

export interface Examined {
  sha256: string;
  size: number;
  /** Only when PDFs were asked for and the file starts like one. */
  pdf: PdfVerdict | null;
}

interface Task {
  id: number;
  file: string;
  pdf: boolean;
  resolve: (v: Examined) => void;
  reject: (e: Error) => void;
}

const WORKER_URL = new URL('./examine.worker.mjs', import.meta.url);

export interface Examiner {
  /** Digest and size of a file, and with `pdf: true` the verdict on it if it is a PDF. */
  examine(file: string, opts: { pdf: boolean }): Promise<Examined>;
  close(): Promise<void>;
}

export function createExaminer(size = Math.max(1, Math.min(4, availableParallelism()))): Examiner {
  const queue: Task[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Task>();
  let nextId = 0;
  let closed = false;

  function spawn() {
    const worker = new Worker(WORKER_URL);
    worker.unref();
    worker.on('message', (msg: { id: number; result?: Examined; failure?: string }) => {
      const task = busy.get(worker);
      busy.delete(worker);
      if (task && task.id === msg.id) {
        if (msg.result) task.resolve(msg.result);
        else task.reject(new Error(`examining a file failed: ${msg.failure}`));
      }
      idle.push(worker);
      pump();
    });
    const lost = (e: Error) => {
      const task = busy.get(worker);
      busy.delete(worker);
      const at = idle.indexOf(worker);
      if (at !== -1) idle.splice(at, 1);
      task?.reject(e);
      if (!closed) {
        spawn();
        pump();
      }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (busy.has(worker) || idle.includes(worker)) lost(new Error(`file examiner exited (${code})`));
    });
    idle.push(worker);
  }

  function pump() {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const task = queue.shift() as Task;
      busy.set(worker, task);
      worker.postMessage({ id: task.id, file: task.file, pdf: task.pdf });
    }
  }

  return {
    examine(file, opts) {
      if (closed) return Promise.reject(new Error('file examiner closed'));
      if (idle.length + busy.size === 0) for (let i = 0; i < size; i++) spawn();
      return new Promise<Examined>((resolve, reject) => {
        queue.push({ id: nextId++, file, pdf: opts.pdf, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const workers = [...idle, ...busy.keys()];
      idle.length = 0;
      for (const task of busy.values()) task.reject(new Error('file examiner closed'));
      busy.clear();
      for (const task of queue.splice(0)) task.reject(new Error('file examiner closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
