/**
 * Resumable uploads (tus 1.0, @tus/server with its file store): upload state survives restarts. The
 * bytes received so far are in DATA_DIR/tus, each upload's info in PostgreSQL (tus-store.ts), and locks
 * are in memory (one instance). For several instances, TUS_DIR is a volume they share and
 * TUS_LOCKS=postgres puts the locks in PostgreSQL too (tus-locker.ts), so any instance can continue any
 * upload. The session, CSRF and roles are checked by the access hook before tus sees the
 * request; the tus hooks check the purpose, declared size and quota at creation, that only the creator
 * may continue an upload, and hand the finished file to the intake pipeline. A finished upload, asked
 * about again by its owner, answers that it is complete and which file it became (`answerHead`).
 */
import path from 'node:path';
import { Server } from '@tus/server';
import type { Locker, Upload } from '@tus/utils';
import { sendNodeResponse } from 'srvx/node';
import type { Db } from '../../db/client.js';
import { isDiskFull } from '../../server/disk-full.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { type Intake, type StageTimings, serverTiming, type UploadOwner } from './intake.js';
import * as repo from './tus.repo.js';
import { errorBody, tusErrorResponse } from './tus-errors.js';
import { carriesBody, nodeBodyRequest, readBodiesDirectly } from './tus-patch.js';
import { LichengTusStore } from './tus-store.js';

export const TUS_PATH = '/api/v1/uploads/tus';
/** Set by our route on the raw request (after removing any client value) to find the session. */
export const IDENTITY_HEADER = 'x-licheng-request';

export function createTus(deps: {
  dir: string;
  db: Db;
  intake: Intake;
  expiryHours: number;
  trustProxy: boolean;
  /** Shared locks (PostgreSQL) when several instances serve `dir`; in memory otherwise. */
  locker?: Locker;
}) {
  // The signed-in user of each request being handled, and when it began (for Server-Timing).
  const identities = new Map<string, { user: SessionUser; admit: number; queue: number; began: number }>();
  const store = new LichengTusStore(deps.dir, deps.db, deps.expiryHours * 3_600_000);

  const fail = (req: Request, e: unknown) => {
    const err = e instanceof AppError ? e : new AppError(isDiskFull(e) ? 'STORAGE_FULL' : 'INTERNAL');
    return { status_code: err.status, body: errorBody(req, err) };
  };
  const identityOf = (req: Request) => {
    const identity = identities.get(req.headers.get(IDENTITY_HEADER) ?? '');
    if (!identity) throw new AppError('AUTH_REQUIRED');
    return identity;
  };
  const userOf = (req: Request) => identityOf(req).user;

  const server = new Server({
    path: TUS_PATH,
    datastore: store,
    locker: deps.locker,
    respectForwardedHeaders: deps.trustProxy,
    // tus's own refusals as { code, message, requestId } like the rest of the API (tus-errors.ts).
    onResponseError: tusErrorResponse,
    // Upload ids are random (crypto); the owner is recorded in the upload's metadata by the server.
    async onUploadCreate(req, upload) {
      try {
        const user = userOf(req);
        const meta = upload.metadata ?? {};
        await deps.intake.precheck(user, meta.purpose ?? '', meta.filename ?? '', upload.size);
        return { metadata: { ...meta, owner: user.id } };
      } catch (e) {
        throw fail(req, e);
      }
    },
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST' || req.method === 'OPTIONS') return;
      try {
        const user = userOf(req);
        const owner = await store.ownerOf(uploadId).catch(() => undefined);
        if (owner !== user.id) throw new AppError('NOT_FOUND');
      } catch (e) {
        throw fail(req, e);
      }
    },
    async onUploadFinish(req, upload) {
      try {
        const { user, admit, queue, began } = identityOf(req);
        const timings: StageTimings = { admit, queue, receive: performance.now() - began };
        const fileId = await finish(upload, user, timings);
        return { headers: { 'Licheng-File-Id': fileId, 'Server-Timing': serverTiming(timings) } };
      } catch (e) {
        throw fail(req, e);
      }
    },
  });
  const locker = (deps.locker ?? server.options.locker) as Locker;

  /**
   * Makes a completely received upload a file, exactly once, under the upload's lock (tus releases it
   * before onUploadFinish; a client asking again, or the start-up recovery, may reach the same upload
   * meanwhile): if another request already recorded it, its file id; otherwise the intake pipeline.
   * A refusal (AppError) removes the upload; any other failure (the database restarting, …) keeps its
   * info, so the client's retry finds it (from whatever bytes are left) instead of starting anew.
   */
  async function finish(
    upload: Pick<Upload, 'id' | 'size' | 'metadata' | 'creation_date'>,
    owner: UploadOwner,
    timings?: StageTimings,
  ): Promise<string> {
    const lock = locker.newLock(upload.id);
    await lock.lock(new AbortController().signal, async () => {});
    try {
      const done = await repo.finishedTusUpload(deps.db, upload.id);
      if (done) {
        store.forget(upload.id);
        return done.fileId;
      }
      const file = await deps.intake
        .accept({
          user: owner,
          purpose: upload.metadata?.purpose ?? '',
          source: path.join(deps.dir, upload.id),
          name: upload.metadata?.filename ?? '',
          expectedSize: upload.size,
          via: 'tus',
          startedAt: upload.creation_date ? new Date(upload.creation_date) : undefined,
          tusUpload: upload.id,
          timings,
        })
        .catch(async (e) => {
          if (e instanceof AppError) await store.removeInfo(upload.id);
          else store.forget(upload.id);
          throw e;
        });
      // Recorded: the info went with the file row.
      store.forget(upload.id);
      return file.id;
    } finally {
      await lock.unlock();
    }
  }

  /** Waits until nobody holds the upload's lock (a request finishing it), then lets go at once. */
  async function settle(id: string) {
    const lock = locker.newLock(id);
    await lock.lock(new AbortController().signal, async () => {});
    await lock.unlock();
  }

  /** The upload `id` of `user` if every byte of it has arrived but no file was recorded (a crash). */
  async function completeButUnrecorded(id: string, user: { id: string }) {
    if ((await store.ownerOf(id).catch(() => undefined)) !== user.id) return undefined;
    const upload = await store.getUpload(id).catch(() => undefined);
    if (!upload?.metadata || upload.size === undefined || upload.offset !== upload.size) return undefined;
    return upload;
  }

  readBodiesDirectly(server, store);

  /**
   * HEAD of an upload that is no longer in progress because it finished: its owner's client lost the
   * last response (a dropped connection, a reload) and asks where to resume. The answer is that every
   * byte is there, and which file the upload became, so the client reports success instead of sending
   * the file again as a new upload. An upload whose every byte arrived but which the server never
   * recorded (it stopped between the last byte and the answer) is finished now, and answered the same
   * way, or with the refusal's status (the client then starts anew and hears the reason at its end).
   * Tus itself would answer "complete" without a file: a success for a file that was never saved.
   * Anything else (in progress, unknown, someone else's) is tus's to answer.
   */
  async function answerHead(
    user: SessionUser,
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) {
    const pathname = new URL(req.url ?? '', 'http://x').pathname;
    if (!pathname.startsWith(`${TUS_PATH}/`)) return false;
    let id: string;
    try {
      id = decodeURIComponent(pathname.slice(TUS_PATH.length + 1));
    } catch {
      return false; // not an id tus could have made; tus answers
    }
    if (!id || id.includes('/')) return false;
    let fileId: string | undefined;
    let size: number | undefined;
    let pending = await completeButUnrecorded(id, user);
    if (!pending && (await store.ownerOf(id).catch(() => undefined)) === user.id) {
      // In progress as far as this instance knows, or being finished by another request right now (its
      // bytes on their way into the blob store, the info not yet gone): wait for the upload's lock, so
      // the answer is never tus's "complete" without the file it became.
      await settle(id);
      pending = await completeButUnrecorded(id, user);
    }
    if (pending) {
      try {
        fileId = await finish(pending, user);
        size = pending.size;
      } catch (e) {
        res.writeHead(e instanceof AppError ? e.status : 500, {
          'tus-resumable': '1.0.0',
          'cache-control': 'no-store',
        });
        res.end();
        return true;
      }
    } else {
      const finished = await repo.finishedTusUpload(deps.db, id);
      if (!finished || finished.ownerUserId !== user.id) return false;
      store.forget(id);
      fileId = finished.fileId;
      size = finished.size;
    }
    res.writeHead(200, {
      'tus-resumable': '1.0.0',
      'upload-offset': size,
      'upload-length': size,
      'cache-control': 'no-store',
      'licheng-file-id': fileId,
    });
    res.end();
    return true;
  }

  /**
   * At start: uploads whose every byte arrived before the server stopped without recording them become
   * files now, as their owners', so nothing a student sent in full waits for their client to come back.
   */
  async function recoverComplete() {
    const counts = { recorded: 0, refused: 0 };
    for (const { id, info } of await repo.allTusInfos(deps.db)) {
      const ownerId = (info as { metadata?: { owner?: string } }).metadata?.owner;
      const owner = ownerId ? await repo.uploadOwner(deps.db, ownerId) : undefined;
      const pending = owner && (await completeButUnrecorded(id, owner));
      if (!owner || !pending) continue;
      try {
        await finish(pending, owner);
        counts.recorded++;
      } catch {
        counts.refused++;
      }
    }
    return counts;
  }

  return {
    server,
    /** Runs a raw request through tus with the signed-in user attached. */
    async handle(
      requestId: string,
      user: SessionUser,
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
      /** Milliseconds from the request's arrival until it reached tus (session and access checks). */
      admit = 0,
    ) {
      // Drop any client-sent value, then attach ours (tus reads the raw header list).
      const raw: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (req.rawHeaders[i]?.toLowerCase() !== IDENTITY_HEADER)
          raw.push(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
      }
      raw.push(IDENTITY_HEADER, requestId);
      req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
      req.headers[IDENTITY_HEADER] = requestId;
      if (req.method === 'HEAD' && (await answerHead(user, req, res))) return;
      // A body is read in its turn (gate.ts): a PATCH, or a creation that carries data.
      const turn = carriesBody(req) ? await deps.intake.enter(req) : undefined;
      const began = performance.now();
      identities.set(requestId, { user, admit, queue: turn?.waited ?? 0, began });
      try {
        // As server.handle, with upload bodies read from the Node request (tus-patch.ts).
        const response = await server.handleWeb(nodeBodyRequest(req, res));
        if (req.method === 'POST' && response.status === 201 && !response.headers.has('server-timing')) {
          response.headers.set('server-timing', serverTiming({ admit, create: performance.now() - began }));
        }
        await sendNodeResponse(res, response);
      } finally {
        turn?.leave();
        identities.delete(requestId);
      }
    },
    /** Moves upload infos kept in files by an earlier version into PostgreSQL (at start). */
    adoptFileInfos: () => store.adoptFileInfos(),
    /** Records uploads complete but unrecorded when the server stopped (at start); counts. */
    recoverComplete,
    /** Removes uploads abandoned longer than the expiry (called periodically and by `licheng gc`). */
    cleanUpExpired: () => server.cleanUpExpiredUploads(),
  };
}

export type Tus = ReturnType<typeof createTus>;
