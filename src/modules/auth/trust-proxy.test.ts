/**
 * The client address behind the throttle and the rate limit is fastify's request.ip: with TRUST_PROXY
 * unset it is the socket's address, with a proxy list the address the nearest untrusted hop had — never
 * an X-Forwarded-For entry the client wrote itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD } from '../../server/test-app.js';

const OWNER = '198.51.100.7';
const ATTACKER = '203.0.113.66';

type App = Awaited<ReturnType<typeof createTestApp>>;
const login = (t: App, username: string, password: string, remoteAddress: string, xff?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress,
    headers: xff ? { 'x-forwarded-for': xff } : {},
  });

const PROXY = '10.0.0.1';
const direct = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
const proxied = await createTestApp({ LOGIN_MAX_FAILURES: '3', TRUST_PROXY: `${PROXY},fd00::/8` });
afterAll(() => Promise.all([direct.app.close(), proxied.app.close()]));

describe('TRUST_PROXY unset', () => {
  const t = direct;

  it('ignores X-Forwarded-For: a spoofed owner address neither frees the attacker nor locks the owner', async () => {
    const user = await t.makeUser();
    // The attacker claims to be the owner, then anyone else: it is its own socket address that gets locked.
    const codes = [];
    for (const xff of [OWNER, '10.9.8.7', `${OWNER}, 10.0.0.1`, '192.0.2.200'])
      codes.push((await login(t, user.username, 'guess', ATTACKER, xff)).statusCode);
    expect(codes).toEqual([401, 401, 423, 423]);
    expect((await login(t, user.username, TEST_PASSWORD, OWNER)).statusCode).toBe(200);
  });
});

describe('TRUST_PROXY with a proxy list', () => {
  const t = proxied;

  it('takes the address the proxy saw, not the entries a client put in front of it', async () => {
    const user = await t.makeUser();
    // Through the proxy, the attacker rotates the entry it writes itself; the proxy appends its real address.
    const codes = [];
    for (const spoof of ['1.1.1.1', '2.2.2.2', OWNER, '3.3.3.3'])
      codes.push((await login(t, user.username, 'guess', PROXY, `${spoof}, ${ATTACKER}`)).statusCode);
    expect(codes).toEqual([401, 401, 423, 423]);
    expect((await login(t, user.username, TEST_PASSWORD, PROXY, OWNER)).statusCode).toBe(200);
  });

  it('does not believe X-Forwarded-For from a client that reaches the server directly', async () => {
    const user = await t.makeUser();
    const outsider = '192.0.2.50';
    for (let i = 0; i < 3; i++) await login(t, user.username, 'guess', outsider, OWNER);
    // The direct client locked itself, not the owner's address behind the proxy.
    expect((await login(t, user.username, TEST_PASSWORD, outsider, OWNER)).statusCode).toBe(423);
    expect((await login(t, user.username, TEST_PASSWORD, PROXY, OWNER)).statusCode).toBe(200);
  });
});
