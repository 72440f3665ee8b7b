/**
 * Issuing, revoking and publishing credentials. A teacher's pass decision issues the outcome's
 * certification credential (school key); a later fail decision or a withdrawal revokes it (its bit in
 * the school's status list). Receipts get the repository's credential on demand. Issuers' public keys
 * and status lists are public documents.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db/client.js';
import { type SigningKey, signingKeyOf } from '../submissions/signing.js';
import * as repo from './provenance.repo.js';
import { repositoryKeyOf, repositoryPublicKeyOf } from './repository-key.js';
import { statusListCredential } from './status-list.js';
import {
  type Evidence,
  issuerUrl,
  outcomeCredential,
  publicJwkOf,
  REPOSITORY_CODE,
  receiptCredential,
  signCredential,
  statusListUrl,
} from './vc.js';

export interface ProvenanceDeps {
  /** The server's secret (the keys' passphrases derive from it). */
  secret: string;
  /** Where issuers and status lists are published (config PUBLIC_URL). */
  baseUrl: string;
  now: () => Date;
}

export const REPOSITORY_NAME = '學習歷程資料庫 Licheng repository';

/**
 * Issues a credential for each outcome's current pass decision (those not passed are skipped): one
 * read of the outcomes, one key per school, one insert.
 */
export async function issueOutcomeCredentials(db: DbOrTx, outcomeIds: string[], deps: ProvenanceDeps) {
  const passed = (await repo.outcomesForCredential(db, outcomeIds)).filter(
    (o) => o.status === 'passed' && o.decidedAt,
  );
  if (passed.length === 0) return [];
  const keys = new Map<string, SigningKey>();
  for (const schoolId of new Set(passed.map((o) => o.schoolId))) {
    keys.set(schoolId, await signingKeyOf(db, schoolId, deps.secret));
  }
  const byId = new Map(passed.map((o) => [o.id, o]));
  const issuedAt = deps.now();
  const rows = passed.map((o) => {
    const evidence: Evidence[] = [
      { role: 'document', name: o.document.name, sha256: o.document.sha256, size: o.document.size },
    ];
    if (o.mediaSha256) {
      evidence.push({
        role: 'media',
        name: o.mediaName ?? 'media',
        sha256: o.mediaSha256,
        size: o.mediaSize ?? 0,
      });
    }
    return { id: randomUUID(), schoolId: o.schoolId, outcomeId: o.id, evidence, issuedAt };
  });
  return repo.insertCredentials(db, rows, (row, statusIndex) => {
    const o = byId.get(row.outcomeId) as (typeof passed)[number];
    const key = keys.get(o.schoolId) as SigningKey;
    return signCredential(
      outcomeCredential({
        baseUrl: deps.baseUrl,
        credentialId: row.id,
        school: o.school,
        student: o.student,
        outcome: {
          id: o.id,
          title: o.title,
          summary: o.summary,
          course: { ...o.course, ...o.term },
          decidedAt: o.decidedAt as Date,
          decidedBy: o.decidedBy,
        },
        evidence: row.evidence,
        statusIndex,
      }),
      key.privateKey,
      key.publicKey,
    );
  });
}

/**
 * Issues the credentials missing for passed outcomes (certified before this module existed, or by a
 * service built without keys); outcomes with a credential in force keep it.
 */
export async function ensureOutcomeCredentials(db: DbOrTx, outcomeIds: string[], deps: ProvenanceDeps) {
  const active = await repo.withActiveCredential(db, outcomeIds);
  return issueOutcomeCredentials(
    db,
    outcomeIds.filter((id) => !active.has(id)),
    deps,
  );
}

/**
 * The credential (VC-JWT) in force of each passed outcome, issuing the missing ones (the submission
 * build, the packet builder); by outcome id. Works in chunks so a year's roster stays a few queries.
 */
export async function outcomeCredentialJwts(
  db: DbOrTx,
  outcomeIds: string[],
  deps: ProvenanceDeps | null,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < outcomeIds.length; i += 1000) {
    const chunk = outcomeIds.slice(i, i + 1000);
    if (deps) await ensureOutcomeCredentials(db, chunk, deps);
    for (const [k, v] of await repo.activeJwts(db, chunk)) out.set(k, v);
  }
  return out;
}

/** The outcome's credential in force, issued now if its pass decision has none; null when not passed. */
export async function ensureOutcomeCredential(db: DbOrTx, outcomeId: string, deps: ProvenanceDeps) {
  const active = await repo.activeCredential(db, outcomeId);
  if (active) return active;
  const [issued] = await issueOutcomeCredentials(db, [outcomeId], deps);
  return issued ?? null;
}

/** A withdrawn certification: every credential in force of the outcome is revoked. */
export const revokeOutcomeCredentials = (db: DbOrTx, outcomeId: string, at: Date, reason: string) =>
  repo.revokeOfOutcome(db, outcomeId, at, reason);

/** The issuer's public document (a did:web-like profile with its JWK); null for an unknown code. */
export async function issuerDocument(db: DbOrTx, code: string, deps: ProvenanceDeps) {
  const id = issuerUrl(deps.baseUrl, code);
  if (code === REPOSITORY_CODE) {
    const key = await repositoryPublicKeyOf(db, deps.secret);
    return profile(id, REPOSITORY_NAME, code, await publicJwkOf(id, key.publicKey), key.publicKeyPem, null);
  }
  const school = await repo.schoolByCode(db, code);
  if (!school) return null;
  const key = await signingKeyOf(db, school.id, deps.secret);
  return profile(
    id,
    school.name,
    code,
    await publicJwkOf(id, key.publicKey),
    key.publicKeyPem,
    statusListUrl(deps.baseUrl, code),
  );
}

function profile(
  id: string,
  name: string,
  code: string,
  jwk: Awaited<ReturnType<typeof publicJwkOf>>,
  pem: string,
  statusList: string | null,
) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id,
    type: ['Profile'],
    name,
    code,
    verificationMethod: [{ id: jwk.kid, type: 'JsonWebKey', controller: id, publicKeyJwk: jwk }],
    assertionMethod: [jwk.kid],
    keys: [jwk],
    publicKeyPem: pem,
    ...(statusList ? { statusList } : {}),
  };
}

/** The school's revocation list as a signed BitstringStatusListCredential (VC-JWT); null if unknown. */
export async function statusListJwt(db: DbOrTx, code: string, deps: ProvenanceDeps) {
  const school = await repo.schoolByCode(db, code);
  if (!school) return null;
  const key = await signingKeyOf(db, school.id, deps.secret);
  const credential = statusListCredential({
    baseUrl: deps.baseUrl,
    school,
    revoked: await repo.revokedIndexes(db, school.id),
    validFrom: deps.now(),
  });
  return signCredential(credential, key.privateKey, key.publicKey);
}

/**
 * Signs the receipt (its content digest, the files with SHA-256) with the repository's key into
 * central_receipts.credential unless it has one; returns the credential (null for an unknown receipt).
 */
export async function ensureReceiptCredential(db: DbOrTx, receiptId: string, deps: ProvenanceDeps) {
  const r = await repo.receiptForCredential(db, receiptId);
  if (!r) return null;
  if (r.credential) return r.credential;
  const key = await repositoryKeyOf(db, deps.secret);
  const jwt = await signCredential(
    receiptCredential({
      baseUrl: deps.baseUrl,
      receiptId: r.id,
      repositoryName: REPOSITORY_NAME,
      schoolCode: r.schoolCode,
      student: { name: r.name, nationalId: r.nationalId },
      academicYear: r.academicYear,
      semester: r.semester,
      roster: r.roster,
      contentSha256: r.sha256,
      issuedAt: r.issuedAt,
      files: r.content.files,
    }),
    key.privateKey,
    key.publicKey,
  );
  return repo.setReceiptCredential(db, receiptId, jwt);
}

/** SHA-256 (hex) of bytes. */
export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
