/**
 * A tus locker shared by every instance, in PostgreSQL, for when upload state lives in S3 and any
 * instance may serve the next request of an upload. A lock is a lease row (`tus_locks`) that its holder
 * renews every few seconds while its request runs; a lease whose instance died expires on its own. A
 * request that wants a held lock sets `release_requested`; the holder sees it at its next renewal and
 * ends its request (tus's "request release"), as the in-memory locker does within one process.
 */
import { randomUUID } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import type { Db } from '../../db/client.js';
import * as repo from './tus.repo.js';

export interface PgLockerOptions {
  /** How long a lease lasts without renewal. */
  leaseMs?: number;
  /** How often the holder renews (and looks for release requests). */
  renewMs?: number;
  /** How long a request waits for a held lock before giving up. */
  acquireTimeoutMs?: number;
  /** How often a waiting request tries again. */
  retryMs?: number;
}

export function pgLocker(db: Db, opts: PgLockerOptions = {}): Locker {
  const leaseMs = opts.leaseMs ?? 10_000;
  const renewMs = opts.renewMs ?? 2_000;
  const acquireTimeoutMs = opts.acquireTimeoutMs ?? 30_000;
  const retryMs = opts.retryMs ?? 200;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  return {
    newLock(id: string): Lock {
      const holder = randomUUID();
      let renewal: NodeJS.Timeout | undefined;
      return {
        async lock(signal: AbortSignal, cancelReq: RequestRelease) {
          const deadline = Date.now() + acquireTimeoutMs;
          while (!(await repo.tryTusLock(db, id, holder, leaseMs))) {
            if (signal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
            await repo.requestTusRelease(db, id);
            await sleep(retryMs);
          }
          renewal = setInterval(async () => {
            try {
              const state = await repo.renewTusLock(db, id, holder, leaseMs);
              if (state !== 'held') await cancelReq();
            } catch {
              // A failed renewal is retried at the next tick; the lease outlives a few of them.
            }
          }, renewMs);
          renewal.unref();
        },
        async unlock() {
          clearInterval(renewal);
          await repo.releaseTusLock(db, id, holder);
        },
      };
    },
  };
}
