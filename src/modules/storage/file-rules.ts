/**
 * Content-based file validation: the type comes from the bytes (magic numbers via file-type), never
 * from the name or the client's Content-Type.
 */
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../server/errors.js';

export type FileKind = 'pdf' | 'jpg' | 'png' | 'mp3' | 'mp4';

const MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

export const MB = 1_048_576;

/** Checks size and detected type; returns the detected MIME type. */
export async function checkFile(
  data: Buffer,
  rule: { kinds: FileKind[]; maxBytes: number },
): Promise<string> {
  const limitMb = rule.maxBytes / MB;
  if (data.length > rule.maxBytes) throw new AppError('FILE_TOO_LARGE', { limitMb });
  if (data.length === 0) throw new AppError('FILE_EMPTY');
  const detected = await fileTypeFromBuffer(data);
  const kind = (Object.entries(MIME) as [FileKind, string][]).find(
    ([, mime]) => mime === detected?.mime,
  )?.[0];
  if (!kind || !rule.kinds.includes(kind))
    throw new AppError('FILE_TYPE_NOT_ALLOWED', { kinds: rule.kinds.join('/') });
  return MIME[kind];
}
