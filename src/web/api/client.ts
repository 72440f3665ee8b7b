/**
 * Typed fetch wrapper for the JSON API: same-origin cookies, the CSRF header on mutations, the UI
 * language in Accept-Language (so server messages come in the user's language), and errors as
 * `ApiError { code, message, requestId }`.
 */
import i18n from '../i18n/index.js';
import { setCsrfSource } from './download.js';

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly requestId?: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

let currentCsrf: string | null = null;
setCsrfSource(() => currentCsrf);
/** The current CSRF token, for clients that send their own requests (uploads). */
export const csrfToken = () => currentCsrf;
/** Remembered from /me or login; sent as X-CSRF-Token on every mutation. */
export const setCsrfToken = (token: string | null) => {
  currentCsrf = token;
};

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; raw?: Blob | ArrayBuffer } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { 'accept-language': i18n.language, accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.raw !== undefined) headers['content-type'] = 'application/octet-stream';
  if (method !== 'GET' && currentCsrf) headers['x-csrf-token'] = currentCsrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  const data = res.headers.get('content-type')?.includes('application/json') ? await res.json() : null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.code ?? 'HTTP_ERROR',
      data?.message ?? i18n.t('errors.unknown'),
      data?.requestId,
      data?.details,
    );
  }
  return data as T;
}
