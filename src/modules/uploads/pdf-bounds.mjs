// How many bytes a PDF's streams decode to, counted without keeping them: a few hundred bytes of
// FlateDecode (twice) can inflate to hundreds of MB, which a viewer or our preview renderer would then
// hold in memory. The examiner refuses a PDF whose streams decode past these bounds (FILE_TOO_COMPLEX).
// Plain JavaScript: it runs in the examiner's worker thread (examine.worker.mjs).
import { createInflate, inflateSync, constants as zlib } from 'node:zlib';
import {
  PDFArray,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectStreamParser,
  PDFRawStream,
} from '@cantoo/pdf-lib';

const MiB = 1024 * 1024;
export const PDF_BOUNDS = {
  /** One image stream, decoded (the pixels of a 300 dpi A4 colour scan are 26 MB). */
  imageStream: 64 * MiB,
  /** Any other stream (page content, fonts, forms), decoded. */
  stream: 32 * MiB,
  /** All streams of the file together, decoded. */
  total: 256 * MiB,
};

/** Thrown when a stream decodes past its bound (`limit`, bytes, when known); the examiner answers FILE_TOO_COMPLEX. */
export class TooComplex extends Error {
  constructor(limit = 0) {
    super('too complex');
    this.limit = limit;
  }
}

const FLATE = new Set(['/FlateDecode', '/Fl']);
const LZW = new Set(['/LZWDecode', '/LZW']);
const RUN_LENGTH = new Set(['/RunLengthDecode', '/RL']);
const HEX = new Set(['/ASCIIHexDecode', '/AHx']);
const A85 = new Set(['/ASCII85Decode', '/A85']);

/** The filter names of a stream dictionary, in order. */
export function filtersOf(dict) {
  const f = dict.lookup(PDFName.of('Filter'));
  if (f instanceof PDFName) return [f.asString()];
  if (f instanceof PDFArray) return f.asArray().map((x) => (x instanceof PDFName ? x.asString() : ''));
  return [];
}

function earlyChangeOf(dict, index) {
  let parms = dict.lookup(PDFName.of('DecodeParms'));
  if (parms instanceof PDFArray) parms = parms.lookup(index);
  const v = parms?.lookup?.(PDFName.of('EarlyChange'));
  return v instanceof PDFNumber ? v.asNumber() : 1;
}

/** ASCIIHexDecode (the output is half the input: materialised). */
function hexDecode(bytes) {
  const out = Buffer.alloc(Math.ceil(bytes.length / 2));
  let n = 0;
  let high = -1;
  for (const b of bytes) {
    if (b === 0x3e) break; // '>'
    const v =
      b >= 0x30 && b <= 0x39 ? b - 0x30 : (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 ? (b | 0x20) - 0x57 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high << 4;
  return out.subarray(0, n);
}

/** ASCII85Decode (the output is at most 4/5 of the input, 'z' aside: bounded by `limit`). */
function a85Decode(bytes, limit) {
  const out = [];
  let size = 0;
  const group = [];
  const push = (buf) => {
    size += buf.length;
    if (size > limit) throw new TooComplex();
    out.push(buf);
  };
  const flush = (count) => {
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const d of group) v = v * 85 + d;
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    push(b.subarray(0, count));
    group.length = 0;
  };
  for (const c of bytes) {
    if (c === 0x7e) break; // '~>'
    if (c === 0x7a && group.length === 0) push(Buffer.alloc(4));
    else if (c >= 0x21 && c <= 0x75) {
      group.push(c - 0x21);
      if (group.length === 5) flush(4);
    }
  }
  if (group.length > 1) flush(group.length - 1);
  return Buffer.concat(out);
}

/** Inflates wholly, up to `limit` bytes (for a stage whose output another filter decodes). */
function inflateBounded(bytes, limit) {
  try {
    return inflateSync(bytes, { maxOutputLength: limit, finishFlush: zlib.Z_SYNC_FLUSH });
  } catch (e) {
    if (e?.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new TooComplex();
    return Buffer.alloc(0); // damaged data: viewers give up on it too
  }
}

/** Counts what inflating `bytes` gives, in chunks never kept, stopping past `limit`. */
function inflatedSize(bytes, limit) {
  return new Promise((resolve, reject) => {
    const inflate = createInflate({ finishFlush: zlib.Z_SYNC_FLUSH });
    let size = 0;
    let done = false;
    const end = (fn) => {
      if (done) return;
      done = true;
      inflate.destroy();
      fn();
    };
    inflate.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) end(() => reject(new TooComplex()));
    });
    // Damaged data: what inflated before the damage counts (a viewer decodes that much too).
    inflate.on('error', () => end(() => resolve(size)));
    inflate.on('end', () => end(() => resolve(size)));
    inflate.end(bytes);
  });
}

/** What LZWDecode gives, counted from the code lengths alone (each code's string is one longer than its prefix's). */
function lzwSize(bytes, earlyChange, limit) {
  const lengths = new Uint32Array(4096);
  lengths.fill(1, 0, 256);
  let bits = 0;
  let buffer = 0;
  let at = 0;
  let width = 9;
  let next = 258;
  let prev = -1;
  let size = 0;
  for (;;) {
    while (bits < width) {
      if (at >= bytes.length) return size;
      buffer = ((buffer << 8) | bytes[at++]) >>> 0;
      bits += 8;
    }
    const code = (buffer >>> (bits - width)) & ((1 << width) - 1);
    bits -= width;
    buffer &= (1 << bits) - 1;
    if (code === 256) {
      width = 9;
      next = 258;
      prev = -1;
      continue;
    }
    if (code === 257) return size;
    let len;
    if (code < 256 || (code >= 258 && code < next)) len = lengths[code];
    else if (code === next && prev >= 0) len = lengths[prev] + 1;
    else return size; // damaged
    size += len;
    if (size > limit) throw new TooComplex();
    if (prev >= 0 && next < 4096) lengths[next++] = lengths[prev] + 1;
    prev = code;
    if (next + earlyChange >= 1 << width && width < 12) width++;
  }
}

/** What RunLengthDecode gives, counted from its length bytes. */
function runLengthSize(bytes, limit) {
  let size = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = bytes[i];
    if (n === 128) break;
    if (n < 128) {
      size += n + 1;
      i += n + 2;
    } else {
      size += 257 - n;
      i += 2;
    }
    if (size > limit) throw new TooComplex();
  }
  return size;
}

/**
 * The decoded size of one stream (its dictionary and raw bytes), or TooComplex past `limit`. Stages
 * whose output another filter decodes are materialised (bounded by `limit`); the last decompressing
 * stage is only counted. Image codecs (DCT, JPX, CCITT, JBIG2) count as their raw size: the renderer
 * bounds their pixels.
 */
export async function decodedSize(dict, raw, limit) {
  const filters = filtersOf(dict);
  let bytes = raw;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i];
    const last = i === filters.length - 1;
    if (HEX.has(f)) bytes = hexDecode(bytes);
    else if (A85.has(f)) bytes = a85Decode(bytes, limit);
    else if (FLATE.has(f)) {
      if (last) return inflatedSize(bytes, limit);
      bytes = inflateBounded(bytes, limit);
    } else if (LZW.has(f) || RUN_LENGTH.has(f)) {
      const size = LZW.has(f) ? lzwSize(bytes, earlyChangeOf(dict, i), limit) : runLengthSize(bytes, limit);
      // Only ever seen last; decoding them further is not worth supporting.
      if (!last) throw new TooComplex();
      return size;
    } else break; // image codecs and unknown filters
  }
  return bytes.length;
}

/**
 * Object streams are decoded by pdf-lib while it parses: the same bound is checked before it decodes
 * one (synchronously, as its parser asks). Returns a check for pdf-lib's `PDFObjectStreamParser.forStream`.
 */
export function boundedObjectStreamSize(dict, raw) {
  let bytes = raw;
  for (const f of filtersOf(dict)) {
    if (FLATE.has(f)) bytes = inflateBounded(bytes, PDF_BOUNDS.stream);
    else if (HEX.has(f)) bytes = hexDecode(bytes);
    else if (A85.has(f)) bytes = a85Decode(bytes, PDF_BOUNDS.stream);
    else throw new TooComplex();
  }
  return bytes.length;
}

// pdf-lib decodes object streams while it parses: each is checked against the bound first. pdf-lib
// may skip an object it could not parse, so the refusal is also remembered for the file being loaded
// (one at a time per worker).
let objectStreamRefused = false;
const forStream = PDFObjectStreamParser.forStream.bind(PDFObjectStreamParser);
PDFObjectStreamParser.forStream = (raw, ...rest) => {
  try {
    boundedObjectStreamSize(raw.dict, raw.contents);
  } catch (e) {
    if (!(e instanceof TooComplex)) throw e;
    objectStreamRefused = true;
    throw new TooComplex(PDF_BOUNDS.stream);
  }
  return forStream(raw, ...rest);
};

/** `PDFDocument.load` with object streams bounded: TooComplex past the bound, pdf-lib's errors else. */
export async function loadBounded(bytes, options) {
  objectStreamRefused = false;
  let doc;
  try {
    doc = await PDFDocument.load(bytes, options);
  } catch (e) {
    throw e instanceof TooComplex || objectStreamRefused ? new TooComplex(PDF_BOUNDS.stream) : e;
  }
  if (objectStreamRefused) throw new TooComplex(PDF_BOUNDS.stream);
  return doc;
}

/** Every stream of the document, decoded and counted (never kept): TooComplex past the bounds. */
export async function checkStreamSizes(doc) {
  let total = 0;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const image = obj.dict.lookup(PDFName.of('Subtype')) === PDFName.of('Image');
    const own = image ? PDF_BOUNDS.imageStream : PDF_BOUNDS.stream;
    const bound = Math.min(own, PDF_BOUNDS.total - total);
    try {
      total += await decodedSize(obj.dict, obj.contents, bound);
    } catch (e) {
      throw e instanceof TooComplex ? new TooComplex(bound < own ? PDF_BOUNDS.total : own) : e;
    }
  }
  return total;
}
