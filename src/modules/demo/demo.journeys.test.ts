/**
 * The demo seed and the main journeys with the app's clock injected at days across two school years:
 * both semester starts (1 Aug, 1 Feb), the last day of a school year (31 Jul), and ordinary days. Then
 * the day after a school year ends, before the school has set up the new term: "between terms".
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type AcademicTerm, formatTerm, taipeiDateOf, termOf, toIsoDate } from '../../domain/calendar.js';
import { validFor } from '../../domain/performances.fixtures.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { pdf } from '../uploads/test-corpus.js';
import { DEMO_PASSWORD, demoOn } from './demo.data.js';

/** Instants in Taiwan time, the first and last minutes of days included. */
const DAYS = [
  '2026-12-02T10:00:00+08:00',
  '2027-02-01T00:00:30+08:00',
  '2027-03-15T10:00:00+08:00',
  '2027-07-31T23:58:00+08:00',
  '2027-08-01T08:00:00+08:00',
  '2027-09-20T10:00:00+08:00',
  '2028-02-01T09:00:00+08:00',
];

type App = Awaited<ReturnType<typeof createTestApp>>;
type Session = { cookie: string; csrf: string };

/** One app (own database, own clock) per day, created up front: vitest's hooks belong to the file. */
const apps = new Map<string, App>();
for (const at of DAYS) apps.set(at, await createTestApp({}, { now: () => new Date(at) }));
afterAll(async () => {
  for (const t of apps.values()) await t.app.close();
});

const client = (t: App, as: Record<string, Session>) =>
  requestsAs(
    () => t.app,
    () => as,
  );

const PEOPLE = ['demo-student', 'demo-parent', 'demo-teacher', 'demo-academic', 'demo-homeroom'];

describe.each(DAYS)('on %s', (at) => {
  const t = apps.get(at) as App;
  const today = taipeiDateOf(new Date(at));
  const demo = demoOn(today);
  let as: Record<string, Session> = {};

  it('seeds the demo with the day’s term current, and the student submits, the teacher certifies, the parent reads', async () => {
    as = await t.demoSessions(PEOPLE);
    const { send, get } = client(t, as);
    expect(demo.term).toEqual(termOf(today));

    const me = (await get('demo-student', '/api/v1/me')).json();
    expect(me.currentTerm).toEqual(demo.term);
    const overview = await get('demo-student', '/api/v1/outcomes/overview');
    expect(overview.statusCode, overview.body).toBe(200);
    const o = overview.json();
    expect(o.term).toMatchObject(demo.term);
    expect(o.currentTerm).toEqual(demo.term);
    expect(o.window.state).toBe('open');
    expect(o.courses).toHaveLength(6);

    // Upload and submit for 國語文 (taught by demo-teacher), then the teacher passes it.
    const course = o.courses.find((c: { name: string }) => c.name.startsWith('國語文'));
    const upload = await send(
      'demo-student',
      'POST',
      '/api/v1/uploads?purpose=outcomeDocument&filename=report.pdf',
      await pdf(),
      'application/octet-stream',
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const created = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: course.id,
      title: '閱讀心得',
      summary: '期末閱讀心得報告',
      documentFileId: upload.json().id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const queue = (
      await get('demo-teacher', `/api/v1/certification/queue?courseId=${course.id}&status=pending`)
    ).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(created.json().id);
    const decided = await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [created.json().id],
      decision: 'pass',
    });
    expect(decided.json(), decided.body).toEqual({ decided: 1, status: 'passed' });

    // A performance dated today is neither too early nor in the future, and belongs to this year.
    const perf = await send('demo-student', 'POST', '/api/v1/performances', {
      ...validFor(demo.classOf('g11').entryYear).work,
      startsOn: toIsoDate(today),
    });
    expect(perf.statusCode, perf.body).toBe(201);
    const mine = (await get('demo-student', '/api/v1/performances')).json();
    expect(mine.records[0]).toMatchObject({ academicYear: demo.term.academicYear });

    const [child] = (await get('demo-parent', '/api/v1/me/children')).json();
    const theirs = await get('demo-parent', `/api/v1/students/${child.id}/outcomes`);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().outcomes.map((x: { status: string }) => x.status)).toEqual(['passed']);

    const progress = (await get('demo-academic', '/api/v1/outcomes/progress?by=class')).json();
    expect(progress.term).toMatchObject(demo.term);
    expect(progress.rows.find((r: { label: string }) => r.label === '電機二甲')).toMatchObject({
      students: 30,
      uploaded: 1,
    });
    const xlsx = await get('demo-academic', '/api/v1/outcomes/progress.xlsx?by=grade');
    expect(xlsx.statusCode).toBe(200);
  });
});

describe('between terms', () => {
  it('the day after the school year, before the new term is set up, pages get the state instead of 404', async () => {
    const last = apps.get('2027-07-31T23:58:00+08:00') as App;
    // A second instance on the same database whose clock is 10 minutes later: 1 August, 116學年度第1學期.
    const t = await createTestApp({}, { instanceOf: last, now: () => new Date('2027-08-01T00:08:00+08:00') });
    const as: Record<string, Session> = {};
    for (const who of PEOPLE) as[who] = await t.login(who, DEMO_PASSWORD);
    const { get } = client(t, as);
    const next: AcademicTerm = { academicYear: 116, semester: 1 };

    expect((await get('demo-student', '/api/v1/me')).json().currentTerm).toEqual(next);
    const overview = await get('demo-student', '/api/v1/outcomes/overview');
    expect(overview.statusCode, overview.body).toBe(200);
    expect(overview.json()).toMatchObject({
      term: null,
      currentTerm: next,
      window: null,
      courses: [],
      outcomes: [],
    });

    const [child] = (await get('demo-parent', '/api/v1/me/children')).json();
    const theirs = await get('demo-parent', `/api/v1/students/${child.id}/outcomes`);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json()).toMatchObject({ term: null, currentTerm: next, outcomes: [] });

    const progress = await get('demo-academic', '/api/v1/outcomes/progress?by=class');
    expect(progress.json()).toMatchObject({ term: null, currentTerm: next, rows: [] });
    const xlsx = await get('demo-academic', '/api/v1/outcomes/progress.xlsx?by=grade');
    expect(xlsx.statusCode).toBe(409);
    expect(xlsx.json()).toMatchObject({
      code: 'TERM_NOT_SET_UP',
      message: `目前不在學期中：${formatTerm(next)}尚未建立（教務處匯入本學期課程後開始）`,
    });
    await t.app.close();
  });
});
