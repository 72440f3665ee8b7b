/**
 * Hostile and broken sample files for upload tests, built in the test: malformed PDFs, a PDF whose page
 * content inflates (Flate twice) to hundreds of MB, PNGs of a few hundred KB that decode to gigabytes.
 */
import { crc32, createDeflate, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from '@cantoo/pdf-lib';

const MiB = 1024 * 1024;

/** Deflates `total` bytes of `fill` without ever holding them: a small buffer written again and again. */
export async function deflateRepeated(total: number, fill: number, level = 9): Promise<Buffer> {
  const deflate = createDeflate({ level });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const chunk = Buffer.alloc(Math.min(total, 4 * MiB), fill);
  for (let left = total; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!deflate.write(part)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/**
 * A one-page PDF whose page content is `inflatedMiB` MiB of spaces, compressed with FlateDecode twice
 * (as the review's 993-byte, 320 MiB bomb), optionally inside an object stream instead of the page.
 */
export async function pdfBomb(inflatedMiB = 320): Promise<Buffer> {
  const once = await deflateRepeated(inflatedMiB * MiB, 0x20);
  const twice = deflateSync(once, { level: 9 });
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  const stream = PDFRawStream.of(
    doc.context.obj({ Filter: [PDFName.of('FlateDecode'), PDFName.of('FlateDecode')], Length: twice.length }),
    twice,
  );
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF whose one image (`width`×`height` RGB, all black) is behind a single FlateDecode. */
export async function pdfWithLargeImage(width: number, height: number): Promise<Buffer> {
  const pixels = await deflateRepeated(width * height * 3, 0);
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  const image = PDFRawStream.of(
    doc.context.obj({
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: height,
      ColorSpace: 'DeviceRGB',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
      Length: pixels.length,
    }),
    pixels,
  );
  const ref = doc.context.register(image);
  page.node.setXObject(PDFName.of('Im1'), ref);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Malformed PDFs that each start with %PDF and end with %%EOF (so they reach the parser). */
export const MALFORMED_PDFS: Record<string, Buffer> = {
  'header and EOF only': Buffer.from('%PDF-1.4\n%%EOF\n'),
  'trailer without objects': Buffer.from('%PDF-1.4\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  'catalog without pages': Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  ),
  'pages tree that is a number': Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n42\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  ),
  'root that is not a dictionary': Buffer.from(
    '%PDF-1.4\n1 0 obj\n(text)\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  ),
  'kids pointing nowhere': Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [9 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  ),
  'binary garbage': Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)),
    Buffer.from('\n%%EOF\n'),
  ]),
};

const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
};

/**
 * A valid PNG of `width`×`height` pixels (RGBA or RGB), all one colour, whose file is tiny: zlib
 * compresses the identical rows about a thousandfold. The decoded pixels are what cost memory.
 */
export async function bigPng(width: number, height: number, channels: 3 | 4 = 4): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 2; // RGBA or RGB
  // Each row: filter byte 0 and zero samples (transparent black or black).
  const idat = await deflateRepeated((width * channels + 1) * height, 0, 6);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
