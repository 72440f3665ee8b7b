/**
 * 收訖明細 end to end over real HTTP: the test app listens on a loopback port and CENTRAL_URL points at
 * it, so the school's sync and relays reach the repository's exchange routes signed with the school's
 * key. Central submissions and receipts are written by the fixture (central.test-util.ts) as the intake
 * does (contract 4) until the intake is merged.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, requestsAs, type TestSession } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';
import { createCentralClient } from '../central/client.js';
import { runOneJob } from '../jobs/jobs.js';
import { signingKeyOf } from '../submissions/signing.js';
import { upsertWindow } from '../windows/windows.repo.js';
import { issueFixtureReceipt, registerSchoolAtCentral } from './central.test-util.js';

const t = await createTestApp();
afterAll(() => t.app.close());
const sessions: Record<string, TestSession> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => sessions,
);
const DAY = 86_400_000;
let A: TestSchool;
let B: TestSchool;
const central: Record<'A' | 'B', string> = { A: '', B: '' };
const ids: Record<string, string> = {};

const drain = async () => {
  while (await runOneJob(t.db, t.app.background.jobHandlers)) {}
};
async function identity(studentId: string) {
  const [s] = (
    await t.db.execute(
      sql`select national_id, birth_date::text as birth_date, name from students where id = ${studentId}`,
    )
  ).rows as { national_id: string; birth_date: string; name: string }[];
  return {
    nationalId: s?.national_id as string,
    birthDate: s?.birth_date as string,
    name: s?.name as string,
  };
}
const issue = async (s: TestSchool, key: 'A' | 'B', studentIdx: number, roster: number, rows: number) =>
  issueFixtureReceipt(t.db, {
    centralSchoolId: central[key],
    schoolCode: s.school.code,
    student: await identity(s.studentIds[studentIdx] as string),
    roster,
    academicYear: s.academicYear,
    semester: 1,
    rows: Array.from({ length: rows }, (_, i) =>
      i === 1
        ? {
            data: { 課程代碼: 'X', 成果序號: String(i + 1) },
            status: 'rejected' as const,
            reasonCode: 'R_FILE_MISSING',
          }
        : { data: { 課程代碼: 'X', 成果序號: String(i + 1) } },
    ),
    files: [
      { path: `files/${roster}-${studentIdx}.pdf`, bytes: Buffer.from(`file ${roster} ${studentIdx}`) },
    ],
  });
const confirmationWindow = (s: TestSchool, opensAt: Date, closesAt: Date) =>
  upsertWindow(t.db, {
    schoolId: s.school.id,
    kind: 'receiptConfirmation',
    academicYear: s.academicYear,
    opensAt,
    closesAt,
  });
async function clientOf(s: TestSchool, code = s.school.code) {
  const key = await signingKeyOf(t.db, s.school.id, t.sessionSecret);
  return createCentralClient({
    baseUrl: t.config.CENTRAL_URL as string,
    schoolCode: code,
    privateKey: key.privateKey,
    now: () => new Date(),
    attempts: 1,
  });
}

beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.config.CENTRAL_URL = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  A = await makeTestSchool(t, '900201', 21);
  B = await makeTestSchool(t, '900202', 22);
  for (const [k, s] of [
    ['A', A],
    ['B', B],
  ] as const) {
    central[k] = await registerSchoolAtCentral(t.db, s.school, t.sessionSecret);
    for (const role of ['student', 'parent', 'academic', 'affairs', 'homeroom', 'teacher'])
      sessions[`${k}:${role}`] = await t.login(s.usernames[role] as string);
  }
  const admin = await t.makeUser({ schoolId: null, roles: ['centralAdmin'] });
  sessions.central = await t.login(admin.username);
  await confirmationWindow(A, new Date(Date.now() - DAY), new Date(Date.now() + 5 * DAY));
  ids.r4 = (await issue(A, 'A', 0, 4, 2)).receiptId;
  ids.r26 = (await issue(A, 'A', 0, 26, 1)).receiptId;
  ids.r24 = (await issue(A, 'A', 0, 24, 1)).receiptId;
  ids.other = (await issue(A, 'A', 1, 4, 1)).receiptId;
  ids.b4 = (await issue(B, 'B', 0, 4, 1)).receiptId;
}, 120_000);

describe('receipts: sync, confirm, dispute, supersede', () => {
  it('the office fetches the receipts: each is mapped to its student, who is notified', async () => {
    const req = await send('A:academic', 'POST', '/api/v1/receipts/sync');
    expect(req.statusCode, req.body).toBe(202);
    expect(req.json().status).toBe('queued');
    await drain();
    const status = (await get('A:academic', '/api/v1/receipts/sync')).json();
    expect(status).toMatchObject({ status: 'ok', received: 4, unmatched: 0, error: null });
    const rows = (
      await t.db.execute(sql`select id, student_id from school_receipts where school_id = ${A.school.id}`)
    ).rows as { id: string; student_id: string }[];
    expect(new Map(rows.map((r) => [r.id, r.student_id]))).toEqual(
      new Map([
        [ids.r4, A.studentIds[0]],
        [ids.r26, A.studentIds[0]],
        [ids.r24, A.studentIds[0]],
        [ids.other, A.studentIds[1]],
      ]),
    );
    const mine = (await get('A:student', '/api/v1/receipts/mine')).json();
    expect(mine.receipts).toHaveLength(3);
    const r4 = mine.receipts.find((r: { id: string }) => r.id === ids.r4);
    expect(r4.content.rows[1]).toMatchObject({ status: 'rejected', reasonCode: 'R_FILE_MISSING' });
    expect(r4.content.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(mine.windows[0]).toMatchObject({ academicYear: A.academicYear, open: true });
    const notes = await t.db.execute(
      sql`select count(*)::int as n from notifications where user_id = ${A.userIds.student} and kind = 'receipt.issued'`,
    );
    expect(notes.rows[0]).toEqual({ n: 3 });
    // A second sync changes nothing and notifies nobody again.
    await send('A:academic', 'POST', '/api/v1/receipts/sync');
    await drain();
    const again = await t.db.execute(
      sql`select count(*)::int as n from notifications where user_id = ${A.userIds.student} and kind = 'receipt.issued'`,
    );
    expect(again.rows[0]).toEqual({ n: 3 });
  });

  it('confirms one and disputes another inside the window; the dispute opens at the repository due +3 days', async () => {
    const noReason = await send('A:student', 'POST', `/api/v1/receipts/${ids.r26}/response`, {
      response: 'disputed',
      reason: '  ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('異議理由未填');
    const ok = await send('A:student', 'POST', `/api/v1/receipts/${ids.r4}/response`, {
      response: 'confirmed',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ response: 'confirmed', relayStatus: 'pending' });
    const disputed = await send('A:student', 'POST', `/api/v1/receipts/${ids.r26}/response`, {
      response: 'disputed',
      reason: '第1筆成果序號應為2',
    });
    expect(disputed.statusCode, disputed.body).toBe(200);
    const twice = await send('A:student', 'POST', `/api/v1/receipts/${ids.r4}/response`, {
      response: 'disputed',
      reason: 'x',
    });
    expect(twice.json().code).toBe('RECEIPT_ALREADY_ANSWERED');
    await drain();
    const at = await t.db.execute(
      sql`select r.status, d.status as dispute, d.opened_at, d.due_at from central_receipts r
          left join central_disputes d on d.receipt_id = r.id where r.id in (${ids.r4}, ${ids.r26}) order by r.roster`,
    );
    const [c4, c26] = at.rows as { status: string; dispute: string | null; opened_at: Date; due_at: Date }[];
    expect(c4).toMatchObject({ status: 'confirmed', dispute: null });
    expect(c26).toMatchObject({ status: 'disputed', dispute: 'open' });
    expect(new Date(c26?.due_at as Date).getTime() - new Date(c26?.opened_at as Date).getTime()).toBe(
      3 * DAY,
    );
    const mine = (await get('A:student', '/api/v1/receipts/mine')).json();
    const local = mine.receipts.find((r: { id: string }) => r.id === ids.r26);
    expect(local).toMatchObject({ relayStatus: 'sent', disputeStatus: 'open' });
    expect(new Date(local.disputeDueAt).getTime()).toBe(new Date(c26?.due_at as Date).getTime());
    const events = await t.db.execute(
      sql`select action from central_events where receipt_id in (${ids.r4}, ${ids.r26}) order by id`,
    );
    expect(events.rows.map((e) => e.action)).toEqual([
      'receipt.confirmed',
      'receipt.disputed',
      'dispute.opened',
    ]);
    const audit = await t.db.execute(
      sql`select action from audit_log where target_id in (${ids.r4}, ${ids.r26}) order by at`,
    );
    expect(audit.rows.map((e) => e.action)).toEqual(['receipt.confirmed', 'receipt.disputed']);
  });

  it('refuses an answer outside the receiptConfirmation window', async () => {
    await confirmationWindow(A, new Date(Date.now() - 10 * DAY), new Date(Date.now() - 5 * DAY));
    const res = await send('A:student', 'POST', `/api/v1/receipts/${ids.r24}/response`, {
      response: 'confirmed',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('YEAR_WINDOW_CLOSED');
    expect(res.json().message).toContain('收訖確認');
    await confirmationWindow(A, new Date(Date.now() - DAY), new Date(Date.now() + 5 * DAY));
  });

  it('the office sees the dispute of its rosters with the handling clock; overdue flagged', async () => {
    const list = (await get('A:academic', '/api/v1/receipts/disputes')).json();
    expect(list.disputes).toHaveLength(1);
    const d = list.disputes[0];
    expect(d).toMatchObject({
      receiptId: ids.r26,
      state: 'open',
      overdue: false,
      reason: '第1筆成果序號應為2',
    });
    expect(d.student.id).toBe(A.studentIds[0]);
    expect(d.msLeft).toBeGreaterThan(2.9 * DAY);
    expect((await get('A:affairs', '/api/v1/receipts/disputes')).json().disputes).toEqual([]);
    const notYours = await send('A:affairs', 'POST', `/api/v1/receipts/${ids.r26}/answer`, { note: '無誤' });
    expect(notYours.json().code).toBe('RECEIPT_ROSTER_NOT_YOURS');
    // The repository's clock ran out: the next sync brings the due time, the list flags it red.
    await t.db.execute(
      sql`update central_disputes set due_at = now() - interval '1 hour' where receipt_id = ${ids.r26}`,
    );
    await send('A:academic', 'POST', '/api/v1/receipts/sync');
    await drain();
    const late = (await get('A:academic', '/api/v1/receipts/disputes')).json().disputes[0];
    expect(late.overdue).toBe(true);
    const stats = await get('central', '/api/v1/central/disputes/stats');
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().schools.find((s: { code: string }) => s.code === A.school.code)).toMatchObject({
      open: 1,
      overdue: 1,
      resolved: 0,
    });
    expect(stats.json().overdue[0]).toMatchObject({ schoolCode: A.school.code, roster: 26 });
    expect((await get('A:academic', '/api/v1/central/disputes/stats')).statusCode).toBe(403);
  });

  it('a correction supersedes the disputed receipt: the student sees the new one on top, the dispute closes', async () => {
    const { receiptId } = await issue(A, 'A', 0, 26, 2);
    ids.r26b = receiptId;
    await send('A:academic', 'POST', '/api/v1/receipts/sync');
    await drain();
    const mine = (await get('A:student', '/api/v1/receipts/mine')).json();
    expect(mine.receipts[0]).toMatchObject({ id: receiptId, superseded: false, response: null });
    expect(mine.receipts.find((r: { id: string }) => r.id === ids.r26)).toMatchObject({
      superseded: true,
      supersededBy: receiptId,
      disputeStatus: 'resolved',
      disputeResolution: 'corrected',
    });
    const notes = await t.db.execute(
      sql`select count(*)::int as n from notifications where user_id = ${A.userIds.student} and kind = 'receipt.issued'`,
    );
    expect(notes.rows[0]).toEqual({ n: 4 });
    const old = await send('A:student', 'POST', `/api/v1/receipts/${ids.r26}/response`, {
      response: 'confirmed',
    });
    expect(old.json().code).toBe('RECEIPT_SUPERSEDED');
    const d = (await get('A:academic', '/api/v1/receipts/disputes')).json().disputes[0];
    expect(d).toMatchObject({ state: 'corrected', overdue: false, superseded: true });
    // The repository refuses an answer to a superseded receipt; the same answer twice changes nothing.
    const client = await clientOf(A);
    const late = await client.postJson(`/api/v1/central/exchange/receipts/${ids.r26}/response`, {
      response: 'confirmed',
      respondedAt: new Date().toISOString(),
    });
    expect(late.status).toBe(409);
    const same = await client.postJson<{ status: string }>(
      `/api/v1/central/exchange/receipts/${ids.r4}/response`,
      {
        response: 'confirmed',
        respondedAt: new Date().toISOString(),
      },
    );
    expect(same.status).toBe(200);
  });

  it('an answer to a receipt replaced before the school knew: marked replaced, the new one fetched', async () => {
    const { receiptId } = await issue(A, 'A', 0, 24, 1);
    const res = await send('A:student', 'POST', `/api/v1/receipts/${ids.r24}/response`, {
      response: 'confirmed',
    });
    expect(res.statusCode, res.body).toBe(200);
    await drain();
    const mine = (await get('A:student', '/api/v1/receipts/mine')).json();
    expect(mine.receipts.find((r: { id: string }) => r.id === ids.r24)).toMatchObject({
      superseded: true,
      relayStatus: 'failed',
    });
    expect(mine.receipts[0].id).toBe(receiptId);
  });

  it('已回覆: the office settles a dispute without a correction; relayed to the repository', async () => {
    const res = await send('A:student', 'POST', `/api/v1/receipts/${ids.r26b}/response`, {
      response: 'disputed',
      reason: '缺少第3筆',
    });
    expect(res.statusCode, res.body).toBe(200);
    await drain();
    const empty = await send('A:academic', 'POST', `/api/v1/receipts/${ids.r26b}/answer`, { note: ' ' });
    expect(empty.json().code).toBe('RECEIPT_ANSWER_NOTE_REQUIRED');
    const ok = await send('A:academic', 'POST', `/api/v1/receipts/${ids.r26b}/answer`, {
      note: '第3筆為107學年度資料，不在本次名冊',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await drain();
    const [d] = (
      await t.db.execute(
        sql`select status, resolution, resolution_note from central_disputes where receipt_id = ${ids.r26b}`,
      )
    ).rows;
    expect(d).toMatchObject({ status: 'resolved', resolution: 'answered' });
    const list = (await get('A:academic', '/api/v1/receipts/disputes')).json().disputes;
    expect(list.find((x: { receiptId: string }) => x.receiptId === ids.r26b)).toMatchObject({
      state: 'answered',
      answerRelayStatus: 'sent',
    });
  });

  it('parents and the homeroom teacher read the receipts read-only (audited); other teachers cannot', async () => {
    const url = `/api/v1/students/${A.studentIds[0]}/receipts`;
    for (const who of ['A:parent', 'A:homeroom']) {
      const res = await get(who, url);
      expect(res.statusCode, `${who} ${res.body}`).toBe(200);
      expect(res.json().receipts.length).toBe(5);
    }
    expect((await get('A:teacher', url)).statusCode).toBe(403);
    const reads = await t.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'read.student_receipts' and ${A.studentIds[0]} = any(student_ids)`,
    );
    expect(reads.rows[0]).toEqual({ n: 2 });
  });
});

describe('receipts when the repository cannot be reached', () => {
  it('the answer stays 傳送中 and is relayed once it is back; the sync shows its failure', async () => {
    const { receiptId } = await issue(A, 'A', 0, 1, 1);
    await send('A:academic', 'POST', '/api/v1/receipts/sync');
    await drain();
    const url = t.config.CENTRAL_URL;
    t.config.CENTRAL_URL = 'http://127.0.0.1:9'; // discard port: connection refused
    try {
      const res = await send('A:student', 'POST', `/api/v1/receipts/${receiptId}/response`, {
        response: 'confirmed',
      });
      expect(res.json().relayStatus).toBe('pending');
      const relay = t.app.background.jobHandlers['receipts.relay'];
      await expect(relay?.({ receiptId })).rejects.toThrow(/unavailable/);
      const mine = (await get('A:student', '/api/v1/receipts/mine')).json();
      expect(mine.receipts.find((r: { id: string }) => r.id === receiptId).relayStatus).toBe('pending');
      await expect(
        t.app.background.jobHandlers['receipts.sync']?.({ schoolId: A.school.id }),
      ).rejects.toThrow();
      const status = (await get('A:academic', '/api/v1/receipts/sync')).json();
      expect(status.status).toBe('failed');
      expect(status.error).toMatch(/unavailable/);
      t.config.CENTRAL_URL = url;
      await relay?.({ receiptId });
    } finally {
      t.config.CENTRAL_URL = url;
    }
    const [c] = (await t.db.execute(sql`select status from central_receipts where id = ${receiptId}`)).rows;
    expect(c).toEqual({ status: 'confirmed' });
    const mine = (await get('A:student', '/api/v1/receipts/mine')).json();
    expect(mine.receipts.find((r: { id: string }) => r.id === receiptId).relayStatus).toBe('sent');
  }, 60_000);
});

describe('receipts across schools', () => {
  it('an office, student or parent of A reaches none of B’s receipts or students (and back)', async () => {
    await send('B:academic', 'POST', '/api/v1/receipts/sync');
    await drain();
    for (const [me, other, theirs, student] of [
      ['A', 'B', ids.b4, B.studentIds[0]],
      ['B', 'A', ids.r24, A.studentIds[0]],
    ] as const) {
      for (const role of ['academic', 'affairs']) {
        const answer = await send(`${me}:${role}`, 'POST', `/api/v1/receipts/${theirs}/answer`, {
          note: 'x',
        });
        expect(answer.statusCode, `${me}:${role}`).toBe(404);
        const read = await get(`${me}:${role}`, `/api/v1/students/${student}/receipts`);
        expect(read.statusCode).toBe(404);
        const list = (await get(`${me}:${role}`, '/api/v1/receipts/disputes')).json().disputes;
        expect(list.every((d: { student: { id: string } }) => d.student.id !== student)).toBe(true);
      }
      const respond = await send(`${me}:student`, 'POST', `/api/v1/receipts/${theirs}/response`, {
        response: 'confirmed',
      });
      expect(respond.statusCode).toBe(404);
      expect((await get(`${me}:parent`, `/api/v1/students/${student}/receipts`)).statusCode).toBe(404);
      void other;
    }
    const mineB = (await get('B:student', '/api/v1/receipts/mine')).json();
    expect(mineB.receipts.map((r: { id: string }) => r.id)).toEqual([ids.b4]);
  });

  it('a school’s signature reads and answers only its own receipts and disputes (both directions)', async () => {
    const [dispute] = (
      await t.db.execute(sql`select id from central_disputes where receipt_id = ${ids.r26b}`)
    ).rows as { id: string }[];
    for (const [s, own, foreign, foreignDispute] of [
      [A, ids.r4, ids.b4, null],
      [B, ids.b4, ids.r4, dispute?.id],
    ] as const) {
      const client = await clientOf(s);
      const list = await client.get<{ receipts: { id: string }[] }>('/api/v1/central/exchange/receipts');
      expect(list.status).toBe(200);
      expect(list.body.receipts.map((r) => r.id)).toContain(own);
      expect(list.body.receipts.map((r) => r.id)).not.toContain(foreign);
      const answer = await client.postJson(`/api/v1/central/exchange/receipts/${foreign}/response`, {
        response: 'confirmed',
        respondedAt: new Date().toISOString(),
      });
      expect(answer.status).toBe(404);
      const disputes = await client.get<{ receiptId: string }[]>(
        '/api/v1/central/exchange/disputes?status=all',
      );
      expect(disputes.body.every((d) => d.receiptId !== foreign)).toBe(true);
      if (foreignDispute) {
        const settle = await client.postJson(`/api/v1/central/exchange/disputes/${foreignDispute}/answer`, {
          note: 'x',
          answeredAt: new Date().toISOString(),
        });
        expect(settle.status).toBe(404);
      }
    }
    // A's key claiming B's school code: refused, as is an unsigned request.
    const forged = await clientOf(A, B.school.code);
    const res = await forged.get<{ code: string }>('/api/v1/central/exchange/receipts');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('EXCHANGE_AUTH_INVALID');
    const unsigned = await t.app.inject({ url: '/api/v1/central/exchange/disputes' });
    expect(unsigned.statusCode).toBe(401);
  });
});
