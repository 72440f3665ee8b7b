/**
 * The repository's side of exchange authentication: which registered school signed this request. The
 * signature (exchange-auth.ts) covers the method, the path with its query, the time and the SHA-256 of
 * the body's bytes, so the exchange routes keep the raw body (`keepExchangeBody`) and check it against
 * central_schools.public_key of the school code the header names. A disabled or unknown school, a stale
 * time or a bad signature is a 401 (the same answer, so codes cannot be probed).
 */
import { createPublicKey } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/client.js';
import { centralSchools } from '../../db/schema/index.js';
import { AppError } from '../../server/errors.js';
import { type ExchangeAuthFailure, parseExchangeAuth, verifyExchangeRequest } from './exchange-auth.js';

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * In an exchange plugin's scope: JSON bodies are read as bytes (kept for the signature check) and then
 * parsed. Encapsulated, so the rest of the API keeps Fastify's own parser.
 */
export function keepExchangeBody(app: FastifyInstance) {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const buf = body as Buffer;
    rawBodies.set(request, buf);
    if (buf.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(buf.toString('utf8')));
    } catch {
      done(new AppError('VALIDATION_FAILED', { fields: 'body (JSON)' }), undefined);
    }
  });
}

const REASONS: Record<ExchangeAuthFailure | 'unknownSchool', [string, string]> = {
  malformed: ['簽章格式錯誤', 'malformed signature'],
  stale: ['請求時間與中央資料庫時間相差超過5分鐘', 'request time more than 5 minutes off'],
  badSignature: ['簽章不符或學校未註冊', 'bad signature or school not registered'],
  unknownSchool: ['簽章不符或學校未註冊', 'bad signature or school not registered'],
};

const refuse = (why: ExchangeAuthFailure | 'unknownSchool') => {
  const [reason, reasonEn] = REASONS[why];
  return new AppError('EXCHANGE_AUTH_INVALID', { reason, reasonEn });
};

export interface CentralSchool {
  id: string;
  code: string;
  name: string;
}

/**
 * The registered, enabled school whose key signed this request (receipts engineer's name for it; the
 * intake's equivalent can be merged into this one). `body` defaults to the bytes kept by
 * `keepExchangeBody` (raw zip routes pass their own).
 */
export async function centralSchoolOfRequest(
  db: DbOrTx,
  request: FastifyRequest,
  now: Date,
  body?: Buffer,
): Promise<CentralSchool> {
  const auth = parseExchangeAuth(request.headers.authorization);
  if (!auth) throw refuse('malformed');
  const [school] = await db.select().from(centralSchools).where(eq(centralSchools.code, auth.schoolCode));
  if (!school || school.disabledAt) throw refuse('unknownSchool');
  let publicKey: ReturnType<typeof createPublicKey>;
  try {
    publicKey = createPublicKey(school.publicKey);
  } catch {
    throw refuse('unknownSchool');
  }
  const failure = verifyExchangeRequest({
    auth,
    publicKey,
    method: request.method,
    path: request.url,
    body: body ?? rawBodies.get(request),
    now,
  });
  if (failure) throw refuse(failure);
  return { id: school.id, code: school.code, name: school.name };
}
