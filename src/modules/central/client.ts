/**
 * The school's HTTP client of the central repository's exchange API (`/api/v1/central/exchange/...`):
 * every request signed with the school's key (exchange-auth.ts), JSON or raw bodies, and retries with
 * exponential backoff for what may succeed later (network errors, 408, 429, 5xx). The exchange's writes
 * are idempotent (the same package, the same response), so a retry after a lost answer changes nothing.
 * 4xx answers are final and returned as they are: the caller shows the repository's reason.
 */
import type { KeyObject } from 'node:crypto';
import { signExchangeRequest } from './exchange-auth.js';

export interface CentralClientOptions {
  /** The repository's base URL (config CENTRAL_URL, or this server in the co-hosted demo). */
  baseUrl: string;
  schoolCode: string;
  privateKey: KeyObject;
  now: () => Date;
  /** Attempts in all (default 4). */
  attempts?: number;
  /** First backoff in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Per-attempt time limit in ms (default 60 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface CentralAnswer<T = unknown> {
  status: number;
  body: T;
  attempts: number;
}

/** The request could not be completed after every attempt (network down, repository failing). */
export class CentralUnavailableError extends Error {
  constructor(
    readonly attempts: number,
    readonly lastStatus: number | null,
    cause?: unknown,
  ) {
    super(
      `central repository unavailable after ${attempts} attempt(s)${lastStatus ? ` (HTTP ${lastStatus})` : ''}`,
      {
        cause,
      },
    );
  }
}

const retriable = (status: number) => status === 408 || status === 429 || status >= 500;

export type CentralClient = ReturnType<typeof createCentralClient>;

export function createCentralClient(opts: CentralClientOptions) {
  const attempts = opts.attempts ?? 4;
  const backoff = opts.backoffMs ?? 500;
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: { json: unknown } | { raw: Buffer; contentType: string },
  ): Promise<CentralAnswer<T>> {
    const payload =
      body === undefined ? undefined : 'json' in body ? Buffer.from(JSON.stringify(body.json)) : body.raw;
    const contentType =
      body === undefined ? undefined : 'json' in body ? 'application/json' : body.contentType;
    let lastStatus: number | null = null;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(backoff * 2 ** (attempt - 2));
      const headers: Record<string, string> = {
        authorization: signExchangeRequest({
          schoolCode: opts.schoolCode,
          privateKey: opts.privateKey,
          method,
          path,
          body: payload,
          now: opts.now(),
        }),
        accept: 'application/json',
      };
      if (contentType) headers['content-type'] = contentType;
      try {
        const res = await doFetch(`${base}${path}`, {
          method,
          headers,
          body: payload as unknown as BodyInit | undefined, // undici takes a Buffer as it is (no copy)
          signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
        });
        lastStatus = res.status;
        if (retriable(res.status)) {
          await res.body?.cancel();
          continue;
        }
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T, attempts: attempt };
      } catch (err) {
        lastError = err;
      }
    }
    throw new CentralUnavailableError(attempts, lastStatus, lastError);
  }

  return {
    get: <T>(path: string) => request<T>('GET', path),
    postJson: <T>(path: string, json: unknown) => request<T>('POST', path, { json }),
    postRaw: <T>(path: string, raw: Buffer, contentType: string) =>
      request<T>('POST', path, { raw, contentType }),
  };
}
