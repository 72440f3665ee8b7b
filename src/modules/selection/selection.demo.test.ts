import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { DEMO_PASSWORD } from '../demo/demo.data.js';
import { seedDemoSchool } from '../demo/demo.service.js';
import { createBlobStore } from '../storage/factory.js';

const t = await createTestApp();
afterAll(() => t.app.close());
const as: Record<string, { cookie: string; csrf: string }> = {};
const { get } = requestsAs(
  () => t.app,
  () => as,
);

describe('the demo school’s selection (as `licheng start` seeds it, with the blob store)', () => {
  it('fills the demo student’s page, the parent’s view and the class progress', async () => {
    const blobs = await createBlobStore(t.config, t.storageDir);
    expect(await seedDemoSchool(t.db, { blobs })).toMatchObject({ seeded: true });
    for (const u of ['demo-student', 'demo-parent', 'demo-homeroom']) as[u] = await t.login(u, DEMO_PASSWORD);
    const v = (await get('demo-student', '/api/v1/selection')).json();
    expect(v.counts).toEqual({ outcomes: 3, performances: 3 });
    expect(v.outcomes).toHaveLength(8);
    expect(v.outcomes.every((o: { status: string }) => o.status === 'passed')).toBe(true);
    expect(v.windows.outcome.state).toBe('open');
    // The outcomes' document is a real stored file.
    const [file] = (
      await t.db.execute<{ id: string }>(
        sql`select document_file_id as id from outcomes where id = ${v.outcomes[0].id}`,
      )
    ).rows;
    const content = await get('demo-student', `/api/v1/files/${file?.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The histories say who selected what.
    const chosen = v.outcomes.find((o: { selected: boolean }) => o.selected);
    const detail = (await get('demo-student', `/api/v1/outcomes/${chosen.id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'passed',
      'selected',
    ]);
    // The parent reads it; the homeroom teacher sees half the class has not selected.
    const parent = (await get('demo-parent', `/api/v1/students/${v.student.id}/selection`)).json();
    expect(parent).toMatchObject({ access: 'parent', counts: { outcomes: 3, performances: 3 } });
    const [cls] = (await t.db.execute<{ id: string }>(sql`select id from classes where name = '電機二甲'`))
      .rows;
    const c = (await get('demo-homeroom', `/api/v1/classes/${cls?.id}/selection`)).json();
    const missing = c.students.filter((s: { notSelected: boolean }) => s.notSelected).length;
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(c.students.length);
  }, 120_000);
});
