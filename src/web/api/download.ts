import i18n from '../i18n/index.js';
import { ApiError } from './client.js';

let csrf: () => string | null = () => null;
/** Wired by client.ts so downloads send the same CSRF token. */
export const setCsrfSource = (source: () => string | null) => {
  csrf = source;
};

/**
 * Fetches a file (GET, or POST with a JSON body) and saves it with the server's file name.
 * Returns the response headers (e.g. x-created-count).
 */
export async function download(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<Headers> {
  const headers: Record<string, string> = { 'accept-language': i18n.language };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const token = csrf();
  if (init.method === 'POST' && token) headers['x-csrf-token'] = token;
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(
      res.status,
      data?.code ?? 'HTTP_ERROR',
      data?.message ?? i18n.t('errors.unknown'),
      data?.requestId,
    );
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : 'download';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return res.headers;
}
