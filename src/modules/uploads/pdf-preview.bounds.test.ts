/**
 * The preview renderer is bounded like the examiner: a PDF bomb stored before the upload check existed
 * is refused before pdf.js inflates it, at a bounded cost in memory; ordinary PDFs still render.
 */
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfBomb, pdfWithLargeImage } from './bad-files.js';
import { createPreviewRenderer } from './pdf-preview.js';
import * as corpus from './test-corpus.js';

const renderer = createPreviewRenderer();
afterAll(() => renderer.close());

describe('PDF preview bounds', () => {
  it('an ordinary PDF, a scan-sized image and an owner-password-only PDF still render', async () => {
    const ownerPasswordOnly = await corpus.encryptedPdf({ userPassword: '' });
    for (const pdf of [await corpus.pdf(), await pdfWithLargeImage(2480, 3508), ownerPasswordOnly]) {
      const png = await renderer.renderFirstPage(pdf);
      expect((await sharp(png).metadata()).format).toBe('png');
    }
  });

  it('a page whose content inflates (Flate twice) to 320 MiB is refused, without holding it', async () => {
    const bomb = await pdfBomb(320);
    const start = process.memoryUsage.rss();
    let peak = start;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      await expect(renderer.renderFirstPage(bomb)).rejects.toThrow(/too complex/);
    } finally {
      clearInterval(timer);
    }
    expect((peak - start) / 1_048_576).toBeLessThan(150);
  }, 60_000);

  it('an owner-password-only bomb is checked decrypted and refused', async () => {
    const bomb = await corpus.encryptedPdf({ userPassword: '', source: await pdfBomb(100) });
    await expect(renderer.renderFirstPage(bomb)).rejects.toThrow(/too complex/);
  }, 60_000);
});
