import { describe, expect, it } from 'vitest';
import { parseCourseCode } from '../../domain/course-code.js';
import { isValidNationalId } from '../../domain/national-id.js';
import { DEMO_CLASSES, DEMO_STAFF, demoCourses, demoParents, demoStudents, demoTerms } from './demo.data.js';

describe('demo school data', () => {
  const students = demoStudents();
  it('has 90 students in 3 classes with valid, unique national IDs and student numbers', () => {
    expect(students).toHaveLength(90);
    expect(new Set(students.map((s) => s.classKey)).size).toBe(3);
    expect(students.every((s) => isValidNationalId(s.nationalId))).toBe(true);
    expect(new Set(students.map((s) => s.nationalId)).size).toBe(90);
    expect(new Set(students.map((s) => s.studentNo)).size).toBe(90);
    expect(students.filter((s) => s.username === 'demo-student')).toHaveLength(1);
  });
  it('has terms from 113-1 to 115-1', () => {
    expect(demoTerms().map((t) => `${t.term.academicYear}${t.term.semester}`)).toEqual([
      '1131',
      '1132',
      '1141',
      '1142',
      '1151',
    ]);
  });
  it('has valid, unique 23-character course codes per term', () => {
    const courses = demoCourses();
    expect(courses.every((c) => parseCourseCode(c.code).ok)).toBe(true);
    const keys = courses.map((c) => `${c.term.academicYear}${c.term.semester}:${c.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    // 12 class-terms × 6 subjects (grade 12: 5 terms, grade 11: 3, grade 10: 1 → 9 class-terms).
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
    expect(DEMO_CLASSES.map((c) => c.grade)).toEqual([10, 11, 12]);
  });
});
