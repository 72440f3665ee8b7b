import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDiskFull } from './disk-full.js';
import { AppError, ERRORS, type ErrorCode, errorMessage, type Lang, langOf } from './errors.js';

/** Fastify's own error codes that are the client's fault, mapped onto our table. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/**
 * A form's problems (`[{ code, params }]`, each a code of the table) get their messages in the client's
 * language, so the client can show every broken rule at once; other details pass unchanged.
 */
function withMessages(details: unknown, lang: Lang): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) => {
    if (!d || typeof d !== 'object' || 'message' in d) return d;
    const { code, params } = d as { code?: unknown; params?: Record<string, string | number> };
    if (typeof code !== 'string' || !(code in ERRORS)) return d;
    return { ...d, message: errorMessage(code as ErrorCode, lang, params ?? {}) };
  });
}

/** Sends `{ code, message, requestId, details? }` in the client's language. */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const lang = langOf(request.headers['accept-language']);
  return reply.status(err.status).send({
    code: err.code,
    message: errorMessage(err.code, lang, err.params),
    requestId: request.id,
    ...(err.details === undefined ? {} : { details: withMessages(err.details, lang) }),
  });
}

function toAppError(error: FastifyError | Error): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError).validationContext ?? 'body';
    const details = error.validation.map((v) => ({
      field: `${context}${v.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
      rule: v.keyword,
      message: v.message,
    }));
    return new AppError('VALIDATION_FAILED', { fields: details.map((d) => d.field).join(', ') }, details);
  }
  const code = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
  if (code === 'VALIDATION_FAILED') return new AppError(code, { fields: 'body' });
  if (code) return new AppError(code);
  if ('statusCode' in error && error.statusCode === 429) return new AppError('RATE_LIMITED');
  if (isDiskFull(error)) return new AppError('STORAGE_FULL');
  if ('code' in error && (error.code === 'ECONNREFUSED' || error.code === '57P01')) {
    return new AppError('DATABASE_UNAVAILABLE');
  }
  return null;
}

/** The one handler: known errors are presented from the table, anything else is a generic 500. */
export function registerErrorHandler(
  app: FastifyInstance,
  opts: { spaFallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null } = {},
): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendError(request, reply, known);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ issues: error.cause.issues, url: error.url }, 'response does not match its schema');
    } else {
      // Log the error type and stack only: messages from drivers can echo personal data in SQL parameters.
      request.log.error(
        { errName: error.name, errCode: (error as FastifyError).code, stack: error.stack },
        'unhandled',
      );
    }
    return sendError(request, reply, new AppError('INTERNAL'));
  });
  app.setNotFoundHandler(
    (request, reply) =>
      opts.spaFallback?.(request, reply) ?? sendError(request, reply, new AppError('NOT_FOUND')),
  );
}
