/**
 * Decoding an image costs memory by its pixels, not by its file size: a 1 MB PNG of 16000×16000 RGBA
 * pixels is 1 GB decoded, and four of them at once took the server from 357 MB to 3.8 GB and held
 * libuv's threadpool (which also writes everyone's uploads to disk) for two minutes. So an image is
 * judged from its header (width × height × channels, read without decoding) before any decode:
 * - past `maxDecodeBytes` it is refused (FILE_TOO_COMPLEX), and sharp's `limitInputPixels` is set to
 *   the same number of pixels as a second line;
 * - past `largeDecodeBytes` it is decoded alone: one large decode at a time, in arrival order;
 * - all decodes together are at most `concurrent`, so the threadpool always has threads for file I/O.
 */
import { MB } from '../../domain/upload-purposes.js';
import { AppError } from '../../server/errors.js';

export const IMAGE_LIMITS = {
  /** Decoded bytes of one image at most: a 108-megapixel phone photo in RGB (12000×9000×3) fits. */
  maxDecodeBytes: 384 * MB,
  /** Decoded bytes above which an image is decoded alone (4000×4000 RGB). */
  largeDecodeBytes: 48 * MB,
  /** Pixels at most, for sharp's `limitInputPixels`: the decode budget at 3 channels. */
  maxPixels: Math.floor((384 * MB) / 3),
  /** Image decodes at once (of libuv's 4 threads, the others stay free for file I/O). */
  concurrent: 2,
} as const;

export interface ImageHeader {
  width?: number;
  height?: number;
  /** Channels as decoded (3 for RGB, 4 with alpha); at least 3 is assumed (sharp decodes to RGB). */
  channels?: number;
}

/** Decoded size in bytes of an image from its header. */
export const decodedBytes = (h: ImageHeader): number =>
  (h.width ?? 0) * (h.height ?? 0) * Math.max(3, h.channels ?? 3);

/** Throws FILE_TOO_COMPLEX for an image whose decoded pixels would exceed the budget. */
export function checkImageBudget(h: ImageHeader): void {
  if (
    decodedBytes(h) > IMAGE_LIMITS.maxDecodeBytes ||
    (h.width ?? 0) * (h.height ?? 0) > IMAGE_LIMITS.maxPixels
  )
    throw new AppError('FILE_TOO_COMPLEX', { limit: `${IMAGE_LIMITS.maxDecodeBytes / MB} MB` });
}

/** At most `limit` tasks at once; the rest wait in order. */
export function semaphore(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export type ImageDecoder = <T>(header: ImageHeader, task: () => Promise<T>) => Promise<T>;

/** Runs decodes within the budget: refused past it, large ones one at a time, all a few at once. */
export function createImageDecoder(limits: typeof IMAGE_LIMITS = IMAGE_LIMITS): ImageDecoder {
  const large = semaphore(1);
  const any = semaphore(limits.concurrent);
  return (header, task) => {
    checkImageBudget(header);
    return decodedBytes(header) > limits.largeDecodeBytes ? large(() => any(task)) : any(task);
  };
}
