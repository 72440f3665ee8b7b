import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({}, '/srv/licheng');
    expect(c.PORT).toBe(3000);
    expect(c.dataDir).toBe('/srv/licheng/data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DEMO_SEED).toBe(true);
  });
  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toHaveLength(3);
    }
  });
  it('takes TRUST_PROXY as proxy addresses and CIDRs, and refuses true or a hop count', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/any client choose its address/);
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/hop count/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /not an IP address or CIDR: 10.0.0.0\/33/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/not an IP address/);
  });
  it('takes a migration URL only beside DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgres://owner@db/licheng' })).toThrow(
      /DATABASE_MIGRATION_URL/,
    );
    const c = loadConfig({
      DATABASE_URL: 'postgres://app@db/licheng',
      DATABASE_MIGRATION_URL: 'postgres://owner@db/licheng',
    });
    expect(c.DATABASE_MIGRATION_URL).toBe('postgres://owner@db/licheng');
  });
  it('requires a session secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  });
});
