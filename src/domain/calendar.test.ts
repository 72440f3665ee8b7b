import { describe, expect, it } from 'vitest';
import {
  academicYearOf,
  adToRoc,
  boundariesOf,
  currentTermAt,
  formatTerm,
  parseIsoDate,
  parseMonthDay,
  parseRocDate,
  parseSchoolDate,
  parseTermCode,
  rocToAd,
  shiftTerm,
  taipeiDateOf,
  termCode,
  termOf,
  termRange,
  toRocDate,
} from './calendar.js';

const d = (year: number, month: number, day: number) => ({ year, month, day });

describe('ROC years', () => {
  it('converts both ways', () => {
    expect(rocToAd(112)).toBe(2023);
    expect(adToRoc(2023)).toBe(112);
    expect(adToRoc(rocToAd(80))).toBe(80);
  });
});

describe('academic year and semester', () => {
  it('starts the academic year on 1 August', () => {
    expect(academicYearOf(d(2023, 7, 31))).toBe(111);
    expect(academicYearOf(d(2023, 8, 1))).toBe(112);
    expect(academicYearOf(d(2024, 7, 31))).toBe(112);
  });
  it('puts Aug–Jan in semester 1 and Feb–Jul in semester 2', () => {
    expect(termOf(d(2023, 8, 1))).toEqual({ academicYear: 112, semester: 1 });
    expect(termOf(d(2024, 1, 31))).toEqual({ academicYear: 112, semester: 1 });
    expect(termOf(d(2024, 2, 1))).toEqual({ academicYear: 112, semester: 2 });
    expect(termOf(d(2024, 2, 29))).toEqual({ academicYear: 112, semester: 2 });
    expect(termOf(d(2024, 7, 31))).toEqual({ academicYear: 112, semester: 2 });
    expect(termOf(d(2024, 12, 31))).toEqual({ academicYear: 113, semester: 1 });
  });
  it('honours per-school boundaries', () => {
    const b = { yearStart: { month: 8, day: 1 }, semester2Start: { month: 1, day: 21 } };
    expect(termOf(d(2024, 1, 20), b).semester).toBe(1);
    expect(termOf(d(2024, 1, 21), b).semester).toBe(2);
  });
  it('gives the date range of a term, leap years included', () => {
    expect(termRange({ academicYear: 112, semester: 1 })).toEqual({
      start: d(2023, 8, 1),
      end: d(2024, 1, 31),
    });
    expect(termRange({ academicYear: 112, semester: 2 })).toEqual({
      start: d(2024, 2, 1),
      end: d(2024, 7, 31),
    });
  });
});

describe('display and exchange forms', () => {
  it('formats terms', () => {
    expect(formatTerm({ academicYear: 112, semester: 1 })).toBe('112學年度第1學期');
    expect(formatTerm({ academicYear: 112, semester: 2 }, 'en')).toBe('AY 112, semester 2');
    expect(termCode({ academicYear: 112, semester: 1 })).toBe('1121');
    expect(parseTermCode('1152')).toEqual({ academicYear: 115, semester: 2 });
    expect(parseTermCode('1123')).toBeNull();
  });
  it('reads and writes 7-digit ROC dates', () => {
    expect(toRocDate(d(1991, 1, 16))).toBe('0800116');
    expect(parseRocDate('0800116')).toEqual(d(1991, 1, 16));
    expect(parseRocDate('1130229')).toEqual(d(2024, 2, 29));
    expect(parseRocDate('1120229')).toBeNull();
    expect(parseRocDate('1121301')).toBeNull();
    expect(parseRocDate('800116')).toBeNull();
    expect(parseRocDate('0000101')).toBeNull();
  });
  it('parses ISO dates strictly', () => {
    expect(parseIsoDate('2024-02-29')).toEqual(d(2024, 2, 29));
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2023-2-1')).toBeNull();
  });
  it('uses Taiwan time for the date of an instant', () => {
    // 2024-01-31T16:30Z is already 1 February 00:30 in Taipei: semester 2.
    const date = taipeiDateOf(new Date('2024-01-31T16:30:00Z'));
    expect(date).toEqual(d(2024, 2, 1));
    expect(termOf(date).semester).toBe(2);
  });
});

describe('the current term', () => {
  it('is the term of the Taiwan date of the instant, around every boundary', () => {
    expect(currentTermAt(new Date('2027-01-31T15:59:59Z'))).toEqual({ academicYear: 115, semester: 1 });
    expect(currentTermAt(new Date('2027-01-31T16:00:00Z'))).toEqual({ academicYear: 115, semester: 2 });
    expect(currentTermAt(new Date('2027-07-31T15:59:59Z'))).toEqual({ academicYear: 115, semester: 2 });
    expect(currentTermAt(new Date('2027-07-31T16:00:00Z'))).toEqual({ academicYear: 116, semester: 1 });
    const b = { yearStart: { month: 8, day: 1 }, semester2Start: { month: 1, day: 21 } };
    expect(currentTermAt(new Date('2027-01-21T00:00:00+08:00'), b)).toEqual({
      academicYear: 115,
      semester: 2,
    });
  });
  it('steps to the terms before and after', () => {
    expect(shiftTerm({ academicYear: 115, semester: 1 }, -1)).toEqual({ academicYear: 114, semester: 2 });
    expect(shiftTerm({ academicYear: 115, semester: 2 }, 1)).toEqual({ academicYear: 116, semester: 1 });
    expect(shiftTerm({ academicYear: 115, semester: 2 }, -5)).toEqual({ academicYear: 113, semester: 1 });
  });
});

describe('school boundary settings', () => {
  it('parses MM-DD and falls back to the defaults when malformed', () => {
    expect(parseMonthDay('02-29')).toEqual({ month: 2, day: 29 });
    expect(parseMonthDay('13-01')).toBeNull();
    expect(parseMonthDay('2-1')).toBeNull();
    expect(boundariesOf({ yearStart: '08-01', semester2Start: '01-21' }).semester2Start).toEqual({
      month: 1,
      day: 21,
    });
    expect(boundariesOf({ yearStart: 'bad', semester2Start: '02-01' }).yearStart).toEqual({
      month: 8,
      day: 1,
    });
  });
});

describe('dates as schools write them', () => {
  it('accepts 7-digit ROC, ROC with separators and ISO', () => {
    expect(parseSchoolDate('0800116')).toEqual(d(1991, 1, 16));
    expect(parseSchoolDate('80/01/16')).toEqual(d(1991, 1, 16));
    expect(parseSchoolDate('80-1-16')).toEqual(d(1991, 1, 16));
    expect(parseSchoolDate('113.02.29')).toEqual(d(2024, 2, 29));
    expect(parseSchoolDate('1991-01-16')).toEqual(d(1991, 1, 16));
    expect(parseSchoolDate('2024/2/29')).toEqual(d(2024, 2, 29));
  });
  it('rejects impossible or unreadable dates', () => {
    expect(parseSchoolDate('112/02/29')).toBeNull();
    expect(parseSchoolDate('2023-02-29')).toBeNull();
    expect(parseSchoolDate('16/01/1991')).toBeNull();
    expect(parseSchoolDate('yesterday')).toBeNull();
    expect(parseSchoolDate('')).toBeNull();
  });
});
