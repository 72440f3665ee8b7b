import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralUnavailableError, createCentralClient } from './client.js';
import { parseExchangeAuth, verifyExchangeRequest } from './exchange-auth.js';

// A real HTTP server on loopback that checks the signature and fails the first calls of a path.
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const failuresLeft = new Map<string, number>();
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = parseExchangeAuth(req.headers.authorization);
      const failure = auth
        ? verifyExchangeRequest({
            auth,
            publicKey,
            method: req.method ?? '',
            path: req.url ?? '',
            body,
            now: new Date(),
          })
        : 'malformed';
      if (failure) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: failure }));
        return;
      }
      const left = failuresLeft.get(req.url ?? '') ?? 0;
      if (left > 0) {
        failuresLeft.set(req.url ?? '', left - 1);
        res.writeHead(503).end();
        return;
      }
      res
        .writeHead(req.url === '/refuse' ? 422 : 200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ school: auth?.schoolCode, bytes: body.length }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = (attempts = 3) =>
  createCentralClient({
    baseUrl: base,
    schoolCode: '123456',
    privateKey,
    now: () => new Date(),
    attempts,
    backoffMs: 1,
  });

describe('central client', () => {
  it('signs requests the repository can check', async () => {
    const answer = await client().postRaw<{ school: string; bytes: number }>(
      '/ok',
      Buffer.alloc(1000),
      'application/zip',
    );
    expect(answer).toMatchObject({ status: 200, body: { school: '123456', bytes: 1000 }, attempts: 1 });
  });
  it('retries 5xx answers and succeeds', async () => {
    failuresLeft.set('/flaky', 2);
    expect(await client().get('/flaky')).toMatchObject({ status: 200, attempts: 3 });
  });
  it('returns 4xx answers at once, without retrying', async () => {
    expect(await client().postJson('/refuse', { a: 1 })).toMatchObject({ status: 422, attempts: 1 });
  });
  it('gives up with CentralUnavailableError when the repository stays down', async () => {
    failuresLeft.set('/down', 10);
    await expect(client(2).get('/down')).rejects.toBeInstanceOf(CentralUnavailableError);
    await expect(
      createCentralClient({
        baseUrl: 'http://127.0.0.1:9',
        schoolCode: '123456',
        privateKey,
        now: () => new Date(),
        attempts: 2,
        backoffMs: 1,
      }).get('/x'),
    ).rejects.toBeInstanceOf(CentralUnavailableError);
  });
});
