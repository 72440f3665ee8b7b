import { describe, expect, it } from 'vitest';
import {
  earliestEventDate,
  eventAcademicYear,
  type PerformanceInput,
  validatePerformance,
} from './performance-rules.js';
import { VALID } from './performances.fixtures.js';
import { CATEGORIES, PERFORMANCE_CATEGORIES } from './performances.js';

const ctx = { entryYear: 114, today: '2026-11-28', currentAcademicYear: 115 };

const problemsOf = (input: PerformanceInput) => {
  const r = validatePerformance(input, ctx);
  return r.ok ? [] : r.problems.map((p) => p.code);
};

describe('performance categories', () => {
  it('defines all ten categories of SPEC.md §4.2, each with fields', () => {
    expect(PERFORMANCE_CATEGORIES).toHaveLength(10);
    for (const c of PERFORMANCE_CATEGORIES) expect(CATEGORIES[c].fields.length).toBeGreaterThan(0);
  });

  it.each(PERFORMANCE_CATEGORIES)('accepts a valid %s record', (category) => {
    const r = validatePerformance(VALID[category] as PerformanceInput, ctx);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('refuses a missing required field, naming it', () => {
    const r = validatePerformance(
      { ...VALID.competition, fields: { ...VALID.competition?.fields, name: '' } } as PerformanceInput,
      ctx,
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        code: 'PERFORMANCE_FIELD_REQUIRED',
        params: { field: '競賽名稱' },
      });
  });

  it('refuses unknown codes, unknown fields, negative numbers and long texts', () => {
    const c = VALID.competition as PerformanceInput;
    expect(problemsOf({ ...c, fields: { ...c.fields, level: '5' } })).toEqual(['PERFORMANCE_CODE_UNKNOWN']);
    expect(problemsOf({ ...c, fields: { ...c.fields, participation: '3' } })).toEqual([
      'PERFORMANCE_CODE_UNKNOWN',
    ]);
    const cadre = VALID.cadre as PerformanceInput;
    expect(problemsOf({ ...cadre, fields: { ...cadre.fields, level: '6' } })).toEqual([
      'PERFORMANCE_CODE_UNKNOWN',
    ]);
    const cert = VALID.certificate as PerformanceInput;
    expect(problemsOf({ ...cert, fields: { ...cert.fields, kind: '4' } })).toEqual([
      'PERFORMANCE_CODE_UNKNOWN',
    ]);
    expect(problemsOf({ ...c, fields: { ...c.fields, colour: 'red' } })).toEqual([
      'PERFORMANCE_FIELD_UNKNOWN',
    ]);
    const s = VALID.service as PerformanceInput;
    expect(problemsOf({ ...s, fields: { ...s.fields, hours: -1 } })).toEqual(['PERFORMANCE_NUMBER_INVALID']);
    expect(problemsOf({ ...s, fields: { ...s.fields, hours: 'abc' } })).toEqual([
      'PERFORMANCE_NUMBER_INVALID',
    ]);
    expect(problemsOf({ ...c, fields: { ...c.fields, award: '獎'.repeat(51) } })).toEqual([
      'PERFORMANCE_TEXT_TOO_LONG',
    ]);
    expect(problemsOf({ ...c, category: 'sports' })).toEqual(['PERFORMANCE_CATEGORY_UNKNOWN']);
  });

  it('counts 簡述 in characters: 100 (with emoji) passes, 101 fails, empty fails', () => {
    const w = VALID.work as PerformanceInput;
    expect(problemsOf({ ...w, summary: `${'字'.repeat(99)}😀` })).toEqual([]);
    expect(problemsOf({ ...w, summary: '字'.repeat(101) })).toEqual(['SUMMARY_TOO_LONG']);
    expect(problemsOf({ ...w, summary: '  ' })).toEqual(['SUMMARY_REQUIRED']);
  });

  it('dates: from 1 July of the entry year, not in the future, end not before start', () => {
    expect(earliestEventDate(114)).toBe('2025-07-01');
    const w = VALID.work as PerformanceInput;
    expect(problemsOf({ ...w, startsOn: '2025-07-01' })).toEqual([]);
    expect(problemsOf({ ...w, startsOn: '2025-06-30' })).toEqual(['PERFORMANCE_DATE_BEFORE_ENTRY']);
    expect(problemsOf({ ...w, startsOn: '2026-11-28' })).toEqual([]);
    expect(problemsOf({ ...w, startsOn: '2026-11-29' })).toEqual(['PERFORMANCE_DATE_FUTURE']);
    expect(problemsOf({ ...w, startsOn: '2026-02-30' })).toEqual(['PERFORMANCE_DATE_INVALID']);
    expect(problemsOf({ ...w, startsOn: null })).toEqual(['PERFORMANCE_FIELD_REQUIRED']);
    const s = VALID.service as PerformanceInput;
    expect(problemsOf({ ...s, startsOn: '2026-07-11', endsOn: '2026-07-10' })).toEqual([
      'PERFORMANCE_DATE_ORDER',
    ]);
    expect(problemsOf({ ...s, endsOn: null })).toEqual(['PERFORMANCE_FIELD_REQUIRED']);
    // A cadre role may still be running; an optional range needs its start when it has an end.
    expect(problemsOf({ ...(VALID.cadre as PerformanceInput), endsOn: null })).toEqual([]);
    expect(problemsOf({ ...(VALID.other as PerformanceInput), endsOn: '2026-01-01' })).toEqual([
      'PERFORMANCE_FIELD_REQUIRED',
    ]);
  });

  it('terms: between the entry year and this year', () => {
    const g = VALID.groupActivity as PerformanceInput;
    expect(problemsOf({ ...g, fields: { ...g.fields, term: '1132' } })).toEqual(['PERFORMANCE_TERM_INVALID']);
    expect(problemsOf({ ...g, fields: { ...g.fields, term: '1161' } })).toEqual(['PERFORMANCE_TERM_INVALID']);
    expect(problemsOf({ ...g, fields: { ...g.fields, term: '1153' } })).toEqual(['PERFORMANCE_TERM_INVALID']);
  });

  it('links: http and https only', () => {
    const w = VALID.work as PerformanceInput;
    expect(problemsOf({ ...w, externalUrl: 'https://youtu.be/abc' })).toEqual([]);
    expect(problemsOf({ ...w, externalUrl: 'javascript:alert(1)' })).toEqual(['PERFORMANCE_LINK_INVALID']);
    expect(problemsOf({ ...w, externalUrl: 'file:///etc/passwd' })).toEqual(['PERFORMANCE_LINK_INVALID']);
    expect(problemsOf({ ...w, externalUrl: 'not a url' })).toEqual(['PERFORMANCE_LINK_INVALID']);
  });

  it("gives the event's own academic year", () => {
    expect(eventAcademicYear({ startsOn: '2025-07-15', fields: {} })).toBe(113);
    expect(eventAcademicYear({ startsOn: '2025-08-01', fields: {} })).toBe(114);
    expect(eventAcademicYear({ startsOn: null, fields: { term: '1142' } })).toBe(114);
  });
});
