/**
 * One check for every route: no string the client sends — path parameters, query, JSON body at any
 * depth, object keys included (jsonb fields) — may hold a NUL character or a lone UTF-16 surrogate.
 * PostgreSQL cannot store NUL in text or jsonb, and a lone surrogate is not Unicode text (jsonb refuses
 * its `\ud800` escape, text columns would silently get U+FFFD): either used to end in a 500 deep in a
 * repository. Here they are a VALIDATION_FAILED (400) naming the field, before any route's own checks.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/** Nesting deeper than this is not walked further (JSON bodies are at most 256 KiB anyway). */
const MAX_DEPTH = 64;

/** True when `s` holds a NUL or a UTF-16 surrogate that is not half of a pair. */
export function isBadText(s: string): boolean {
  if (s.includes('\0')) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return true;
  }
  return false;
}

/** Parsed JSON, and Fastify's query and params objects (whose prototype has no prototype). */
const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** How a key is shown in a field path: as JSON would escape it (so a NUL shows as \u0000). */
const shownKey = (key: string) => (isBadText(key) ? JSON.stringify(key).slice(1, -1) : key);

/**
 * The paths (`body.fields.名稱`, `querystring.filename`, `params.id`) of strings or keys in `value` that are
 * bad text. Only plain objects, arrays and strings are walked: a streamed upload body is left alone.
 */
export function badTextFields(value: unknown, at: string, depth = 0, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (isBadText(value)) out.push(at);
  } else if (Array.isArray(value)) {
    if (depth < MAX_DEPTH)
      for (const [i, v] of value.entries()) badTextFields(v, `${at}.${i}`, depth + 1, out);
  } else if (value !== null && typeof value === 'object' && isPlainObject(value) && depth < MAX_DEPTH) {
    for (const [key, v] of Object.entries(value)) {
      const field = `${at}.${shownKey(key)}`;
      if (isBadText(key)) out.push(field);
      else badTextFields(v, field, depth + 1, out);
    }
  }
  return out;
}

/** Registers the check (preValidation: after the body is parsed, before the route's zod schemas). */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const fields = [
      ...badTextFields(request.params, 'params'),
      ...badTextFields(request.query, 'querystring'),
      ...badTextFields(request.body, 'body'),
    ];
    if (fields.length === 0) return;
    throw new AppError(
      'VALIDATION_FAILED',
      { fields: fields.join(', ') },
      fields.map((field) => ({
        field,
        rule: 'text',
        message: 'contains a NUL character or a lone UTF-16 surrogate',
      })),
    );
  });
}
