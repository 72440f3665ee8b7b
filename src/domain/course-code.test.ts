import { describe, expect, it } from 'vitest';
import { parseCourseCode } from './course-code.js';

describe('course code', () => {
  it('decodes a 23-character code', () => {
    const r = parseCourseCode('113999301H21101V1B1EN01');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.parts.entryYear).toBe(113);
      expect(r.parts.schoolCode).toBe('999301');
      expect(r.parts.category).toBe('1');
      expect(r.parts.serial).toBe('01');
    }
  });
  it('rejects malformed codes with the reason', () => {
    expect(parseCourseCode('113999301')).toEqual({ ok: false, reason: 'length' });
    expect(parseCourseCode('113999301H211-1V1B1EN01')).toEqual({ ok: false, reason: 'charset' });
    expect(parseCourseCode('X13999301H21101V1B1EN01')).toEqual({ ok: false, reason: 'entryYear' });
    expect(parseCourseCode('113999301H21101V6B1EN01')).toEqual({ ok: false, reason: 'category' });
  });
});
