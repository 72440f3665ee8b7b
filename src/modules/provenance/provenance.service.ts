/**
 * Issuing, revoking and publishing credentials. A teacher's pass decision issues the outcome's
 * certification credential (school key); a later fail decision or a withdrawal revokes it (its bit in
 * the school's status list). Receipts get the repository's credential on demand. Issuers' public keys
 * and status lists are public documents.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db/client.js';
import { signingKeyOf } from '../submissions/signing.js';
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

/** Issues a credential for the outcome's current pass decision; null unless it is passed. */
export async function issueOutcomeCredential(db: DbOrTx, outcomeId: string, deps: ProvenanceDeps) {
  const o = await repo.outcomeForCredential(db, outcomeId);
  if (o?.status !== 'passed' || !o.decidedAt) return null;
  const key = await signingKeyOf(db, o.schoolId, deps.secret);
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
  const id = randomUUID();
  return repo.insertCredential(
    db,
    { id, schoolId: o.schoolId, outcomeId, evidence, issuedAt: deps.now() },
    (statusIndex) =>
      signCredential(
        outcomeCredential({
          baseUrl: deps.baseUrl,
          credentialId: id,
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
          evidence,
          statusIndex,
        }),
        key.privateKey,
        key.publicKey,
      ),
  );
}

/**
 * The outcome's credential in force, issued now if its pass decision has none yet (outcomes certified
 * before this module existed, or by a service built without keys); null when it is not passed.
 */
export async function ensureOutcomeCredential(db: DbOrTx, outcomeId: string, deps: ProvenanceDeps) {
  const active = await repo.activeCredential(db, outcomeId);
  if (active) return active;
  return issueOutcomeCredential(db, outcomeId, deps);
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
