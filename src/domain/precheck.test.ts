import { describe, expect, it } from 'vitest';
import { withCheckDigit } from './national-id.js';
import { type PrecheckContext, precheckSheet, problemMessage, type RosterRow } from './precheck.js';
import { rosterFormat } from './roster-formats.js';

const ctx: PrecheckContext = {
  today: '2026-12-02',
  latest: '2027-07-31',
  caps: { outcome: 6, performance: 10 },
};
const outcomes = rosterFormat(26)?.sheets[0];
const id = withCheckDigit('A12345678');
const file = (state: 'ok' | 'missing' | 'corrupt' = 'ok') => ({
  file: { sha256: 'a'.repeat(64), size: 10, ext: 'pdf', state },
});
const good = (over: Partial<RosterRow['values']> = {}, item?: RosterRow['item']): RosterRow => ({
  studentId: 's1',
  values: {
    nationalId: id,
    birthDate: '2010-03-05',
    courseCode: '1159000011111010111' + '0111',
    grade: 10,
    credits: 2,
    document: file(),
    summary: '期末報告',
    media: null,
    ...over,
  },
  item: item ?? { kind: 'outcome', id: 'o1', certified: true, rank: 1 },
});
const rules = (rows: RosterRow[]) => {
  if (!outcomes) throw new Error('no format');
  return precheckSheet(outcomes, rows, ctx).map((p) => [p.rule, p.row, p.column]);
};

describe('pre-check rule table', () => {
  it('accepts a good row', () => {
    expect(rules([good()])).toEqual([]);
  });

  it('flags missing 身分證號 / 出生日期, a lower-case or invalid ID', () => {
    expect(rules([good({ nationalId: null, birthDate: '' })])).toEqual([
      ['missingNationalId', 2, '身分證號'],
      ['missingBirthDate', 2, '出生日期'],
    ]);
    expect(rules([good({ nationalId: id.toLowerCase() })])).toEqual([['badNationalId', 2, '身分證號']]);
    expect(rules([good({ nationalId: 'A123456788' })])).toEqual([['badNationalId', 2, '身分證號']]);
  });

  it('flags a bad course code', () => {
    expect(rules([good({ courseCode: '123' })])).toEqual([['badCourseCode', 2, '科目代碼']]);
  });

  it('flags uncertified and over-cap selections', () => {
    expect(rules([good({}, { kind: 'outcome', id: 'o', certified: false, rank: 7 })])).toEqual([
      ['uncertified', 2, null],
      ['overCap', 2, null],
    ]);
  });

  it('flags missing and corrupt files', () => {
    expect(
      rules([
        good({ document: null }),
        good({ document: file('missing') }),
        good({ document: file('corrupt') }),
      ]),
    ).toEqual([
      ['missingFile', 2, '課程學習成果檔案'],
      ['missingFile', 3, '課程學習成果檔案'],
      ['corruptFile', 4, '課程學習成果檔案'],
    ]);
  });

  it('flags text over its limit (by characters) and dates out of range', () => {
    expect(rules([good({ summary: '字'.repeat(100) })])).toEqual([]);
    expect(rules([good({ summary: '𠀀'.repeat(101) })])).toEqual([['textTooLong', 2, '課程學習成果簡述']]);
    expect(rules([good({ birthDate: '2026-01-01' }), good({ birthDate: '2010-02-30' })])).toEqual([
      ['dateOutOfRange', 2, '出生日期'],
      ['dateOutOfRange', 3, '出生日期'],
    ]);
  });

  it('flags a missing code and names the rule in zh-TW', () => {
    const sheet = rosterFormat(25)?.sheets.find((s) => s.name === '競賽參與紀錄');
    if (!sheet) throw new Error('no sheet');
    const [p] = precheckSheet(
      sheet,
      [
        {
          values: {
            nationalId: id,
            birthDate: '2010-03-05',
            'f.name': '科展',
            'f.level': '3',
            'f.award': '佳作',
            startsOn: '2026-11-01',
            summary: '參賽',
            'f.participation': '1',
          },
        },
      ],
      ctx,
    );
    expect(p && problemMessage(p, 'zh-TW')).toBe('缺少競賽領域代碼（請自代碼表選擇）');
    expect(p && problemMessage(p, 'en')).toBe('競賽領域代碼 is missing (pick it from the code table)');
  });

  it('flags an event after the end of the academic year', () => {
    const sheet = rosterFormat(24)?.sheets[0];
    if (!sheet) throw new Error('no sheet');
    const row = {
      values: {
        nationalId: id,
        birthDate: '2010-03-05',
        unit: '熱舞社',
        startsOn: '2027-08-01',
        position: '社長',
        level: '3',
      },
    };
    expect(precheckSheet(sheet, [row], ctx).map((p) => p.rule)).toEqual(['dateOutOfRange']);
  });
});
