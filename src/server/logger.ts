import type { FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs without personal data: requests are logged as method + path (no query
 * string, which can hold names or student numbers), no IP, no headers; secrets are redacted
 * wherever they appear.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        'nationalId',
        '*.nationalId',
        'cookie',
        '*.cookie',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
      res: (res: FastifyReply) => ({ statusCode: res.statusCode }),
    },
  });
}
