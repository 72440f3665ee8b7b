/**
 * First pages of PDFs as PNGs, rendered in one worker thread (pdf-preview.worker.mjs): pdf.js is heavy
 * in time and memory, so it runs off the event loop with a capped heap, and the worker is let go when
 * idle. A PDF that cannot be rendered fails only its preview (the derivatives job), never the upload.
 */
import { createWorkerPool } from './worker-pool.js';

export interface PreviewRenderer {
  renderFirstPage(pdf: Buffer): Promise<Buffer>;
  close(): Promise<void>;
}

export function createPreviewRenderer(): PreviewRenderer {
  const pool = createWorkerPool<{ pdf: Uint8Array }, Uint8Array>(
    new URL('./pdf-preview.worker.mjs', import.meta.url),
    { size: 1, idleMs: 30_000, resourceLimits: { maxOldGenerationSizeMb: 128 } },
  );
  return {
    async renderFirstPage(pdf) {
      const png = await pool.run({ pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.length) });
      return Buffer.from(png.buffer, png.byteOffset, png.length);
    },
    close: pool.close,
  };
}
