import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the built SPA: hashed assets (one chunk per page) with immutable caching, brotli or gzip
 * precompressed at build when the client accepts it, and index.html (never cached) for any other GET
 * that is not an API path (client-side routes such as /login or /password).
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`The web app is not built (${distDir}/index.html missing); run npm run build:web`);
  }
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    // The build writes .br and .gz beside each file (vite.config.ts): sent as they are when accepted.
    preCompressed: true,
    // send's own Cache-Control (public, max-age=0) would replace the one set below.
    cacheControl: false,
    setHeaders: (res, filePath) => {
      res.setHeader(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
      res.setHeader('vary', 'accept-encoding');
    },
  });
}

/** True when the request should get the SPA's index.html instead of a 404. */
export function wantsSpa(request: FastifyRequest): boolean {
  const url = request.url;
  return (
    request.method === 'GET' &&
    !url.startsWith('/api/') &&
    url !== '/healthz' &&
    !url.startsWith('/assets/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

export function sendSpa(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}
