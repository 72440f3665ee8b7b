import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  parseIsoDate,
  taipeiDateOf,
  termCode,
  toIsoDate as toIso,
} from '../../domain/calendar.js';
import { parseCourseCode } from '../../domain/course-code.js';
import { isValidNationalId } from '../../domain/national-id.js';
import { windowState } from '../../domain/outcomes.js';
import {
  DEMO_STAFF,
  demoClasses,
  demoCourses,
  demoCurrentTerm,
  demoParents,
  demoStudents,
  demoTerms,
  demoWindows,
} from './demo.data.js';

const day = (iso: string) => parseIsoDate(iso) as CalendarDate;
/** Days across two school years: both semester starts, their last days, summer, and today. */
const DAYS = [
  '2026-12-02',
  '2027-01-31',
  '2027-02-01',
  '2027-03-15',
  '2027-07-31',
  '2027-08-01',
  '2027-09-20',
  '2028-06-30',
]
  .map(day)
  .concat(taipeiDateOf(new Date()));

describe('demo school data', () => {
  const current = demoCurrentTerm(day('2026-12-02'));
  const students = demoStudents(current);
  it('has 90 students in 3 classes with valid, unique national IDs and student numbers', () => {
    expect(students).toHaveLength(90);
    expect(new Set(students.map((s) => s.classKey)).size).toBe(3);
    expect(students.every((s) => isValidNationalId(s.nationalId))).toBe(true);
    expect(new Set(students.map((s) => s.nationalId)).size).toBe(90);
    expect(new Set(students.map((s) => s.studentNo)).size).toBe(90);
    expect(students.filter((s) => s.username === 'demo-student')).toHaveLength(1);
  });
  it('on 2026-12-02 has terms from 113-1 to 115-1 and the classes of entry years 115, 114, 113', () => {
    expect(current).toEqual({ academicYear: 115, semester: 1 });
    expect(demoTerms(current).map((t) => termCode(t.term))).toEqual(['1131', '1132', '1141', '1142', '1151']);
    expect(demoClasses(current).map((c) => [c.grade, c.entryYear])).toEqual([
      [10, 115],
      [11, 114],
      [12, 113],
    ]);
    expect(students.find((s) => s.username === 'demo-student')?.studentNo).toBe('1140101');
  });
  it('has valid, unique 23-character course codes per term', () => {
    const courses = demoCourses(current);
    expect(courses.every((c) => parseCourseCode(c.code).ok)).toBe(true);
    const keys = courses.map((c) => `${c.term.academicYear}${c.term.semester}:${c.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Grade 12: 5 terms, grade 11: 3, grade 10: 1 → 9 class-terms × 6 subjects.
    expect(courses).toHaveLength(9 * 6);
  });
  it('has six teachers, one account per staff role and parents linked to students', () => {
    expect(DEMO_STAFF.filter((u) => u.roles.includes('teacher'))).toHaveLength(6);
    for (const role of [
      'academicAdmin',
      'studentAffairs',
      'counselor',
      'accountAdmin',
      'substitute',
      'homeroom',
      'centralAdmin',
      'reviewer',
    ]) {
      expect(DEMO_STAFF.some((u) => u.roles.includes(role as never))).toBe(true);
    }
    const parents = demoParents(students);
    expect(parents[0]?.username).toBe('demo-parent');
    expect(parents.length).toBe(10);
    expect(demoClasses(current).map((c) => c.grade)).toEqual([10, 11, 12]);
  });

  describe.each(DAYS)('generated on %o', (today) => {
    const term = demoCurrentTerm(today);
    it('ends with the term of that day, and every class has courses of the current term', () => {
      const terms = demoTerms(term);
      expect(terms.at(-1)?.term).toEqual(term);
      expect(terms[0]?.term).toEqual({ academicYear: term.academicYear - 2, semester: 1 });
      expect(terms.some((t) => t.startsOn <= toIso(today) && toIso(today) <= t.endsOn)).toBe(true);
      const courses = demoCourses(term);
      for (const cls of demoClasses(term)) {
        expect(courses.some((c) => c.classKey === cls.key && termCode(c.term) === termCode(term))).toBe(true);
        expect(cls.entryYear).toBe(term.academicYear - (cls.grade - 10));
      }
      expect(courses.every((c) => parseCourseCode(c.code).ok && c.grade >= 10 && c.grade <= 12)).toBe(true);
    });
    it('has its windows open that day (noon and the last second), upload closing ≥ 2 weeks after the ceremony', () => {
      const w = demoWindows(term, today);
      for (const at of [
        `${toIso(today)}T00:00:00+08:00`,
        `${toIso(today)}T12:00:00+08:00`,
        `${toIso(today)}T23:59:59+08:00`,
      ]) {
        const instant = new Date(at);
        expect(windowState(w.upload, instant, {})).toBe('open');
        expect(windowState(w.certification, instant, {})).toBe('open');
        expect(windowState(w.performance, instant, {})).toBe('open');
        expect(windowState(w.selection, instant, {})).toBe('open');
      }
      const ceremony = new Date(`${w.closingCeremony}T23:59:59+08:00`).getTime();
      expect(w.upload.closesAt.getTime() - ceremony).toBeGreaterThanOrEqual(14 * 86_400_000);
    });
  });
});
