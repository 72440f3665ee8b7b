import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cadreRecords,
  courses,
  enrollments,
  grades,
  guardians,
  schools,
  students,
  terms,
  users,
  windows,
} from '../../db/schema/index.js';
import { taipeiDateOf } from '../../domain/calendar.js';
import { createTestApp } from '../../server/test-app.js';
import { DEMO_PASSWORD, demoCourses, demoOn, demoTerms } from './demo.data.js';
import { seedDemoSchool } from './demo.service.js';

const t = await createTestApp();
afterAll(() => t.app.close());

const count = async (table: PgTable) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n;

describe('demo school seed', () => {
  it('seeds an empty database once, and every demo login works with the shared password', async () => {
    // Generated for today (the clock of this run): 5 terms in semester 1, 6 in semester 2.
    const { term } = demoOn(taipeiDateOf(new Date()));
    const expectedCourses = demoCourses(term).length;
    const result = await seedDemoSchool(t.db);
    expect(result).toEqual({ seeded: true, students: 90, courses: expectedCourses });
    expect(await count(schools)).toBe(1);
    expect(await count(terms)).toBe(demoTerms(term).length);
    expect(await count(students)).toBe(90);
    expect(await count(courses)).toBe(expectedCourses);
    expect(await count(enrollments)).toBe(30 * expectedCourses);
    expect(await count(guardians)).toBe(10);
    expect(await count(grades)).toBeGreaterThan(1000);
    expect(await count(cadreRecords)).toBe(6);
    expect(await count(windows)).toBe(4);
    const kinds = await t.db.select({ kind: windows.kind, termId: windows.termId }).from(windows);
    expect(kinds.map((k) => `${k.kind}:${k.termId ? 'term' : 'year'}`).sort()).toEqual([
      'certification:term',
      'performance:year',
      'selection:year',
      'upload:term',
    ]);
    expect(await count(users)).toBe(12 + 90 + 10);

    for (const username of ['demo-student', 'demo-parent', 'demo-teacher', 'demo-academic', 'demo-central']) {
      const s = await t.login(username, DEMO_PASSWORD);
      expect(s.response.statusCode).toBe(200);
    }
    const student = (await t.login('demo-student', DEMO_PASSWORD)).response.json();
    expect(student.school).toMatchObject({ code: '999301', name: '示範高級工農職業學校' });
    expect(student.roles).toEqual(['student']);

    expect(await seedDemoSchool(t.db)).toEqual({ seeded: false, reason: 'not-empty' });
    expect(await count(students)).toBe(90);
  });
});
