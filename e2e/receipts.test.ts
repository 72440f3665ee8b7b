import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { demoOn } from '../src/modules/demo/demo.data.js';
import { issueFixtureReceipt, registerSchoolAtCentral } from '../src/modules/receipts/central.test-util.js';
import { upsertWindow } from '../src/modules/windows/windows.repo.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: receipts (收訖明細) and the office’s dispute list',
  async () => {
    const { t, signIn, base } = await demoSchoolInBrowser();
    const { term } = demoOn(taipeiDateOf(new Date()));
    const DAY = 86_400_000;

    /** Runs the receipt jobs waiting in the queue (the test app runs no worker). */
    async function runReceiptJobs() {
      for (;;) {
        const [job] = (
          await t.db.execute<{ id: number; kind: string; payload: Record<string, unknown> }>(
            sql`select id, kind, payload from jobs where kind like 'receipts.%' and done_at is null order by id limit 1`,
          )
        ).rows;
        if (!job) return;
        await t.app.background.jobHandlers[job.kind]?.(job.payload);
        await t.db.execute(sql`update jobs set done_at = now() where id = ${job.id}`);
      }
    }

    // The demo school registered at the repository (co-hosted: CENTRAL_URL is this server) and two
    // receipts of demo-student written by the fixture as the intake would; the confirmation window open.
    beforeAll(async () => {
      t.config.CENTRAL_URL = base();
      const [school] = (
        await t.db.execute<{ id: string; code: string }>(
          sql`select id, code from schools order by code limit 1`,
        )
      ).rows;
      const [student] = (
        await t.db.execute<{ national_id: string; birth_date: string; name: string }>(
          sql`select s.national_id, s.birth_date::text as birth_date, s.name from students s
            join users u on u.id = s.user_id where u.username = 'demo-student'`,
        )
      ).rows;
      if (!school || !student) throw new Error('demo school not seeded');
      const centralSchoolId = await registerSchoolAtCentral(t.db, school, t.sessionSecret);
      for (const [roster, course] of [
        [4, '數學成果報告'],
        [26, '專題實作影片'],
      ] as const) {
        await issueFixtureReceipt(t.db, {
          centralSchoolId,
          schoolCode: school.code,
          student: { nationalId: student.national_id, birthDate: student.birth_date, name: student.name },
          roster,
          academicYear: term.academicYear,
          semester: term.semester,
          rows: [{ data: { 成果名稱: course } }],
          files: [{ path: `${roster}/${course}.pdf`, bytes: Buffer.from(course) }],
        });
      }
      await upsertWindow(t.db, {
        schoolId: school.id,
        kind: 'receiptConfirmation',
        academicYear: term.academicYear,
        opensAt: new Date(Date.now() - DAY),
        closesAt: new Date(Date.now() + 5 * DAY),
      });
    });

    it('the office fetches receipts; the student confirms one and disputes another; the office sees the clock', async () => {
      const office = await signIn('demo-academic');
      await office.getByTestId('home-welcome').waitFor();
      await office.goto(`${base()}/receipt-disputes`);
      await office.getByTestId('receipt-sync').click();
      await office
        .getByTestId('receipt-sync-status')
        .getByText(/排隊中|同步中|完成/)
        .waitFor();
      await runReceiptJobs();
      await office.getByTestId('receipt-sync-status').getByText('收訖明細同步：完成').waitFor();

      const page = await signIn('demo-student');
      await page.getByTestId('home-welcome').waitFor();
      await page.goto(`${base()}/receipts`);
      await page
        .getByTestId('receipt-window')
        .getByText(/收訖確認期間/)
        .waitFor();
      const first = page.locator('[data-testid^="receipt-"]').filter({ hasText: '數學成果報告' }).first();
      await first
        .getByText(/[0-9a-f]{64}/)
        .first()
        .waitFor();
      await first.getByTestId('receipt-confirm').click();
      await first.getByTestId('receipt-answer').getByText('已確認無誤').waitFor();
      await first.getByTestId('receipt-relay').getByText('傳送中').waitFor();

      const second = page.locator('[data-testid^="receipt-"]').filter({ hasText: '專題實作影片' }).first();
      await second.getByTestId('receipt-dispute').click();
      await second.getByTestId('receipt-send-dispute').click();
      await second.getByText(/異議理由未填/).waitFor();
      await second.getByTestId('receipt-reason').fill('影片檔案不是我上傳的版本');
      await second.getByTestId('receipt-send-dispute').click();
      await second
        .getByTestId('receipt-answer')
        .getByText(/已提出異議：影片檔案不是我上傳的版本/)
        .waitFor();
      await runReceiptJobs();
      // The relay reached the repository: the page shows 已送出 and the school's handling deadline.
      await first.getByTestId('receipt-relay').getByText('已送出').waitFor();
      await second.getByTestId('receipt-relay').getByText('已送出').waitFor();
      await second.getByText(/學校處理期限/).waitFor();

      await office.reload();
      const row = office
        .getByTestId('dispute-list')
        .locator('tr')
        .filter({ hasText: '影片檔案不是我上傳的版本' });
      await row
        .getByTestId('dispute-clock')
        .getByText(/剩餘 \d+ 小時/)
        .waitFor();
      expect(await row.getByRole('link', { name: '重新產生名冊' }).getAttribute('href')).toBe('/submissions');
      const [dispute] = (await t.db.execute<{ status: string }>(sql`select status from central_disputes`))
        .rows;
      expect(dispute?.status).toBe('open');
    }, 120_000);
  },
);
