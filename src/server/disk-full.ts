/**
 * A full disk (or a used-up quota of the file system) is the server's problem, not the student's: it is
 * answered STORAGE_FULL (507, "try again later") wherever it surfaces — while a body is written, when a
 * blob is stored, in tus — instead of "your upload was incomplete" or a generic 500.
 */
const FULL = new Set(['ENOSPC', 'EDQUOT']);

/** True when `e`, or an error it wraps (`cause`), is a file system out of space. */
export function isDiskFull(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && FULL.has(code)) return true;
  return isDiskFull((e as { cause?: unknown }).cause, depth + 1);
}
