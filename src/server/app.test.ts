import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.js';

const t = await createTestApp();
afterAll(() => t.app.close());

describe('HTTP basics', () => {
  it('GET /healthz is ok while the database answers', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('publishes the OpenAPI document and the interactive docs', async () => {
    const doc = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/accounts', '/healthz']),
    );
    expect(doc.json().paths['/api/v1/auth/login'].post.requestBody).toBeTruthy();
    const ui = await t.app.inject({ url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('sends security headers and a request id', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API paths with the error body (401 before sign-in, so paths are not probed)', async () => {
    const anon = await t.app.inject({ url: '/api/v1/nope' });
    expect(anon.json().code).toBe('AUTH_REQUIRED');
    const s = await t.login((await t.makeUser()).username);
    const res = await t.app.inject({
      url: '/api/v1/nope',
      headers: { 'accept-language': 'en', cookie: s.cookie },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Not found' });
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });
});
