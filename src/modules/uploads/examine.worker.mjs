// Worker thread: the CPU-heavy part of accepting a received file, off the server's event loop — its
// SHA-256 and, for a PDF, parsing it with pdf-lib (@cantoo/pdf-lib: pdf-lib plus decryption) and looking
// for JavaScript and launch actions in it. Plain
// JavaScript so that it loads the same way under the server, the tests and the benchmarks. Reads are
// synchronous on purpose: this thread does nothing else, and libuv's shared threadpool is kept for the
// uploads still being received.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { EncryptedPDFError, PDFArray, PDFDict, PDFName, PDFStream } from '@cantoo/pdf-lib';
import { checkStreamSizes, loadBounded, PDF_BOUNDS, TooComplex } from './pdf-bounds.mjs';

const PDF_MAGIC = Buffer.from('%PDF');

/**
 * Flags JavaScript (/JS, /JavaScript, an action /S /JavaScript) and launch actions (/S /Launch) in the
 * parsed document: every indirect object, the direct dictionaries and arrays inside them, and stream
 * dictionaries — including objects that were compressed in object streams, which a scan of the raw
 * bytes would not see. Walks only the object graph (a few hundred objects), never the page content.
 */
function actionFlags(doc) {
  const flags = {};
  const nameOf = (o) => (o instanceof PDFName ? o.asString() : undefined);
  const visit = (obj, depth) => {
    if (depth > 64) return;
    const dict = obj instanceof PDFStream ? obj.dict : obj;
    if (dict instanceof PDFDict) {
      for (const [key, value] of dict.entries()) {
        const k = nameOf(key);
        const v = nameOf(value);
        if (k === '/JS' || k === '/JavaScript' || (k === '/S' && v === '/JavaScript'))
          flags.pdfJavaScript = true;
        if (k === '/S' && v === '/Launch') flags.pdfLaunchAction = true;
        visit(value, depth + 1);
      }
    } else if (dict instanceof PDFArray) {
      for (const value of dict.asArray()) visit(value, depth + 1);
    }
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj, 0);
  return flags;
}

const CHUNK = 1 << 20;
// One buffer per worker, reused for every file (grown when needed): reading creates no garbage, so the
// worker's memory stays flat however many files pass through it.
let buffer = Buffer.allocUnsafe(4 * CHUNK);

/**
 * Reads the whole file once for its digest and size. A PDF to be checked is kept in the buffer; anything
 * else is read chunk by chunk into its start.
 */
function readAndHash(file, keepPdf) {
  const hash = createHash('sha256');
  let size = 0;
  let isPdf = false;
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const at = isPdf ? size : 0;
      if (buffer.length - at < CHUNK) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, at);
        buffer = grown;
      }
      const n = readSync(fd, buffer, at, CHUNK, size);
      if (n === 0) break;
      if (size === 0)
        isPdf = keepPdf && n >= PDF_MAGIC.length && buffer.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC);
      hash.update(buffer.subarray(at, at + n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), size, pdf: isPdf ? buffer.subarray(0, size) : null };
}

/**
 * The verdict on a PDF: `{ isPdf: true, flags }` or `{ isPdf: true, error }`. Anything pdf-lib cannot
 * make sense of (no catalog, no pages, a broken cross-reference) is FILE_CORRUPT, never a failure of
 * the upload; streams that decode past the bounds (pdf-bounds.mjs) are FILE_TOO_COMPLEX.
 * Encryption: a PDF that opens without a password (an owner password only restricts editing or
 * copying) is decrypted with the empty user password and checked like any other — its decrypted
 * streams against the bounds, its decrypted objects for actions — and accepted; one that needs a
 * password to open (or uses a security handler other than the standard one) is FILE_ENCRYPTED:
 * nobody could read it in a packet.
 */
async function checkPdf(bytes) {
  // A complete PDF ends with %%EOF (allowing trailing whitespace); a truncated upload does not.
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF')) {
    return { isPdf: true, error: 'FILE_CORRUPT' };
  }
  try {
    let doc;
    try {
      doc = await loadBounded(bytes, { password: '', updateMetadata: false });
    } catch (e) {
      if (e instanceof TooComplex) throw e;
      return {
        isPdf: true,
        error: isEncryptionError(e) || declaresEncryption(bytes) ? 'FILE_ENCRYPTED' : 'FILE_CORRUPT',
      };
    }
    if (doc.isEncrypted) return { isPdf: true, error: 'FILE_ENCRYPTED' };
    if (doc.getPageCount() < 1) return { isPdf: true, error: 'FILE_CORRUPT' };
    await checkStreamSizes(doc);
    return { isPdf: true, flags: actionFlags(doc) };
  } catch (e) {
    if (e instanceof TooComplex)
      return { isPdf: true, error: 'FILE_TOO_COMPLEX', limitMb: (e.limit || PDF_BOUNDS.total) / 2 ** 20 };
    return { isPdf: true, error: 'FILE_CORRUPT' };
  }
}

/** pdf-lib's refusals of an encrypted file (its error classes do not survive its CJS/ESM split). */
const isEncryptionError = (e) =>
  e instanceof EncryptedPDFError || /encrypt|password|security handler/i.test(e?.message ?? '');

/** Whether the file's last trailer or cross-reference dictionary names an /Encrypt dictionary. */
function declaresEncryption(bytes) {
  return bytes.subarray(Math.max(0, bytes.length - 64 * 1024)).includes('/Encrypt');
}

/** `{ sha256, size, pdf }`: pdf is the verdict when PDFs were asked for and the file is one, else null. */
async function examine(file, pdf) {
  const read = readAndHash(file, pdf);
  return { sha256: read.sha256, size: read.size, pdf: read.pdf ? await checkPdf(read.pdf) : null };
}

// Several tasks may wait in this worker's inbox (the pool's `depth`): one at a time, in order — they
// share the one buffer, and pdf-lib's parsing yields between objects.
let chain = Promise.resolve();
parentPort.on('message', ({ id, file, pdf }) => {
  chain = chain.then(async () => {
    try {
      parentPort.postMessage({ id, result: await examine(file, pdf) });
    } catch (e) {
      parentPort.postMessage({ id, failure: String(e?.message ?? e) });
    }
  });
});
