/**
 * Images as served to anyone but their owner: re-encoded, orientation applied, without metadata.
 * sharp writes no metadata unless asked, so EXIF, GPS and XMP are gone from the result.
 */
import sharp, { type SharpOptions } from 'sharp';

export function withoutMetadata(
  source: Buffer,
  format: 'png' | 'jpeg',
  input?: SharpOptions,
): Promise<Buffer> {
  return sharp(source, input).rotate().toFormat(format).toBuffer();
}

/** A stream's bytes (small files: images are at most a few MB). */
export async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
