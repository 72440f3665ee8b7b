import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import * as repo from './throttle.repo.js';

/**
 * Where a sign-in comes from: the address fastify resolved (the proxy's view under TRUST_PROXY, never a
 * client-chosen X-Forwarded-For entry) and the `licheng_device` cookie, if the browser has one.
 */
export interface SignInClient {
  ip: string;
  deviceToken?: string;
}

export interface ThrottleSettings {
  /** Keys the hashes of names, addresses and device tokens. */
  secret: string;
  maxFailures: number;
  lockMinutes: number;
  /** Longest slow-down of an account under attack, in seconds (0: none). */
  slowdownMaxSeconds: number;
}

/** Trusted devices unused this long are forgotten (the cookie lives as long). */
export const DEVICE_DAYS = 180;
const FIRST_SLOWDOWN_MS = 500;

/** The key of a throttled pair and whether the client is one of the account's own devices. */
export interface Subject {
  subject: string;
  client: string;
  knownDevice: boolean;
  deviceHash?: string;
}

/**
 * The sign-in throttle (SECURITY.md): failures are counted per (account, client) — client being a device
 * the account has signed in from before, else the address — and per account from anywhere. The pair is
 * locked after `maxFailures`, which stops a guesser without touching the owner elsewhere. The count from
 * anywhere only makes attempts from unknown devices wait, up to `slowdownMaxSeconds`; it never refuses
 * one. Names that are no account go through the same statements, so they answer alike.
 */
export function createThrottle(deps: {
  db: Db;
  settings: ThrottleSettings;
  /** Waits (tests may observe it); default a timer. */
  wait?: (ms: number) => Promise<unknown>;
}) {
  const { db, settings } = deps;
  const wait = deps.wait ?? sleep;
  const keyed = (kind: string, value: string) =>
    createHmac('sha256', settings.secret).update(`${kind}:${value}`).digest('base64url');

  /** Identifies the pair; a device counts only if this account signed in from it before. */
  async function identify(userId: string | undefined, name: string, client: SignInClient): Promise<Subject> {
    const subject = userId ? `u:${userId}` : `n:${keyed('name', name.toLowerCase())}`;
    const deviceHash = client.deviceToken ? keyed('device', client.deviceToken) : undefined;
    // The same query for unknown names (against an id no account has), so they take the same time.
    const knownDevice =
      deviceHash !== undefined &&
      (await repo.isKnownDevice(db, userId ?? '00000000-0000-0000-0000-000000000000', deviceHash));
    const clientKey = knownDevice ? `d:${deviceHash}` : `ip:${keyed('ip', client.ip)}`;
    return { subject, client: clientKey, knownDevice, deviceHash };
  }

  /** The slow-down for a number of recent failures from anywhere, in ms. */
  function slowdownMs(failuresAnywhere: number): number {
    if (failuresAnywhere < settings.maxFailures || settings.slowdownMaxSeconds <= 0) return 0;
    const doublings = Math.floor((failuresAnywhere - settings.maxFailures) / settings.maxFailures);
    return Math.min(settings.slowdownMaxSeconds * 1000, FIRST_SLOWDOWN_MS * 2 ** Math.min(doublings, 20));
  }

  /**
   * Before the password is checked: refuses a locked pair (without checking the password), and makes an
   * unknown device wait while the account is under attack. Throws AUTH_ACCOUNT_LOCKED for a locked pair.
   */
  async function before(s: Subject): Promise<void> {
    const state = await repo.readThrottle(db, s.subject, s.client);
    if (state.lockedMinutes > 0) throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes: state.lockedMinutes });
    const ms = s.knownDevice ? 0 : slowdownMs(state.failuresAnywhere);
    if (ms > 0) await wait(ms);
  }

  /** Counts a wrong password; returns the minutes of the lock it started, or 0. */
  async function failed(s: Subject): Promise<number> {
    const { lockedMinutes } = await repo.recordFailure(db, s.subject, s.client, settings);
    return lockedMinutes;
  }

  /**
   * After the right password: forgets the pair's failures and trusts the device from now on. Returns a
   * new device token when the browser had none (or an unknown one), to be set as its cookie.
   */
  async function succeeded(s: Subject, userId: string): Promise<string | undefined> {
    await repo.clearPair(db, s.subject, s.client);
    let token: string | undefined;
    let deviceHash = s.deviceHash;
    if (!deviceHash) {
      token = randomBytes(32).toString('base64url');
      deviceHash = keyed('device', token);
    }
    await repo.rememberDevice(db, userId, deviceHash);
    return token;
  }

  return {
    identify,
    before,
    failed,
    succeeded,
    purge: () => repo.purgeThrottle(db, DEVICE_DAYS),
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
