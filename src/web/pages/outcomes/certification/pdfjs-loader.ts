/**
 * pdf.js for the document viewer, loaded only when a teacher opens a PDF (it is large). The legacy build
 * runs on the older browsers schools keep; its worker is a hashed asset of our own origin (CSP 'self').
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type { PDFDocumentProxy };

/** Largest image pdf.js will decode in a page (pixels), as the server's preview worker. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;
/** Largest canvas a page is drawn on (pixels): a page that claims to be huge is drawn smaller. */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

let loading: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

function pdfjs() {
  loading ??= Promise.all([
    import('pdfjs-dist/legacy/build/pdf.mjs'),
    import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url'),
  ]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return loading;
}

/**
 * Opens a PDF from its bytes. Nothing in it runs: no script evaluation, no XFA forms; images past the
 * bound are left out. The file already passed the upload's stream bounds (pdf-bounds.mjs).
 */
export async function openPdf(data: ArrayBuffer) {
  const lib = await pdfjs();
  return lib.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    enableXfa: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    verbosity: 0,
  });
}
