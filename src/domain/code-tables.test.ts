import { describe, expect, it } from 'vitest';
import {
  CODE_DOMAINS,
  type CodeTables,
  enabledCodes,
  findCode,
  isValidCode,
  PLATFORM_CODES,
  platformTables,
} from './code-tables.js';
import { type PerformanceInput, performanceCodeFlags, validatePerformance } from './performance-rules.js';
import { VALID } from './performances.fixtures.js';

const ctx = { entryYear: 114, today: '2026-11-28', currentAcademicYear: 115 };
/** A school's tables: the platform's plus a school certificate and a disabled school competition field. */
const school = (): CodeTables => {
  const t = platformTables();
  return {
    ...t,
    certificate: [
      ...t.certificate,
      { code: 'S-01', label: { 'zh-TW': '校內證照', en: 'x' }, source: 'school', group: '3' },
    ],
    competitionField: [
      ...t.competitionField,
      { code: 'X1', label: { 'zh-TW': '已停用', en: 'x' }, source: 'school', disabled: true },
    ],
  };
};
const problems = (input: PerformanceInput, codes?: CodeTables) => {
  const r = validatePerformance(input, { ...ctx, codes });
  return r.ok ? [] : r.problems.map((p) => [p.code, p.params.field]);
};

describe('code tables', () => {
  it('ship the official 幹部等級 1–5 and a subset of the others, codes matching their pattern', () => {
    expect(PLATFORM_CODES.cadreLevel.map((c) => [c.code, c.source])).toEqual([
      ['1', 'official'],
      ['2', 'official'],
      ['3', 'official'],
      ['4', 'official'],
      ['5', 'official'],
    ]);
    for (const d of CODE_DOMAINS) {
      const codes = PLATFORM_CODES[d].map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    expect(PLATFORM_CODES.certificate.every((c) => c.group && ['1', '2', '3'].includes(c.group))).toBe(true);
  });

  it('a disabled school code is not valid; an enabled one is', () => {
    const t = school();
    expect(isValidCode(t, 'certificate', 'S-01')).toBe(true);
    expect(isValidCode(t, 'competitionField', 'X1')).toBe(false);
    expect(findCode(t, 'competitionField', '01')?.label['zh-TW']).toBe('語文');
    expect(enabledCodes(t, 'competitionField')).not.toContain('X1');
    expect(isValidCode(t, 'cadreLevel', null)).toBe(false);
  });
});

describe('performance code fields', () => {
  const comp = VALID.competition as PerformanceInput;
  const cert = VALID.certificate as PerformanceInput;

  it('checks 競賽領域代碼 and 證照代碼 against the school tables', () => {
    expect(problems({ ...comp, fields: { ...comp.fields, fieldCode: '03' } }, school())).toEqual([]);
    expect(problems({ ...comp, fields: { ...comp.fields, fieldCode: 'X1' } }, school())).toEqual([
      ['PERFORMANCE_CODE_UNKNOWN', '競賽領域代碼'],
    ]);
    expect(problems({ ...cert, fields: { ...cert.fields, certificateCode: 'S-01' } }, school())).toEqual([]);
    // Without the school's tables (the web before they load) only platform codes are known.
    expect(problems({ ...cert, fields: { ...cert.fields, certificateCode: 'S-01' } })).toEqual([
      ['PERFORMANCE_CODE_UNKNOWN', '證照代碼'],
    ]);
  });

  it('a certificate needs its code or, failing that, its name', () => {
    const { certificate: _name, ...rest } = cert.fields;
    expect(problems({ ...cert, fields: rest }, school())).toEqual([
      ['PERFORMANCE_FIELD_REQUIRED', '證照代碼或證照名稱'],
    ]);
    expect(problems({ ...cert, fields: { ...rest, certificateCode: 'L002' } }, school())).toEqual([]);
  });

  it('a school 幹部等級 is accepted once the school has it', () => {
    const cadre = VALID.cadre as PerformanceInput;
    const six = { ...cadre, fields: { ...cadre.fields, level: '6' } };
    expect(problems(six, school())).toEqual([['PERFORMANCE_CODE_UNKNOWN', '幹部等級']]);
    const t = school();
    t.cadreLevel.push({ code: '6', label: { 'zh-TW': '服務隊', en: 'x' }, source: 'school' });
    expect(problems(six, t)).toEqual([]);
  });

  it('flags free text without a code, and codes no longer in the table', () => {
    expect(performanceCodeFlags(comp, school())).toEqual([
      expect.objectContaining({ field: 'fieldCode', problem: 'missing' }),
    ]);
    expect(performanceCodeFlags({ ...comp, fields: { ...comp.fields, fieldCode: 'X1' } }, school())).toEqual([
      expect.objectContaining({ field: 'fieldCode', problem: 'unknown' }),
    ]);
    expect(
      performanceCodeFlags({ ...cert, fields: { ...cert.fields, certificateCode: 'L001' } }, school()),
    ).toEqual([]);
    expect(performanceCodeFlags(VALID.work as PerformanceInput, school())).toEqual([]);
  });
});
