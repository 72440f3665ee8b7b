/**
 * Validation by content (never by name or client MIME): the magic bytes must be an allowed kind, and the
 * file must actually be one — images decode, PDFs parse (and are not encrypted), media parse with a
 * duration, MP4 box structure is complete. Each failure names its rule.
 */
import fs from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { parseFile } from 'music-metadata';
import sharp, { type Metadata } from 'sharp';
import {
  type FileKind,
  KIND_EXTENSIONS,
  KIND_MIME,
  MB,
  type UploadRule,
} from '../../domain/upload-purposes.js';
import { AppError } from '../../server/errors.js';
import type { PdfVerdict } from './examiner.js';
import { IMAGE_LIMITS, type ImageDecoder } from './image-budget.js';

export interface Inspected {
  kind: FileKind;
  mime: string;
  width?: number;
  height?: number;
  durationSeconds?: number;
  flags: Record<string, boolean>;
}

const kindOfMime = (mime: string | undefined): FileKind | undefined =>
  (Object.entries(KIND_MIME) as [FileKind, string][]).find(([, m]) => m === mime)?.[0];

/**
 * MP4 structure: the top-level boxes must tile the file exactly (a truncated upload does not) and the
 * movie header (moov/mvhd) gives the duration. Only box headers and the moov box are read.
 */
async function mp4Duration(file: string, size: number): Promise<number | null> {
  const handle = await fs.open(file, 'r');
  try {
    let offset = 0;
    let duration: number | null = null;
    const head = Buffer.alloc(16);
    while (offset < size) {
      const { bytesRead } = await handle.read(head, 0, 16, offset);
      if (bytesRead < 8) return null;
      let boxSize = head.readUInt32BE(0);
      let headerSize = 8;
      const type = head.toString('latin1', 4, 8);
      if (boxSize === 1) {
        if (bytesRead < 16) return null;
        boxSize = Number(head.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) {
        boxSize = size - offset;
      }
      if (boxSize < headerSize || offset + boxSize > size) return null;
      if (type === 'moov' && boxSize <= 64 * MB) {
        const moov = Buffer.alloc(boxSize - headerSize);
        await handle.read(moov, 0, moov.length, offset + headerSize);
        duration = mvhdDuration(moov);
      }
      offset += boxSize;
    }
    return offset === size ? duration : null;
  } finally {
    await handle.close();
  }
}

/** Duration in seconds from the mvhd box inside a moov body (version 0 or 1). */
function mvhdDuration(moov: Buffer): number | null {
  let at = 0;
  while (at + 8 <= moov.length) {
    const size = moov.readUInt32BE(at);
    if (size < 8) return null;
    if (moov.toString('latin1', at + 4, at + 8) === 'mvhd') {
      const body = moov.subarray(at + 8, at + size);
      const v1 = body[0] === 1;
      const timescale = v1 ? body.readUInt32BE(20) : body.readUInt32BE(12);
      const units = v1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16);
      return timescale > 0 ? units / timescale : null;
    }
    at += size;
  }
  return null;
}

/**
 * An image is judged from its header first (image-budget.ts: refused past the memory budget, large ones
 * decoded one at a time), then decoded whole: a header alone does not prove the image is whole.
 */
async function inspectImage(file: string, decode: ImageDecoder) {
  const open = () => sharp(file, { failOn: 'truncated', limitInputPixels: IMAGE_LIMITS.maxPixels });
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('FILE_CORRUPT');
  }
  const bytesPerSample = meta.depth === 'ushort' ? 2 : 1;
  return decode(
    { width: meta.width, height: meta.height, channels: (meta.channels ?? 3) * bytesPerSample },
    async () => {
      try {
        await open().stats();
      } catch {
        throw new AppError('FILE_CORRUPT');
      }
      return { width: meta.width, height: meta.height, flags: {} };
    },
  );
}

async function inspectMedia(file: string, kind: 'mp3' | 'mp4', size: number) {
  if (kind === 'mp4') {
    const duration = await mp4Duration(file, size).catch(() => null);
    if (!duration || duration <= 0) throw new AppError('FILE_CORRUPT');
    return { durationSeconds: Math.round(duration * 100) / 100, flags: {} };
  }
  try {
    const meta = await parseFile(file, { duration: true, skipCovers: true });
    const duration = meta.format.duration;
    if (!duration || !Number.isFinite(duration) || duration <= 0) throw new Error('no duration');
    return { durationSeconds: Math.round(duration * 100) / 100, flags: {} };
  } catch {
    throw new AppError('FILE_CORRUPT');
  }
}

/**
 * Checks a received file against a purpose's rule; returns what was learnt, or throws the broken rule.
 * Where PDFs are allowed, the examiner (worker threads) has already recognised and checked a PDF
 * (`pdf`), which also spares file-type's scan of up to 10 MB of a PDF for an Illustrator marker.
 */
export async function inspectFile(
  file: string,
  size: number,
  rule: UploadRule,
  deps: {
    pdf: PdfVerdict | null;
    bounded: <T>(task: () => Promise<T>) => Promise<T>;
    /** Image decodes within the memory budget (image-budget.ts). */
    images: ImageDecoder;
  },
): Promise<Inspected> {
  if (size === 0) throw new AppError('FILE_EMPTY');
  if (size > rule.maxBytes) throw new AppError('FILE_TOO_LARGE', { limitMb: rule.maxBytes / MB });
  if (deps.pdf && rule.kinds.includes('pdf')) {
    if (deps.pdf.error === 'FILE_TOO_COMPLEX')
      throw new AppError('FILE_TOO_COMPLEX', { limit: `${deps.pdf.limitMb} MB` });
    if (deps.pdf.error) throw new AppError(deps.pdf.error);
    return { kind: 'pdf', mime: KIND_MIME.pdf, flags: deps.pdf.flags };
  }
  const detected = await fileTypeFromFile(file);
  const kind = kindOfMime(detected?.mime);
  if (!kind || !rule.kinds.includes(kind)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', { kinds: rule.kinds.join('/') });
  }
  const mime = KIND_MIME[kind];
  // A PDF the examiner did not recognise (no %PDF at the start) is not one.
  if (kind === 'pdf') throw new AppError('FILE_CORRUPT');
  // Decoding a whole image takes memory by its pixels: within the budget (`images`).
  if (kind === 'jpg' || kind === 'png') return { kind, mime, ...(await inspectImage(file, deps.images)) };
  return { kind, mime, ...(await deps.bounded(() => inspectMedia(file, kind, size))) };
}

/** File names: no path parts, control characters or bidi overrides; at most 200 characters. */
export function checkFileName(name: string): string {
  const normalised = name.normalize('NFC').trim();
  const forbidden = [...normalised].some((ch) => {
    const c = ch.codePointAt(0) as number;
    // Path separators, C0 controls and DEL, and the bidi marks/overrides that disguise extensions.
    return (
      ch === '/' ||
      ch === '\\' ||
      c < 0x20 ||
      c === 0x7f ||
      c === 0x200e ||
      c === 0x200f ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    );
  });
  if (forbidden || normalised === '' || /^\.+$/.test(normalised)) {
    throw new AppError('FILE_NAME_INVALID');
  }
  if ([...normalised].length > 200) throw new AppError('FILE_NAME_TOO_LONG', { max: 200 });
  return normalised;
}

/**
 * The name a file is kept and downloaded under: its extension is the detected type's. A PDF sent as
 * `homework.pdf.exe` becomes `homework.pdf`, a PNG sent as `scan` becomes `scan.png`, a JPEG sent as
 * `photo.png` becomes `photo.jpg`. Only a last part that looks like an extension (1–5 letters or
 * digits, at least one letter) is replaced; `第1.2版` keeps its dot and gets `.pdf`.
 */
export function nameForKind(name: string, kind: FileKind): string {
  const extensions = KIND_EXTENSIONS[kind];
  const hasOne = (n: string) => extensions.some((e) => n.toLowerCase().endsWith(e) && n.length > e.length);
  if (hasOne(name)) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  const base = /^[A-Za-z0-9]{1,5}$/.test(ext) && /[A-Za-z]/.test(ext) ? name.slice(0, dot) : name;
  return hasOne(base) ? base : `${base}${extensions[0]}`;
}
