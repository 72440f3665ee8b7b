/** Tests only: sets a school's selection window of its current academic year (the windows module's table). */
import type { createTestApp } from '../../server/test-app.js';
import type { TestSchool } from '../../server/test-school.js';
import { upsertWindow } from '../windows/windows.repo.js';

export async function setSelectionWindow(
  t: Awaited<ReturnType<typeof createTestApp>>,
  s: TestSchool,
  kind: 'selection' | 'selectionOutcomes' | 'selectionPerformances',
  opensAt: Date,
  closesAt: Date,
) {
  await upsertWindow(t.db, { schoolId: s.school.id, kind, academicYear: s.academicYear, opensAt, closesAt });
}
