import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { withCheckDigit } from '../src/domain/national-id.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { xlsxFile } from '../src/modules/imports/test-files.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: import students, provision accounts, the student sees their courses',
  async () => {
    const { t, signIn, base } = await demoSchoolInBrowser();

    async function importFile(page: Page, kindLabel: string, name: string, body: Buffer) {
      await page.getByTestId('import-kind').click();
      await page.getByRole('option', { name: kindLabel, exact: true }).click();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: body });
      await page.getByRole('button', { name: '上傳並預覽' }).click();
      await page.getByTestId('import-report').waitFor();
    }

    // The demo is generated for today: this term, and grade 10 (機械一甲) entered this academic year.
    const { academicYear: Y, semester: S } = demoOn(taipeiDateOf(new Date())).term;
    const [no1, no2] = [`${Y}9001`, `${Y}9002`];
    const header = ['學號', '身分證號', '姓名', '出生日期', '性別', '入學學年度', '學年度', '班級', '座號'];
    const good = [[no1, withCheckDigit('H10000001'), '新同學', '0991010', '男', Y, Y, '機械一甲', 31]];

    it('academicAdmin previews a flagged row, fixes the file and commits; the student signs in and sees courses', async () => {
      const admin = await signIn('demo-academic');
      await admin.getByTestId('home-welcome').waitFor();
      await admin.goto(`${base()}/imports`);

      const bad = await xlsxFile(header, [
        ...good,
        [no2, 'H123456780', '另一位', '0991011', '女', Y, Y, '機械一甲', 32],
      ]);
      await importFile(admin, '學生資料', 'students.xlsx', bad);
      const problems = admin.getByTestId('import-problems');
      await problems.waitFor();
      expect(await problems.textContent()).toContain('身分證號／居留證號格式或檢查碼錯誤');
      expect(await problems.locator('tbody tr').count()).toBe(1);
      expect(await problems.locator('tbody tr td').first().textContent()).toBe('3');
      expect(await admin.getByRole('button', { name: /確認匯入/ }).count()).toBe(0);

      const fixed = await xlsxFile(header, [
        ...good,
        [no2, withCheckDigit('H20000002'), '另一位', '0991011', '女', Y, Y, '機械一甲', 32],
      ]);
      await importFile(admin, '學生資料', 'students-fixed.xlsx', fixed);
      await admin.getByRole('button', { name: '確認匯入 2 列' }).click();
      await admin.getByTestId('import-committed').waitFor();
      expect(await admin.getByTestId('import-committed').textContent()).toContain('新增 2');

      // Enrol the new student in this term's courses of the class, through the same page.
      const courses = await t.app.inject({
        url: `/api/v1/courses?q=${Y}999301&pageSize=200`,
        headers: { cookie: (await t.login('demo-academic', DEMO_PASSWORD)).cookie },
      });
      const codes = courses
        .json()
        .items.filter(
          (c: { academicYear: number; semester: number; code: string }) =>
            c.academicYear === Y && c.semester === S && c.code.startsWith(String(Y)),
        )
        .map((c: { code: string }) => c.code);
      expect(codes.length).toBe(6);
      const enrol = await xlsxFile(
        ['學年度', '學期', '學號', '科目代碼'],
        codes.map((code: string) => [Y, S, no1, code]),
      );
      await importFile(admin, '修課（選課）', 'enrol.xlsx', enrol);
      await admin.getByRole('button', { name: '確認匯入 6 列' }).click();
      await admin.getByTestId('import-committed').waitFor();

      // The account administrator creates the accounts and gets the login slips.
      const library = await signIn('demo-accounts');
      await library.getByTestId('home-welcome').waitFor();
      await library.goto(`${base()}/accounts`);
      // The slips as a workbook (the page offers the printable PDF first).
      await library.getByText('Excel（xlsx）').click();
      const [download] = await Promise.all([
        library.waitForEvent('download'),
        library.getByRole('button', { name: '建立學生帳號' }).click(),
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readAll(await download.createReadStream())) as unknown as ArrayBuffer);
      const slip = ((wb.worksheets[0]?.getRow(2).values ?? []) as string[]).slice(1);
      expect(slip.slice(2, 4)).toEqual([no1, '新同學']);
      const [username, password] = [slip[5] as string, slip[6] as string];

      // The student signs in with the slip, must change the password, then sees their courses.
      const student = await signIn(username, password);
      await student.waitForURL('**/password');
      await student.getByLabel('目前密碼').fill(password);
      await student.getByLabel(/^新密碼/).fill('my-own-secret-42');
      await student.getByLabel('再次輸入新密碼').fill('my-own-secret-42');
      await student.getByRole('button', { name: '變更密碼' }).click();
      await student.getByTestId('home-welcome').waitFor();
      await student.getByRole('link', { name: '我的資料與修課紀錄' }).first().click();
      const term = student.getByTestId(`term-${Y}${S}`);
      await term.waitFor();
      expect(await term.textContent()).toContain(`機件原理${S === 1 ? 'Ⅰ' : 'Ⅱ'}`);
      expect(await student.getByText('新同學').count()).toBeGreaterThan(0);
    }, 90_000);
  },
);

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
