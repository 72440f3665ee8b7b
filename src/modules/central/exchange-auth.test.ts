import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseExchangeAuth, signExchangeRequest, verifyExchangeRequest } from './exchange-auth.js';

describe('exchange request signatures', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const now = new Date();
  const header = signExchangeRequest({
    schoolCode: '123456',
    privateKey,
    method: 'POST',
    path: '/api/v1/central/exchange/submissions',
    body: Buffer.from('zip bytes'),
    now,
  });
  const auth = parseExchangeAuth(header);
  const check = (over: Partial<Parameters<typeof verifyExchangeRequest>[0]>) =>
    verifyExchangeRequest({
      auth: auth as NonNullable<typeof auth>,
      publicKey,
      method: 'POST',
      path: '/api/v1/central/exchange/submissions',
      body: Buffer.from('zip bytes'),
      now,
      ...over,
    });

  it('accepts the signed request and names the school', () => {
    expect(auth?.schoolCode).toBe('123456');
    expect(check({})).toBeNull();
  });
  it('refuses another body, path, method, key or an old request', () => {
    expect(check({ body: Buffer.from('zip bytez') })).toBe('badSignature');
    expect(check({ path: '/api/v1/central/exchange/receipts' })).toBe('badSignature');
    expect(check({ method: 'PUT' })).toBe('badSignature');
    expect(check({ publicKey: other.publicKey })).toBe('badSignature');
    expect(check({ now: new Date(now.getTime() + 6 * 60 * 1000) })).toBe('stale');
  });
  it('does not parse other schemes or broken headers', () => {
    expect(parseExchangeAuth('Bearer abc')).toBeNull();
    expect(parseExchangeAuth('Licheng-Ed25519 school=12, ts=x, sig=y')).toBeNull();
    expect(parseExchangeAuth(undefined)).toBeNull();
  });
});
