/**
 * Authentication of the school ↔ central-repository exchange API (`/api/v1/central/exchange/...`): every
 * request is signed with the school's Ed25519 signing key (the one that signs its packages), and the
 * repository checks it with the public key registered for that school code. No shared secret, nothing
 * to rotate apart from the key.
 *
 * Header: `Authorization: Licheng-Ed25519 school=<code>, ts=<ISO time>, sig=<base64>` where the signature
 * covers `METHOD\nPATH(with query)\nTS\nSHA-256(body) hex`. A request more than 5 minutes from the
 * repository's clock is refused (replays of an old request are useless after that; writes through the
 * exchange are idempotent, so a replay inside the window changes nothing).
 */
import { createHash, type KeyObject, sign, verify } from 'node:crypto';

export const EXCHANGE_SCHEME = 'Licheng-Ed25519';
export const EXCHANGE_MAX_SKEW_MS = 5 * 60 * 1000;

const bodyDigest = (body: Buffer | string | undefined) =>
  createHash('sha256')
    .update(body ?? '')
    .digest('hex');

const payload = (method: string, path: string, ts: string, body: Buffer | string | undefined) =>
  Buffer.from(`${method.toUpperCase()}\n${path}\n${ts}\n${bodyDigest(body)}`, 'utf8');

/** The Authorization header value for a request of school `schoolCode`. */
export function signExchangeRequest(input: {
  schoolCode: string;
  privateKey: KeyObject;
  method: string;
  path: string;
  body?: Buffer | string;
  now: Date;
}): string {
  const ts = input.now.toISOString();
  const sig = sign(null, payload(input.method, input.path, ts, input.body), input.privateKey).toString(
    'base64',
  );
  return `${EXCHANGE_SCHEME} school=${input.schoolCode}, ts=${ts}, sig=${sig}`;
}

export interface ParsedExchangeAuth {
  schoolCode: string;
  ts: string;
  sig: string;
}

/** Parses the header; null when it is not a well-formed exchange signature. */
export function parseExchangeAuth(header: string | undefined): ParsedExchangeAuth | null {
  if (!header?.startsWith(`${EXCHANGE_SCHEME} `)) return null;
  const fields = new Map<string, string>();
  for (const part of header.slice(EXCHANGE_SCHEME.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const schoolCode = fields.get('school');
  const ts = fields.get('ts');
  const sig = fields.get('sig');
  if (!schoolCode || !ts || !sig || !/^[0-9A-Za-z]{6}$/.test(schoolCode)) return null;
  return { schoolCode, ts, sig };
}

export type ExchangeAuthFailure = 'malformed' | 'stale' | 'badSignature';

/** Checks a parsed header against the school's public key; the reason when it fails. */
export function verifyExchangeRequest(input: {
  auth: ParsedExchangeAuth;
  publicKey: KeyObject;
  method: string;
  path: string;
  body?: Buffer | string;
  now: Date;
}): ExchangeAuthFailure | null {
  const at = Date.parse(input.auth.ts);
  if (Number.isNaN(at)) return 'malformed';
  if (Math.abs(input.now.getTime() - at) > EXCHANGE_MAX_SKEW_MS) return 'stale';
  let signature: Buffer;
  try {
    signature = Buffer.from(input.auth.sig, 'base64');
  } catch {
    return 'malformed';
  }
  const ok = verify(
    null,
    payload(input.method, input.path, input.auth.ts, input.body),
    input.publicKey,
    signature,
  );
  return ok ? null : 'badSignature';
}
