import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ROLES, ROLES } from '../domain/roles.js';
import { createTestApp } from './test-app.js';
import { badTextFields, isBadText } from './text-guard.js';

const t = await createTestApp();
afterAll(() => t.app.close());

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  minItems?: number;
};
type Operation = {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

/** One request whose only bad string is at `target`; everything else a plausible value. */
interface Probe {
  method: string;
  path: string;
  field: string;
  url: string;
  body?: string;
}

const BAD = { nul: 'x\u0000y', surrogate: 'x\ud800y' } as const;

const first = (s: Schema): Schema => s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0] ?? s;
const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

/** A value that fits `schema` well enough, with `bad` placed at the path `target` (relative). */
function sample(schema: Schema, target: string[] | null, bad: string): unknown {
  const s = first(schema);
  if (target && target.length === 0) return bad;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const onPath = target?.[0] === k;
        if (onPath || s.required?.includes(k)) out[k] = sample(v, onPath ? target.slice(1) : null, bad);
      }
      if (target?.[0] === '*') out[bad] = 'value'; // a bad key in a record (jsonb fields)
      return out;
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: n }, (_, i) =>
        sample(s.items ?? {}, i === 0 && target?.[0] === '0' ? target.slice(1) : null, bad),
      );
    }
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'date') return '2025-09-01';
      if (s.format === 'email') return 'a@example.edu.tw';
      if (s.format === 'uri') return 'https://example.edu.tw/';
      return '1';
    default:
      return '1';
  }
}

/** Paths (as key lists) to every string, and to every record's keys ('*'), in a JSON schema. */
function stringPaths(schema: Schema, at: string[] = [], depth = 0): string[][] {
  const s = first(schema);
  if (depth > 6 || s.enum || s.const !== undefined) return [];
  switch (typeOf(s)) {
    case 'string':
      return [at];
    case 'object': {
      const out = Object.entries(s.properties ?? {}).flatMap(([k, v]) =>
        stringPaths(v, [...at, k], depth + 1),
      );
      if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push([...at, '*']);
      return out;
    }
    case 'array':
      return s.items ? stringPaths(s.items, [...at, '0'], depth + 1) : [];
    default:
      return [];
  }
}

function probes(doc: { paths: Record<string, Record<string, Operation>> }, bad: string): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const build = (target: { in: string; name?: string; path?: string[] }): Probe => {
        let url = path;
        const query = new URLSearchParams();
        for (const p of params) {
          const isTarget = target.in === p.in && target.name === p.name;
          const value = isTarget ? bad : String(sample(p.schema ?? {}, null, bad));
          if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
          if (p.in === 'query') query.set(p.name, value);
        }
        const qs = query.toString();
        const field =
          target.in === 'body'
            ? [
                'body',
                ...(target.path ?? []).map((k) => (k === '*' ? JSON.stringify(bad).slice(1, -1) : k)),
              ].join('.')
            : `${target.in === 'path' ? 'params' : 'querystring'}.${target.name}`;
        return {
          method: method.toUpperCase(),
          path,
          field,
          url: qs ? `${url}?${qs}` : url,
          body: body
            ? JSON.stringify(sample(body, target.in === 'body' ? (target.path ?? null) : null, bad))
            : undefined,
        };
      };
      // Bytes in a URL are UTF-8: a lone surrogate cannot be sent there, only in a JSON body.
      if (bad === BAD.nul) {
        for (const p of params) {
          if (p.in !== 'path' && p.in !== 'query') continue;
          if (typeOf(first(p.schema ?? {})) !== 'string' || p.schema?.enum) continue;
          out.push(build({ in: p.in, name: p.name }));
        }
      }
      if (body) for (const target of stringPaths(body)) out.push(build({ in: 'body', path: target }));
    }
  }
  return out;
}

describe('NUL and lone surrogates in any string the client sends', () => {
  const sessions: { cookie: string; csrf: string }[] = [];
  let doc: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    const schoolRoles = ROLES.filter((r) => !PLATFORM_ROLES.includes(r));
    sessions.push(await t.login((await t.makeUser({ roles: [...schoolRoles] })).username));
    sessions.push(await t.login((await t.makeUser({ schoolId: null, roles: [...PLATFORM_ROLES] })).username));
    doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
  });

  const send = async (p: Probe) => {
    let res: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (const s of sessions) {
      res = await t.app.inject({
        method: p.method as 'GET',
        url: p.url,
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(p.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        payload: p.body,
      });
      if (res.statusCode !== 403) break;
    }
    return res as NonNullable<typeof res>;
  };

  for (const [which, bad] of Object.entries(BAD)) {
    it(`every route answers a ${which} in each string parameter with VALIDATION_FAILED naming it, never 500`, async () => {
      const all = probes(doc, bad);
      // Walking the document must find the API's strings: the sign-in name, query filters, jsonb fields.
      expect(all.length).toBeGreaterThan(which === 'nul' ? 60 : 30);
      expect(all.some((p) => p.path === '/api/v1/auth/login' && p.field === 'body.username')).toBe(true);
      const wrong: string[] = [];
      for (const p of all) {
        const res = await send(p);
        const body = res.json();
        const fields = ((body.details ?? []) as { field: string }[]).map((d) => d.field);
        if (res.statusCode !== 400 || body.code !== 'VALIDATION_FAILED' || !fields.includes(p.field))
          wrong.push(`${p.method} ${p.path} ${p.field}: ${res.statusCode} ${body.code} ${fields.join(',')}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('names a bad key of a jsonb record and a bad string deep in an array', () => {
    expect(
      badTextFields({ fields: { 'a\u0000': 'v' }, list: [{ x: 'ok' }, { x: '\udc00' }] }, 'body'),
    ).toEqual(['body.fields.a\\u0000', 'body.list.1.x']);
  });

  it('keeps surrogate pairs (emoji, CJK extension B) and ordinary text', () => {
    expect(isBadText('學生 😀 𠕇 ok')).toBe(false);
    expect(isBadText('\ud83d')).toBe(true);
    expect(isBadText('\ude00x')).toBe(true);
    expect(isBadText('a\u0000')).toBe(true);
  });
});
