/**
 * Login slips as a printable PDF: one slip per account, in class order, the Chinese as real text
 * (read back with pdftotext) in an embedded subset of the font; served by provisioning and resets.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../domain/national-id.js';
import { createTestApp } from '../../server/test-app.js';
import { runImport } from '../imports/engine.js';
import { importKind } from '../imports/kinds/index.js';
import { xlsxFile } from '../imports/test-files.js';
import { inClassOrder, loginSlipsPdf } from './login-slips.js';
import type { LoginSlip } from './provisioning.service.js';

const run = promisify(execFile);
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-slips-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** The PDF's text (pdftotext, layout kept) and its fonts (pdffonts). */
async function readPdf(pdf: Buffer) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await fs.writeFile(file, pdf);
  const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
  const fonts = (await run('pdffonts', [file])).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)?.[1]);
  return { text, fonts, pages };
}

const slip = (over: Partial<LoginSlip>): LoginSlip => ({
  userId: '',
  className: '',
  seatNo: null,
  number: '',
  name: '',
  username: '',
  password: 'Pw-0000-aaaa',
  note: '',
  ...over,
});

describe('login slips PDF', () => {
  it('puts slips in class order: class, seat; accounts without a class last', () => {
    const ordered = inClassOrder([
      slip({ className: '二年乙班', seatNo: 1, username: 'c' }),
      slip({ className: '', username: 'a' }),
      slip({ className: '一年甲班', seatNo: 10, username: 'b' }),
      slip({ className: '一年甲班', seatNo: 2, username: 'd' }),
    ]);
    expect(ordered.map((s) => s.username)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('holds one slip per account as extractable Chinese text, with a subset of the embedded font', async () => {
    const slips = Array.from({ length: 11 }, (_, i) =>
      slip({
        className: i < 6 ? '三年丙班' : '一年甲班',
        seatNo: (i % 6) + 1,
        number: `S${String(i).padStart(3, '0')}`,
        name: `測試學生${'甲乙丙丁戊己庚辛壬癸子'[i]}`,
        username: `u${i}`,
        password: `pass-${i}-xyz`,
      }),
    );
    const pdf = await loginSlipsPdf(slips, '123456');
    const { text, fonts, pages } = await readPdf(pdf);
    expect(pages).toBe(2); // 8 slips per page
    expect(text).toContain('學習歷程平臺 登入單');
    expect(text).toContain('初始密碼');
    for (const s of slips) {
      expect(text).toContain(s.name);
      expect(text).toContain(s.password);
    }
    // Class order in the document: every 一年甲班 slip comes before any 三年丙班 slip.
    const firstThird = text.indexOf('三年丙班');
    expect(text.lastIndexOf('一年甲班')).toBeLessThan(firstThird);
    // The font is embedded as a subset ("XXXXXX+NotoSansTC…", emb yes, sub yes): the file stays small.
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansTC\S*\s+CID TrueType\S*\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(pdf.length).toBeLessThan(300_000);
  });
});

const t = await createTestApp();
afterAll(() => t.app.close());

describe('provisioning and resets answer with the PDF when asked', () => {
  let lib: { cookie: string; csrf: string };
  let schoolCode = '';

  beforeAll(async () => {
    const school = await t.makeSchool({ code: '123457' });
    schoolCode = school.code;
    const imp = async (kind: string, header: string[], rows: (string | number)[][]) => {
      const r = await runImport(t.db, {
        kind: importKind(kind) as never,
        buffer: await xlsxFile(header, rows),
        schoolId: school.id,
        commit: true,
      });
      expect(r.committed).toBe(true);
    };
    await imp('staff', ['員工編號', '姓名'], [['T1', '陳老師']]);
    await imp(
      'classes',
      ['學年度', '年級', '科別', '班級名稱', '導師員工編號'],
      [
        [115, 10, '普通科', '一年乙班', 'T1'],
        [115, 10, '普通科', '一年甲班', ''],
      ],
    );
    await imp(
      'students',
      ['學號', '身分證號', '姓名', '出生日期', '性別', '入學學年度', '學年度', '班級', '座號'],
      [1, 2, 3].map((i) => [
        `A00${i}`,
        withCheckDigit(`C2${String(1000000 + i)}`),
        `王小${'明華美'[i - 1]}`,
        '0990101',
        '女',
        115,
        115,
        i === 2 ? '一年甲班' : '一年乙班',
        4 - i,
      ]),
    );
    lib = await t.login((await t.makeUser({ schoolId: school.id, roles: ['accountAdmin'] })).username);
  }, 60_000);

  const post = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: lib.cookie, 'x-csrf-token': lib.csrf },
      payload: payload as never,
    });

  it('provisions students with PDF slips in class order, then resets with PDF slips', async () => {
    const res = await post('/api/v1/accounts/provision', { target: 'students', format: 'pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-created-count']).toBe('3');
    const { text } = await readPdf(res.rawPayload);
    expect(text).toContain(`學校代碼 ${schoolCode}`);
    // 一年乙班 (seats 1, 3: 王小美, 王小明) before 一年甲班 (王小華).
    const order = ['王小美', '王小明', '王小華'].map((n) => text.indexOf(n));
    expect(order.every((p) => p >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const accounts = (
      await t.app.inject({ url: '/api/v1/accounts?role=student', headers: { cookie: lib.cookie } })
    ).json();
    expect(accounts.items.map((a: { className: string }) => a.className).sort()).toEqual([
      '一年乙班',
      '一年乙班',
      '一年甲班',
    ]);
    const reset = await post('/api/v1/accounts/reset-passwords', {
      userIds: accounts.items.map((a: { id: string }) => a.id),
      format: 'pdf',
    });
    expect(reset.headers['content-type']).toBe('application/pdf');
    const again = await readPdf(reset.rawPayload);
    expect(again.text).toContain('密碼重設');
    expect(again.text.indexOf('王小華')).toBeGreaterThan(again.text.indexOf('王小明'));
    // Without a format, the slips stay a workbook.
    const xlsx = await post('/api/v1/accounts/reset-passwords', { userIds: [accounts.items[0].id] });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
