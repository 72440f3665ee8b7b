/**
 * Real sample files for upload tests: made by pdf-lib (encrypted by its fork @cantoo/pdf-lib) and sharp,
 * or assembled byte by byte.
 */
import { PDFDocument as Encrypting } from '@cantoo/pdf-lib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';

/**
 * A one-page PDF; `javascript` adds an open action running JavaScript, `launch` a launch action (as an
 * indirect object), `objectStreams` saves the objects compressed in object streams.
 */
export async function pdf(
  opts: { javascript?: boolean; launch?: boolean; objectStreams?: boolean } = {},
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText('Licheng', { x: 20, y: 100 });
  if (opts.javascript) {
    doc.catalog.set(
      PDFName.of('OpenAction'),
      doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert(1)') }),
    );
  }
  if (opts.launch) {
    const action = doc.context.register(
      doc.context.obj({ Type: 'Action', S: 'Launch', F: PDFString.of('calc.exe') }),
    );
    doc.catalog.set(PDFName.of('OpenAction'), action);
  }
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? false }));
}

/** A PDF padded (with a trailing comment, as incremental saves allow) to exactly `size` bytes. */
export async function pdfOfSize(size: number): Promise<Buffer> {
  const base = await pdf();
  const tail = Buffer.from('\n%%EOF\n');
  const padding = size - base.length - tail.length - 2;
  if (padding < 0) throw new Error('too small');
  return Buffer.concat([base, Buffer.from('\n%'), Buffer.alloc(padding, 0x41), tail]);
}

/**
 * An encrypted PDF. With a user password it cannot be opened without one; owner-password-only (the
 * usual "protected" PDF: no password to open, restrictions on editing) it opens for anyone.
 * `source` is the PDF to encrypt (default: the one-page PDF, JavaScript inside with `javascript`).
 */
export async function encryptedPdf(
  opts: {
    userPassword?: string;
    algorithm?: 'AES-256' | 'AES-128' | 'RC4-128';
    javascript?: boolean;
    source?: Buffer;
  } = {},
): Promise<Buffer> {
  const source = opts.source ?? (await pdf({ javascript: opts.javascript, objectStreams: true }));
  const doc = await Encrypting.load(source);
  doc.encrypt({
    userPassword: opts.userPassword ?? 'secret',
    ownerPassword: 'owner-only-edits',
    algorithm: opts.algorithm ?? 'AES-256',
    allowWeakCryptography: opts.algorithm === 'RC4-128',
    permissions: { printing: 'highResolution', modifying: false, copying: false },
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export const png = (w = 64, h = 48) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 10, g: 120, b: 90 } } })
    .png()
    .toBuffer();

/** A JPEG carrying EXIF with GPS coordinates, as phone photos do. */
export const jpegWithGps = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 0/1' },
    })
    .toBuffer();

/** A minimal but complete MP4: ftyp + moov/mvhd (2 s) + mdat. */
export function mp4(mdatBytes = 1024): Buffer {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const ftyp = box(
    'ftyp',
    Buffer.concat([
      Buffer.from('isom', 'latin1'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isommp41', 'latin1'),
    ]),
  );
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(2000, 16); // duration: 2 s
  mvhd.writeUInt32BE(0x00010000, 20); // rate
  mvhd.writeUInt16BE(0x0100, 24); // volume
  for (const [i, v] of [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].entries())
    mvhd.writeUInt32BE(v, 36 + i * 4);
  mvhd.writeUInt32BE(2, 96); // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat', Buffer.alloc(mdatBytes, 1))]);
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: `frames` frames of silence (26 ms each). */
export function mp3(frames = 80): Buffer {
  const frame = Buffer.alloc(417);
  frame.writeUInt32BE(0xfffb9064, 0);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}
