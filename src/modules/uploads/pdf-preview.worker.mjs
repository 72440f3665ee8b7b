// Worker thread: the first page of a PDF as a PNG, for previews (pdf.js + a native canvas), off the
// server's event loop. No scripts run: evaluation is off and only the page content is drawn. Fonts come
// from pdf.js's own standard-font data. Plain JavaScript so that it loads the same way everywhere.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { createCanvas } from '@napi-rs/canvas';
import { checkStreamSizes, loadBounded } from './pdf-bounds.mjs';

const require = createRequire(import.meta.url);
const STANDARD_FONTS = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
/** Longest side of the rendered page, in pixels. */
const MAX_SIDE = 1200;
/** Images larger than this (pixels) are left out of the preview: pdf.js would decode them whole. */
const MAX_IMAGE_PIXELS = 4096 * 4096;

/**
 * pdf.js inflates whatever a stream holds into memory outside its heap limit: before it sees a PDF,
 * the same bounds the examiner applies at upload are checked (pdf-bounds.mjs), so a file stored before
 * they existed cannot make the renderer hold hundreds of MB either. Throws past them.
 */
async function checkBounds(pdf) {
  // Owner-password-only PDFs are accepted: their streams are checked decrypted (empty user password).
  const doc = await loadBounded(pdf, { password: '', updateMetadata: false });
  await checkStreamSizes(doc);
}

async function renderFirstPage(pdf) {
  await checkBounds(pdf);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: pdf,
    isEvalSupported: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    disableFontFace: true,
    standardFontDataUrl: STANDARD_FONTS,
    verbosity: 0,
  }).promise;
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(2, MAX_SIDE / Math.max(base.width, base.height));
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, viewport }).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ id, pdf }) => {
  try {
    const png = await renderFirstPage(pdf);
    parentPort.postMessage({ id, result: png }, [png.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, failure: String(e?.message ?? e) });
  }
});
