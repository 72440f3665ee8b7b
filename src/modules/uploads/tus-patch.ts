/**
 * Upload bodies straight from the socket. @tus/server 2 reads a body as a web stream: every 64 KB chunk
 * goes Node request → web ReadableStream → Node Readable → PassThrough → size limiter before the store
 * sees it (several ms of CPU per 4 MB file under load, see docs/BENCHMARKS.md). Here the request that tus
 * receives carries the Node request itself as its body (`nodeBodyRequest`), and the PATCH handler (and
 * the creation handler, for a creation that carries data) hands it to the store's batched writer with
 * the same limit and the same take-over behaviour: when another request asks for the upload's lock,
 * what arrived is written and the old request ends.
 * Everything else (offsets, expiry, locks, hooks, headers) stays @tus/server's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Server } from '@tus/server';
import { type CancellationContext, ERRORS, type Upload } from '@tus/utils';
import { NodeRequest } from 'srvx/node';
import type { LichengTusStore } from './tus-store.js';

/** A request whose body tus writes to an upload: a PATCH, or a creation that carries data. */
export const carriesBody = (req: IncomingMessage) =>
  req.method === 'PATCH' || (req.method === 'POST' && Number(req.headers['content-length'] ?? 0) > 0);

/** A web request for tus whose upload body is the Node request (read only by the handlers below). */
export function nodeBodyRequest(req: IncomingMessage, res: ServerResponse): Request {
  const request = new NodeRequest({ req, res });
  if (carriesBody(req)) Object.defineProperty(request, 'body', { value: req });
  return request;
}

type WriteToStore = (
  body: unknown,
  upload: Upload,
  maxBodySize: number,
  context: CancellationContext,
) => Promise<number>;

/**
 * Makes `server`'s PATCH and creation handlers write Node request bodies with `store.receive`.
 * (@tus/server does not export its handler classes, so the one method is replaced on the instances; web
 * bodies still take the original path.)
 */
export function readBodiesDirectly(server: Server, store: LichengTusStore) {
  for (const method of ['PATCH', 'POST'] as const) {
    const handler = server.handlers[method] as unknown as { writeToStore: WriteToStore };
    const original = handler.writeToStore.bind(handler);
    handler.writeToStore = async (body, upload, maxBodySize, context) => {
      if (!(body instanceof Readable)) return original(body, upload, maxBodySize, context);
      if (context.signal.aborted) throw ERRORS.ABORTED;
      return store.receive(body, upload.id, upload.offset, { limit: maxBodySize, signal: context.signal });
    };
  }
}
