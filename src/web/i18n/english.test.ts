/**
 * English strings use English punctuation: no full-width or CJK punctuation (，：（）「」、。 …) in any
 * English object of src/web/i18n/* (what the English UI shows).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** CJK symbols and punctuation (U+3000–303F) and the full-width forms (U+FF01–FF65). */
const FULL_WIDTH = /[\u3000-\u303F\uFF01-\uFF65]/;

/** Every string of a nested object, with its path. */
function* strings(value: unknown, at: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [at, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${at}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, at ? `${at}.${k}` : k);
}

const dir = path.dirname(new URL(import.meta.url).pathname);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('English UI strings', () => {
  it('finds the English objects (en.ts and every area file’s en… exports)', async () => {
    const found: string[] = [];
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
      for (const name of Object.keys(mod))
        if (/^en[A-Z]/.test(name) || (f === 'en.ts' && name === 'default')) found.push(`${f}#${name}`);
    }
    expect(found).toContain('en.ts#default');
    expect(found.length).toBeGreaterThan(5);
  });

  it('have no full-width punctuation', async () => {
    const bad: string[] = [];
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
      for (const [name, obj] of Object.entries(mod)) {
        if (!(/^en[A-Z]/.test(name) || (f === 'en.ts' && name === 'default'))) continue;
        for (const [at, s] of strings(obj, '')) if (FULL_WIDTH.test(s)) bad.push(`${f}#${name} ${at}: ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the check itself catches full-width punctuation', () => {
    expect(FULL_WIDTH.test('Class：A（1）')).toBe(true);
    expect(FULL_WIDTH.test('a、b。')).toBe(true);
    expect(FULL_WIDTH.test('Class: A (1), “quoted” – it’s fine')).toBe(false);
  });
});
