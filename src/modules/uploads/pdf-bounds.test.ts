/**
 * The decoded sizes pdf-bounds.mjs counts without decoding must be the sizes a decoder really gives
 * (checked against pdf-lib's own decoders), or a bomb in another filter would slip through.
 */
import { deflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFContext, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { decodedSize, TooComplex } from './pdf-bounds.mjs';

/** LZW as PDF writes it: MSB first, 9–12-bit codes, EarlyChange 1, a clear code at the start. */
function lzwEncode(data: Buffer): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let width = 9;
  const emit = (code: number) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let table = new Map<number, number>();
  let next = 258;
  const reset = () => {
    emit(256);
    table = new Map();
    next = 258;
    width = 9;
  };
  reset();
  // The decoder adds each entry one code later than the encoder: the encoder widens when its next
  // code reaches the power of two (the decoder's next + EarlyChange does then).
  let prefix = -1;
  for (const byte of data) {
    if (prefix < 0) {
      prefix = byte;
      continue;
    }
    const hit = table.get(prefix * 256 + byte);
    if (hit !== undefined) {
      prefix = hit;
      continue;
    }
    emit(prefix);
    table.set(prefix * 256 + byte, next++);
    if (next >= 1 << width && width < 12) width++;
    if (next >= 4094) reset();
    prefix = byte;
  }
  if (prefix >= 0) emit(prefix);
  emit(257);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Buffer.from(out);
}

const context = PDFContext.create();
const stream = (filter: string | string[], contents: Buffer) =>
  PDFRawStream.of(
    context.obj({ Filter: Array.isArray(filter) ? filter.map((f) => PDFName.of(f)) : PDFName.of(filter) }),
    contents,
  );
const realSize = (s: PDFRawStream) => decodePDFRawStream(s).decode().length;

const text = Buffer.from('學習歷程 BT /F1 12 Tf (Licheng) Tj ET '.repeat(400));
const random = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 2654435761) >>> 24));

describe('decoded sizes', () => {
  it.each([
    ['FlateDecode', () => stream('FlateDecode', deflateSync(text))],
    ['LZWDecode (text)', () => stream('LZWDecode', lzwEncode(text))],
    ['LZWDecode (varied bytes)', () => stream('LZWDecode', lzwEncode(random))],
    ['ASCIIHexDecode', () => stream('ASCIIHexDecode', Buffer.from(`${random.toString('hex')}>`))],
    [
      'ASCIIHex then Flate',
      () => stream(['ASCIIHexDecode', 'FlateDecode'], Buffer.from(`${deflateSync(text).toString('hex')}>`)),
    ],
    ['Flate twice', () => stream(['FlateDecode', 'FlateDecode'], deflateSync(deflateSync(text)))],
    ['RunLengthDecode', () => stream('RunLengthDecode', Buffer.from([2, 65, 66, 67, 0xfe, 68, 128]))],
  ])('%s: counted as a decoder gives it', async (_name, make) => {
    const s = make();
    expect(await decodedSize(s.dict, s.contents, 64 * 1_048_576)).toBe(realSize(s));
  });

  it('past the bound: TooComplex for LZW and RunLength bombs as for Flate', async () => {
    const zeros = Buffer.alloc(8 * 1_048_576);
    const lzw = stream('LZWDecode', lzwEncode(zeros));
    expect(lzw.contents.length).toBeLessThan(zeros.length / 100);
    await expect(decodedSize(lzw.dict, lzw.contents, 1_048_576)).rejects.toBeInstanceOf(TooComplex);
    expect(await decodedSize(lzw.dict, lzw.contents, 16 * 1_048_576)).toBe(zeros.length);
    const runs = stream(
      'RunLengthDecode',
      Buffer.concat(Array.from({ length: 20_000 }, () => Buffer.from([129, 0]))),
    );
    await expect(decodedSize(runs.dict, runs.contents, 1_000_000)).rejects.toBeInstanceOf(TooComplex);
    const flate = stream('FlateDecode', deflateSync(zeros));
    await expect(decodedSize(flate.dict, flate.contents, 1_048_576)).rejects.toBeInstanceOf(TooComplex);
  });
});
