/**
 * How the upload component reads a failed or finished tus request: whether to send again, what to tell
 * the student, and whether the file was really saved.
 */

/**
 * Whether a failed request is worth sending again. Yes: no answer at all (the connection), 409 and 423
 * (tus: the offsets disagree or the upload is locked by the request a dropped connection left; the
 * retry asks the server where to resume), 429 (too many requests: later), and server errors that may
 * pass (500, 502, 503, 504: a restart, a proxy). No: any other 4xx (the server refused these bytes;
 * the same bytes get the same answer, and each retry may send the whole file again) and 507 (the
 * server's disk is full: sending again only fills the link; the student is told to try later).
 */
export function shouldRetryUpload(status: number): boolean {
  if (status === 0) return true;
  if (status === 409 || status === 423 || status === 429) return true;
  if (status === 507) return false;
  return status >= 500;
}

/** The server's `{ message }` from an answer's body, if it has one. */
function messageOf(body: string | undefined): string | undefined {
  try {
    const message = (JSON.parse(body ?? '') as { message?: unknown }).message;
    return typeof message === 'string' && message ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What to show for a failure: for a full disk (507) always the same clear sentence (the file was not
 * saved; try later); otherwise the server's message naming the rule (in the page's language, from
 * Accept-Language), or, without one, a generic sentence with the status.
 */
export function failureMessage(
  status: number,
  body: string | undefined,
  t: (key: string, params?: Record<string, unknown>) => string,
): string {
  if (status === 507) return t('uploadErrors.diskFull');
  return messageOf(body) ?? (status ? t('uploadErrors.refused', { status }) : t('upload.failed'));
}
