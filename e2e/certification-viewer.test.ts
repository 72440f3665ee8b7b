import { sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { courses, terms } from '../src/db/schema/index.js';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { runOneJob } from '../src/modules/jobs/jobs.js';
import { mp4 } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

/** A PDF of `pages` pages of the given size (points), each saying its number. */
async function pdfOf(pages: number, size: [number, number]) {
  const doc = await PDFDocument.create();
  for (let n = 1; n <= pages; n++)
    doc.addPage(size).drawText(`Page ${n}`, { x: 40, y: size[1] / 2, size: 48 });
  return Buffer.from(await doc.save());
}

describe.skipIf(!chromiumAvailable)(
  'browser: the teacher reads and decides in the certification queue',
  async () => {
    const { t, signIn, base } = await demoSchoolInBrowser();
    const demo = demoOn(taipeiDateOf(new Date()));
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const admin = await t.login('demo-academic', DEMO_PASSWORD);
      const [term] = await t.db
        .select()
        .from(terms)
        .where(sql`academic_year = ${demo.term.academicYear} and semester = ${demo.term.semester}`);
      for (const kind of ['upload', 'certification']) {
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/terms/${term?.id}/windows/${kind}`,
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
          payload: { opensAt: new Date(Date.now() - 3_600_000), closesAt: new Date(Date.now() + 3_600_000) },
        });
        expect(res.statusCode).toBe(200);
      }
      // 國語文 of the demo student's class (taught by demo-teacher): at most 5 outcomes per student.
      const [course] = await t.db
        .select()
        .from(courses)
        .where(
          sql`term_id = ${term?.id} and code like ${`${demo.classOf('g11').entryYear}%`} and name like '國語文%'`,
        );
      const students = {
        first: await t.login('demo-student', DEMO_PASSWORD),
        second: await t.login(`999301-${demo.studentNo('g11', 2)}`, DEMO_PASSWORD),
      };
      const work: [keyof typeof students, string, Buffer][] = [
        ['first', '直式的作文', await pdfOf(1, [849, 1200])],
        ['first', '三頁的報告', await pdfOf(3, [595, 842])],
        ['first', '鍵盤通過的作業', await pdfOf(1, [595, 842])],
        ['second', '鍵盤之後的作業', await pdfOf(1, [595, 842])],
        ['second', '改判的作業', await pdfOf(1, [595, 842])],
      ];
      for (const [who, title, bytes] of work) {
        const s = students[who];
        const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
        const file = await t.app.inject({
          method: 'POST',
          url: `/api/v1/uploads?purpose=outcomeDocument&filename=${encodeURIComponent(`${title}.pdf`)}`,
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          payload: bytes,
        });
        expect(file.statusCode, file.body).toBe(201);
        // The report comes with a video, played in the viewer from the download route (HTTP Range).
        const media =
          title === '三頁的報告'
            ? await t.app.inject({
                method: 'POST',
                url: '/api/v1/uploads?purpose=outcomeMedia&filename=clip.mp4',
                headers: { ...headers, 'content-type': 'application/octet-stream' },
                payload: mp4(64 * 1024),
              })
            : undefined;
        if (media) expect(media.statusCode, media.body).toBe(201);
        const outcome = await t.app.inject({
          method: 'POST',
          url: '/api/v1/outcomes',
          headers,
          payload: {
            courseId: course?.id,
            title,
            summary: '課堂作業',
            documentFileId: file.json().id,
            mediaFileId: media?.json().id,
          },
        });
        expect(outcome.statusCode, outcome.body).toBe(201);
        ids[title] = outcome.json().id;
      }
      // The previews (a PDF's first page as PNG) are made by the derivatives job.
      while (await runOneJob(t.db, t.app.background.jobHandlers)) {}
    });

    const queueItem = (page: Page, title: string) =>
      page.getByTestId('queue-item').filter({ hasText: title });

    it('draws the preview with the page’s proportions, and the viewer shows every page with previous/next', async () => {
      const teacher = await signIn('demo-teacher');
      await teacher.getByTestId('home-welcome').waitFor();
      await teacher.goto(`${base()}/certification`);
      const img = queueItem(teacher, '直式的作文').getByTestId('queue-preview');
      await img.waitFor();
      await expect
        .poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0))
        .toBe(true);
      const shape = await img.evaluate((i: HTMLImageElement) => {
        const r = i.getBoundingClientRect();
        return { natural: i.naturalWidth / i.naturalHeight, drawn: r.width / r.height, height: r.height };
      });
      expect(shape.natural).toBeCloseTo(849 / 1200, 2);
      expect(Math.abs(shape.drawn - shape.natural) / shape.natural).toBeLessThan(0.01);
      expect(shape.height).toBeLessThanOrEqual(360);

      // The viewer: all three pages of the report, drawn as they come into view.
      const order = await teacher
        .getByTestId('queue-item')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')));
      await queueItem(teacher, '三頁的報告').getByRole('button', { name: '檢視', exact: true }).click();
      const viewer = teacher.getByRole('dialog');
      await viewer.getByTestId('pdf-pages').waitFor();
      expect(await viewer.getByTestId('pdf-pages').getAttribute('data-pages')).toBe('3');
      const pages = viewer.getByTestId('pdf-page');
      expect(await pages.count()).toBe(3);
      for (let n = 0; n < 3; n++) {
        await pages.nth(n).scrollIntoViewIfNeeded();
        await viewer.locator(`[data-testid="pdf-page"][data-rendered="true"] >> nth=${n}`).waitFor();
      }
      const video = viewer.getByTestId('viewer-media');
      expect(await video.evaluate((v) => v.tagName)).toBe('VIDEO');
      const ranged = await video.evaluate(async (v: HTMLVideoElement) => {
        const res = await fetch(v.src, { headers: { range: 'bytes=0-99' } });
        return {
          status: res.status,
          range: res.headers.get('content-range'),
          size: (await res.arrayBuffer()).byteLength,
        };
      });
      expect(ranged).toMatchObject({ status: 206, size: 100 });
      expect(ranged.range).toMatch(/^bytes 0-99\/\d+$/);
      const at = order.indexOf(ids['三頁的報告'] as string);
      await viewer.getByText(`第 ${at + 1} / ${order.length} 件`).waitFor();
      await viewer.getByRole('button', { name: /下一件/ }).click();
      await viewer.getByText(`第 ${at + 2} / ${order.length} 件`).waitFor();
      await viewer.getByRole('button', { name: /上一件/ }).click();
      await viewer.getByRole('heading', { name: '三頁的報告' }).waitFor();
      // The same from the keyboard.
      await teacher.keyboard.press('ArrowRight');
      await viewer.getByText(`第 ${at + 2} / ${order.length} 件`).waitFor();
      await teacher.keyboard.press('ArrowLeft');
      await viewer.getByRole('heading', { name: '三頁的報告' }).waitFor();
      await teacher.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
    }, 120_000);

    it('P passes the focused item and the focus moves to the next one, not to the page', async () => {
      const teacher = await signIn('demo-teacher');
      await teacher.getByTestId('home-welcome').waitFor();
      await teacher.goto(`${base()}/certification`);
      const card = queueItem(teacher, '鍵盤通過的作業');
      await card.waitFor();
      const order = await teacher
        .getByTestId('queue-item')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')));
      const next = order[order.indexOf(ids['鍵盤通過的作業'] as string) + 1];
      expect(next).toBeTruthy();
      await card.focus();
      await teacher.keyboard.press('p');
      await card.waitFor({ state: 'detached' });
      const focused = await teacher.evaluate(() => ({
        testId: document.activeElement?.getAttribute('data-testid'),
        id: document.activeElement?.getAttribute('data-id'),
      }));
      expect(focused).toEqual({ testId: 'queue-item', id: next });
    }, 60_000);

    it('fails with a reason shown in the failed tab; the change inside the window keeps both decisions in the history', async () => {
      const teacher = await signIn('demo-teacher');
      await teacher.getByTestId('home-welcome').waitFor();
      await teacher.goto(`${base()}/certification`);
      const card = queueItem(teacher, '改判的作業');
      await card.focus();
      await teacher.keyboard.press('f');
      await card.getByTestId('fail-preset').click();
      await teacher.getByRole('option', { name: '上傳到錯誤的課程' }).click();
      await card.getByRole('button', { name: '確認不通過' }).click();
      await card.waitFor({ state: 'detached' });

      await teacher.getByText(/^認證未通過 \d+$/).click();
      const failed = queueItem(teacher, '改判的作業');
      await failed.getByText('不通過理由：上傳到錯誤的課程').waitFor();
      await failed.getByRole('button', { name: '檢視', exact: true }).click();
      const viewer = teacher.getByRole('dialog');
      await viewer.getByRole('button', { name: '改為通過' }).click();
      // The only failed item left the tab: the viewer closes.
      await viewer.waitFor({ state: 'detached' });

      await teacher.getByText(/^認證通過 \d+$/).click();
      await queueItem(teacher, '改判的作業').getByRole('button', { name: '檢視', exact: true }).click();
      const timeline = teacher.getByRole('dialog').getByTestId('outcome-timeline');
      await timeline.getByText('認證通過').waitFor();
      const text = await timeline.textContent();
      for (const step of ['上傳', '認證未通過', '理由：上傳到錯誤的課程', '認證通過'])
        expect(text).toContain(step);
      expect(text?.indexOf('認證未通過')).toBeLessThan(text?.lastIndexOf('認證通過') ?? -1);
    }, 60_000);

    it('select-all takes the filtered list, and the bulk decision names the count before it is made', async () => {
      const teacher = await signIn('demo-teacher');
      await teacher.getByTestId('home-welcome').waitFor();
      await teacher.goto(`${base()}/certification`);
      await teacher.getByTestId('queue-item').first().waitFor();
      // The course filter: this term's courses with class and code.
      await teacher.getByTestId('course-filter').click();
      const option = teacher.getByRole('option', { name: /^國語文.*｜電機二甲｜/ });
      const filtered = teacher.waitForResponse((r) =>
        r.url().includes('/api/v1/certification/queue?status=pending&courseId='),
      );
      await option.click();
      await filtered;
      await teacher.getByTestId('queue-item').first().waitFor();
      const listed = await teacher.getByTestId('queue-item').count();
      expect(listed).toBeGreaterThan(1);
      await teacher.getByLabel(`全選目前列出的 ${listed} 件`).check();
      await teacher.getByRole('button', { name: `所選 ${listed} 件通過` }).click();
      const dialog = teacher.getByRole('dialog');
      await dialog.getByText(`確定將 ${listed} 件課程學習成果認證通過？`).waitFor();
      await dialog.getByRole('button', { name: `確定通過 ${listed} 件` }).click();
      await dialog.waitFor({ state: 'detached' });
      await teacher.getByText('目前沒有資料').waitFor();
      await teacher.getByText(/^待認證 0$/).waitFor();
    }, 60_000);
  },
);
