import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.data.js';
import { mp4, pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)('browser: the upload component', async () => {
  const { t, signIn, base } = await demoSchoolInBrowser();

  async function studentOnFiles(): Promise<Page> {
    const page = await signIn('demo-student', DEMO_PASSWORD, { width: 1100, height: 900 });
    await page.getByTestId('home-welcome').waitFor();
    await page.goto(`${base()}/files`);
    await page.getByTestId('upload-drop').waitFor();
    return page;
  }

  it('uploads a PDF, refuses a wrong file before sending, and resumes a large upload after a page reload', async () => {
    const page = await studentOnFiles();
    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: '學習單.pdf', mimeType: 'application/pdf', buffer: await pdf() });
    await page.getByText('已完成並保存').waitFor();
    await page.getByTestId('files-table').getByText('學習單.pdf').waitFor();

    let requests = 0;
    page.on('request', (r) => {
      if (r.url().includes('/uploads/tus')) requests++;
    });
    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByText('只接受 pdf/jpg/png 檔案，未上傳').waitFor();
    expect(requests).toBe(0);

    // A 9 MB video over a slow link: reload in the middle, pick the same file again, it continues.
    await page.getByText('課程學習成果影音').click();
    const video = mp4(9 * 1_048_576);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1_500_000,
    });
    const file = { name: '實作影片.mp4', mimeType: 'video/mp4', buffer: video };
    await page.getByTestId('upload-input').setInputFiles(file);
    const bar = page.getByTestId('upload-item').last().getByRole('progressbar');
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 })
      .toBeGreaterThan(20);
    await page.reload();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const methods: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/uploads/tus')) methods.push(r.method());
    });
    await page.getByText('課程學習成果影音').click();
    await page.getByTestId('upload-input').setInputFiles(file);
    await page.getByTestId('upload-item').last().getByText('已完成並保存').waitFor({ timeout: 30_000 });
    // It continued the upload the server already had (HEAD for the offset, then PATCH), not a new one.
    expect(methods[0]).toBe('HEAD');
    expect(methods).not.toContain('POST');
    await page.getByTestId('files-table').getByText('實作影片.mp4').waitFor();
    const own = await t.app.inject({
      url: '/api/v1/files',
      headers: { cookie: (await t.login('demo-student', DEMO_PASSWORD)).cookie },
    });
    const stored = own.json().find((f: { originalName: string }) => f.originalName === '實作影片.mp4');
    expect(stored).toMatchObject({ size: video.length, via: 'tus', durationSeconds: '2.00' });
  }, 90_000);

  it('shows 已完成並保存 only with a file id, never retries a refusal or a full disk, and says why', async () => {
    const page = await studentOnFiles();
    const patches: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/uploads/tus/') && r.method() === 'PATCH') patches.push(r.url());
    });
    const item = () => page.getByTestId('upload-item').last();

    // A file the server refuses by its content (a PDF that is not one): one PATCH, the server's reason.
    await page.getByTestId('upload-input').setInputFiles({
      name: '假的.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(3000, 1)]),
    });
    await item().getByText(/檔案/).waitFor();
    await page.waitForTimeout(1500);
    expect(patches).toHaveLength(1);
    await expect(item().getByText('已完成並保存').count()).resolves.toBe(0);

    // The server's disk is full (507): not sent again; the student is told plainly.
    await page.route('**/api/v1/uploads/tus/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 507,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'STORAGE_FULL', message: 'Insufficient Storage' }),
          })
        : route.fallback(),
    );
    patches.length = 0;
    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: '滿了.pdf', mimeType: 'application/pdf', buffer: await pdf() });
    await item().getByText('伺服器儲存空間不足，檔案未保存。請稍後再試；若持續發生，請通知學校。').waitFor();
    await page.waitForTimeout(1500);
    expect(patches).toHaveLength(1);
    await page.unroute('**/api/v1/uploads/tus/*');

    // An answer that every byte is there but names no file (what a server stopped between the last byte
    // and recording it used to say): not shown as saved.
    await page.route('**/api/v1/uploads/tus/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['licheng-file-id'];
      return route.fulfill({ response, headers });
    });
    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: '未確認.pdf', mimeType: 'application/pdf', buffer: await pdf() });
    await item().getByText('伺服器未確認已保存此檔案，請重新上傳。').waitFor();
    await expect(item().getByText('已完成並保存').count()).resolves.toBe(0);
  }, 60_000);
});
