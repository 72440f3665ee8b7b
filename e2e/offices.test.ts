/**
 * Offices in the browser: a refused page says so at once (no spinner, no retries), the menu holds only
 * pages the role can open, and a counselling record whose attachment is refused is not saved half.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

/** Client-side navigation (the app is loaded): what a click on a link does. */
const navigate = (page: Page, to: string) =>
  page.evaluate((p) => {
    window.history.pushState({}, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, to);

describe.skipIf(!chromiumAvailable)('browser: offices', async () => {
  const { t, signIn, base } = await demoSchoolInBrowser();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-offices-e2e-'));
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('a page the role cannot open is not in its menu and says so within 1 s', async () => {
    const page = await signIn('demo-accounts');
    await page.getByTestId('home-welcome').waitFor();
    const menu = page.locator('nav');
    await menu.getByRole('link', { name: '帳號管理' }).waitFor();
    expect(await menu.getByRole('link', { name: '班級', exact: true }).count()).toBe(0);
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/classes')) apiCalls.push(r.url());
    });
    const started = Date.now();
    await navigate(page, '/classes');
    await page.getByTestId('page-refused').waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await page.getByTestId('page-refused').textContent()).toContain('您沒有開啟此頁的權限');
    expect(apiCalls).toEqual([]);
  });

  it('a 403 from the server shows its message at once, asked once', async () => {
    const page = await signIn('demo-homeroom');
    await page.getByTestId('home-welcome').waitFor();
    const [own] = await (await page.request.get(`${base()}/api/v1/classes`)).json();
    const { rows } = await t.db.execute(
      sql`select id from classes where id <> ${own.id} and school_id = (select school_id from classes where id = ${own.id}) limit 1`,
    );
    const other = (rows[0] as { id: string }).id;
    const answers: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith(`/api/v1/classes/${other}/roster`)) answers.push(r.status());
    });
    const started = Date.now();
    await navigate(page, `/classes/${other}`);
    await page.getByTestId('error-alert').first().waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    await page.waitForTimeout(1500); // a retry would come within this time
    expect(answers).toEqual([403]);
  });

  it('a counselling record whose attachment is refused leaves no half record; the kept form saves whole', async () => {
    const count = async () =>
      (
        (
          await t.db.execute(
            sql`select count(*)::int as n from counselling_records r join users u on u.id = r.counselor_user_id where u.username = 'demo-counselor'`,
          )
        ).rows[0] as { n: number }
      ).n;
    const before = await count();
    const page = await signIn('demo-counselor');
    await page.getByTestId('home-welcome').waitFor();
    await page.locator('nav').getByRole('link', { name: '課程諮詢紀錄' }).click();
    await page.getByRole('combobox', { name: '學生（僅列出指派給您的學生）' }).click();
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    // Yesterday (a session already held), from the clock: never a date that ages out of a rule.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('時間起').fill(`${yesterday}T10:00`);
    await page.getByLabel('時間迄').fill(`${yesterday}T10:30`);
    await page.getByLabel('標題').fill('選課諮詢（附件被拒）');
    await page.getByLabel('地點').fill('輔導室');
    await page.getByLabel('內容簡述').fill('討論下學期選修');
    const fake = path.join(dir, '紀錄.pdf');
    await fs.writeFile(fake, 'this is not a pdf at all');
    await page.locator('input[type=file]').setInputFiles(fake);
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.getByRole('button', { name: '新增紀錄' }).click();
      await page.getByText('紀錄尚未儲存').waitFor();
    }
    expect(await count()).toBe(before);
    expect(await page.getByLabel('標題').inputValue()).toBe('選課諮詢（附件被拒）');

    const real = path.join(dir, '紀錄2.pdf');
    await fs.writeFile(real, await pdf());
    await page.locator('input[type=file]').setInputFiles(real);
    await page.getByRole('button', { name: '新增紀錄' }).click();
    await page.getByText('已新增諮詢紀錄').waitFor();
    expect(await count()).toBe(before + 1);
    const { rows } = await t.db.execute(
      sql`select attachment_name from counselling_records where title = '選課諮詢（附件被拒）'`,
    );
    expect(rows).toEqual([{ attachment_name: '紀錄2.pdf' }]);
    await page.getByRole('link', { name: '紀錄2.pdf' }).or(page.getByText('紀錄2.pdf')).first().waitFor();
  });
});
