/**
 * tus's own refusals (an unknown upload, an offset conflict, a missing header, a failed write) come from
 * @tus/server as English text; every other error of the API is `{ code, message, requestId }` in the
 * client's language. `tusErrorResponse` (the server's `onResponseError`) gives them that shape; answers
 * our hooks already made (`fail` in tus.ts) pass through unchanged.
 */
import { ERRORS } from '@tus/utils';
import { isDiskFull } from '../../server/disk-full.js';
import { AppError, type ErrorCode, errorMessage, langOf } from '../../server/errors.js';

/** The request-id header our route sets on every request it hands to tus (tus.ts). */
const IDENTITY_HEADER = 'x-licheng-request';

type TusError = Error | { status_code: number; body: string };

/** tus's errors by their body text, onto our table. */
const BY_BODY = new Map<string, ErrorCode>([
  [ERRORS.FILE_NOT_FOUND.body, 'UPLOAD_NOT_FOUND'],
  [ERRORS.FILE_NO_LONGER_EXISTS.body, 'UPLOAD_NOT_FOUND'],
  [ERRORS.INVALID_OFFSET.body, 'UPLOAD_OFFSET_MISMATCH'],
  [ERRORS.ERR_SIZE_EXCEEDED.body, 'BODY_TOO_LARGE'],
  [ERRORS.ERR_MAX_SIZE_EXCEEDED.body, 'BODY_TOO_LARGE'],
]);

/** The body of an AppError as the rest of the API sends it. */
export function errorBody(req: Request, err: AppError): string {
  return JSON.stringify({
    code: err.code,
    message: errorMessage(err.code, langOf(req.headers.get('accept-language') ?? undefined), err.params),
    requestId: req.headers.get(IDENTITY_HEADER),
  });
}

export function tusErrorResponse(
  req: Request,
  err: TusError,
): { status_code: number; body: string } | undefined {
  if (isDiskFull(err)) {
    const full = new AppError('STORAGE_FULL');
    return { status_code: full.status, body: errorBody(req, full) };
  }
  const status = 'status_code' in err ? err.status_code : 500;
  const body = 'body' in err ? err.body : '';
  if (body.startsWith('{')) return undefined; // ours already
  const code = BY_BODY.get(body);
  if (code) {
    const known = new AppError(code);
    return { status_code: known.status, body: errorBody(req, known) };
  }
  // Anything else keeps tus's status; a client error names tus's reason, a server error stays generic.
  const appError =
    status < 500
      ? new AppError('UPLOAD_PROTOCOL_ERROR', { reason: body.trim() || String(status) })
      : new AppError('INTERNAL');
  return { status_code: status, body: errorBody(req, appError) };
}
