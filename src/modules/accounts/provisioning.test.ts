import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../domain/national-id.js';
import { createTestApp } from '../../server/test-app.js';
import { runImport } from '../imports/engine.js';
import { importKind } from '../imports/kinds/index.js';
import { xlsxFile } from '../imports/test-files.js';

const t = await createTestApp();
afterAll(() => t.app.close());
const school = await t.makeSchool({ code: '123456' });
let lib: { cookie: string; csrf: string };

beforeAll(async () => {
  const run = async (kind: string, header: string[], rows: (string | number)[][]) => {
    const r = await runImport(t.db, {
      kind: importKind(kind) as never,
      buffer: await xlsxFile(header, rows),
      schoolId: school.id,
      commit: true,
    });
    expect(r.committed).toBe(true);
  };
  await run('staff', ['員工編號', '姓名'], [['T1', '陳老師']]);
  await run(
    'classes',
    ['學年度', '年級', '科別', '班級名稱', '導師員工編號'],
    [[115, 10, '機械科', '機械一甲', 'T1']],
  );
  await run(
    'students',
    ['學號', '身分證號', '姓名', '出生日期', '性別', '入學學年度', '學年度', '班級', '座號'],
    [1, 2].map((i) => [
      `A00${i}`,
      withCheckDigit(`B2${String(1000000 + i)}`),
      `學生${i}`,
      '0990101',
      '女',
      115,
      115,
      '機械一甲',
      i,
    ]),
  );
  await run('guardians', ['學號', '家長姓名', '關係'], [['A001', '王媽媽', '母']]);
  lib = await t.login((await t.makeUser({ schoolId: school.id, roles: ['accountAdmin'] })).username);
});

const post = (url: string, payload?: unknown) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: lib.cookie, 'x-csrf-token': lib.csrf },
    payload: payload as never,
  });

async function slipsOf(res: { rawPayload: Buffer }) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws?.eachRow((r, n) => {
    if (n > 1) rows.push((r.values as string[]).slice(1).map(String));
  });
  return rows;
}

describe('account provisioning', () => {
  it('creates student accounts once, with one-time passwords on xlsx login slips', async () => {
    const res = await post('/api/v1/accounts/provision', { target: 'students' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-created-count']).toBe('2');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const slips = await slipsOf(res);
    expect(slips.map((s) => [s[0], s[2], s[5]])).toEqual([
      ['機械一甲', 'A001', '123456-a001'],
      ['機械一甲', 'A002', '123456-a002'],
    ]);
    const password = slips[0]?.[6] as string;
    expect(password).toMatch(/^[a-zA-Z2-9]{10}$/);
    const session = await t.login('123456-a001', password);
    expect(session.response.json()).toMatchObject({ roles: ['student'], user: { mustChangePassword: true } });

    const again = await post('/api/v1/accounts/provision', { target: 'students' });
    expect(again.headers['x-created-count']).toBe('0');
  });

  it('creates staff (teacher + homeroom) and parent accounts', async () => {
    const staff = await slipsOf(await post('/api/v1/accounts/provision', { target: 'staff' }));
    expect(staff[0]?.[5]).toBe('123456-t1');
    const me = (await t.login('123456-t1', staff[0]?.[6])).response.json();
    expect(me.roles).toEqual(['homeroom', 'teacher']);
    const parents = await slipsOf(await post('/api/v1/accounts/provision', { target: 'guardians' }));
    expect(parents.map((p) => [p[3], p[4], p[5]])).toEqual([['王媽媽', '學生1 之母', '123456-pa001-1']]);
  });

  it('resets passwords: the old one stops working and the new one must be changed', async () => {
    const list = (
      await t.app.inject({ url: '/api/v1/accounts?q=a002', headers: { cookie: lib.cookie } })
    ).json();
    const id = list.items[0].id;
    const slips = await slipsOf(await post('/api/v1/accounts/reset-passwords', { userIds: [id] }));
    const fresh = slips[0]?.[6] as string;
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '123456-a002', password: fresh },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);
  });

  it('disables and enables accounts, sets school roles, and refuses platform roles and other schools', async () => {
    const list = (
      await t.app.inject({ url: '/api/v1/accounts?q=123456-t1', headers: { cookie: lib.cookie } })
    ).json();
    const id = list.items[0].id;
    expect((await post(`/api/v1/accounts/${id}/disable`)).statusCode).toBe(200);
    const locked = (
      await t.app.inject({ url: '/api/v1/accounts?q=123456-t1', headers: { cookie: lib.cookie } })
    ).json();
    expect(locked.items[0].disabled).toBe(true);
    expect((await post(`/api/v1/accounts/${id}/enable`)).statusCode).toBe(200);

    const put = (roles: string[], target = id) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/accounts/${target}/roles`,
        headers: { cookie: lib.cookie, 'x-csrf-token': lib.csrf },
        payload: { roles },
      });
    expect((await put(['teacher', 'academicAdmin', 'teacher'])).json()).toEqual({
      roles: ['academicAdmin', 'teacher'],
    });
    expect((await put(['centralAdmin'])).statusCode).toBe(403);
    const stranger = await t.makeUser();
    expect((await put(['teacher'], stranger.id)).statusCode).toBe(404);
    expect((await post(`/api/v1/accounts/${stranger.id}/disable`)).statusCode).toBe(404);
  });

  it('links an existing parent account to a second child by hand', async () => {
    const list = (
      await t.app.inject({ url: '/api/v1/accounts?q=pa001', headers: { cookie: lib.cookie } })
    ).json();
    const id = list.items[0].id;
    const res = await post(`/api/v1/accounts/${id}/children`, { studentNo: 'A002', relation: '母' });
    expect(res.statusCode, res.body).toBe(200);
    const slips = await slipsOf(await post('/api/v1/accounts/reset-passwords', { userIds: [id] }));
    const parent = await t.login('123456-pa001-1', slips[0]?.[6]);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie: parent.cookie, 'x-csrf-token': parent.csrf },
      payload: { currentPassword: slips[0]?.[6], newPassword: 'parent-own-pass-1' },
    });
    const children = await t.app.inject({ url: '/api/v1/me/children', headers: { cookie: parent.cookie } });
    expect(children.json().map((c: { studentNo: string }) => c.studentNo)).toEqual(['A001', 'A002']);
    expect((await post(`/api/v1/accounts/${id}/children`, { studentNo: 'NOPE' })).statusCode).toBe(404);
  });
});
