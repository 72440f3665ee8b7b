/**
 * The web bundle: brotli or gzip as the client accepts (precompressed at build), hashed assets cached
 * as immutable, index.html never cached, one chunk per page, and a favicon.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.js';

const t = await createTestApp({}, { serveWeb: true });
afterAll(() => t.app.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

describe('serving the web bundle', () => {
  it('sends index.html uncached, for any client route (it is under 1 KB: not worth compressing)', async () => {
    for (const url of ['/', '/login', '/accounts']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toContain('text/html');
    }
  });

  it('sends hashed assets brotli, gzip or plain, always immutable', async () => {
    const html = (await get('/', { accept: 'text/html' })).body;
    expect(html).toContain('rel="icon"');
    const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1] as string;
    const br = await get(entry, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toContain('accept-encoding');
    const gz = await get(entry, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get(entry);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('splits the bundle by page: the entry is not the whole app', async () => {
    const dir = path.join(t.config.webDistDir, 'assets');
    const chunks = (await readdir(dir)).filter((f) => f.endsWith('.js'));
    for (const page of ['AccountsPage', 'CertificationPage', 'SubstitutesPage', 'CounsellingPage'])
      expect(chunks.some((c) => c.startsWith(`${page}-`))).toBe(true);
    const html = (await get('/', { accept: 'text/html' })).body;
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    let bytes = 0;
    for (const url of initial) bytes += (await get(url)).rawPayload.length;
    // Everything the login page loads, uncompressed (the whole app was 849 KB in one file).
    expect(bytes).toBeLessThan(700_000);
  });

  it('has a favicon', async () => {
    const res = await get('/favicon.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
  });
});
