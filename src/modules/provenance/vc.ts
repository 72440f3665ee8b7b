/**
 * Verifiable credentials as VC-JWT (W3C VC-JOSE-COSE: a compact JWS, EdDSA over Ed25519, header
 * `typ: vc+jwt`, the payload is the credential itself) in the Open Badges 3.0 shape, signed and checked
 * with `jose`. Pure: no database, no clock of its own (the caller passes the issuance time).
 */
import { createHash, type KeyObject, randomBytes } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader, exportJWK, type JWK } from 'jose';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const STATUS_LIST_SIZE = 131_072;
/** The issuer id of the central repository (`<base>/api/v1/issuers/central`). */
export const REPOSITORY_CODE = 'central';

export interface Evidence {
  /** document | media | file (receipt) */
  role: string;
  name: string;
  sha256: string;
  size: number;
}

export interface Credential {
  '@context': string[];
  id?: string;
  type: string[];
  issuer: { id: string; type: string[]; name: string; otherIdentifier?: unknown[] };
  validFrom: string;
  name?: string;
  credentialSubject: Record<string, unknown>;
  evidence?: (Record<string, unknown> & { sha256?: string; name?: string })[];
  credentialStatus?: {
    id: string;
    type: 'BitstringStatusListEntry';
    statusPurpose: 'revocation';
    statusListIndex: string;
    statusListCredential: string;
  };
  [k: string]: unknown;
}

export const issuerUrl = (baseUrl: string, code: string) =>
  `${baseUrl.replace(/\/+$/, '')}/api/v1/issuers/${encodeURIComponent(code)}`;
export const statusListUrl = (baseUrl: string, code: string) => `${issuerUrl(baseUrl, code)}/status-list`;
/** The school code (or `central`) at the end of an issuer id made by `issuerUrl`. */
export const codeOfIssuer = (issuerId: string) => decodeURIComponent(issuerId.split('/').pop() ?? '');

/** SHA-256 of the public key's DER (hex): the `kid` suffix and the fingerprint printed elsewhere. */
export const keyIdOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);

export async function publicJwkOf(issuerId: string, publicKey: KeyObject): Promise<JWK> {
  const jwk = await exportJWK(publicKey);
  return { ...jwk, kid: `${issuerId}#${keyIdOf(publicKey)}`, alg: 'EdDSA', use: 'sig' };
}

/**
 * The subject's identity without the 身分證號 in clear: Open Badges' IdentityObject with a salted
 * SHA-256 (`sha256$<hex>` of id + salt). Whoever knows the 身分證號 and reads the salt can check it.
 */
export function hashedIdentity(nationalId: string, salt = randomBytes(12).toString('hex')) {
  const hash = createHash('sha256').update(`${nationalId.toUpperCase()}${salt}`).digest('hex');
  return {
    type: 'IdentityObject',
    identityType: 'nationalIdentityNumber',
    hashed: true,
    identityHash: `sha256$${hash}`,
    salt,
  };
}

export interface OutcomeCredentialInput {
  baseUrl: string;
  credentialId: string;
  school: { code: string; name: string };
  student: { name: string; nationalId: string };
  outcome: {
    id: string;
    title: string;
    summary: string;
    course: { code: string; name: string; academicYear: number; semester: number };
    decidedAt: Date;
    decidedBy: string | null;
  };
  evidence: Evidence[];
  statusIndex: number;
}

const evidenceEntry = (e: Evidence) => ({
  type: ['Evidence'],
  name: e.name,
  genre: e.role,
  sha256: e.sha256,
  digestSRI: `sha256-${Buffer.from(e.sha256, 'hex').toString('base64')}`,
  size: e.size,
});

/** The AchievementCredential of one pass decision (the school issues, the student is the subject). */
export function outcomeCredential(input: OutcomeCredentialInput): Credential {
  const issuer = issuerUrl(input.baseUrl, input.school.code);
  const { course } = input.outcome;
  const statusList = statusListUrl(input.baseUrl, input.school.code);
  return {
    '@context': [VC_CONTEXT, OB3_CONTEXT],
    id: `urn:uuid:${input.credentialId}`,
    type: ['VerifiableCredential', 'AchievementCredential'],
    name: `課程學習成果認證 ${input.outcome.title}`,
    issuer: {
      id: issuer,
      type: ['Profile'],
      name: input.school.name,
      otherIdentifier: [
        { type: ['IdentifierEntry'], identifier: input.school.code, identifierType: 'identifier' },
      ],
    },
    validFrom: input.outcome.decidedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        hashedIdentity(input.student.nationalId),
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.student.name },
      ],
      achievement: {
        id: `urn:licheng:outcome:${input.outcome.id}`,
        type: ['Achievement'],
        achievementType: 'Assignment',
        name: input.outcome.title,
        description: input.outcome.summary,
        criteria: {
          narrative: `${course.academicYear} 學年度第 ${course.semester} 學期「${course.name}」(${course.code}) 任課教師認證通過的課程學習成果 / a course outcome certified by the course teacher`,
        },
        fieldOfStudy: course.name,
      },
      result: [{ type: ['Result'], status: 'Completed' }],
      certifiedBy: input.outcome.decidedBy,
    },
    evidence: input.evidence.map(evidenceEntry),
    credentialStatus: {
      id: `${statusList}#${input.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.statusIndex),
      statusListCredential: statusList,
    },
  };
}

export interface ReceiptCredentialInput {
  baseUrl: string;
  receiptId: string;
  repositoryName: string;
  schoolCode: string;
  student: { name: string | null; nationalId: string };
  academicYear: number;
  semester: number;
  roster: number;
  contentSha256: string;
  issuedAt: Date;
  files: { path: string; sha256: string; size: number }[];
}

/** The repository's 收訖 credential: what it received for one student (content digest, files). */
export function receiptCredential(input: ReceiptCredentialInput): Credential {
  return {
    '@context': [VC_CONTEXT, OB3_CONTEXT],
    id: `urn:uuid:${input.receiptId}`,
    type: ['VerifiableCredential', 'AchievementCredential'],
    name: '學習歷程資料庫收訖明細',
    issuer: { id: issuerUrl(input.baseUrl, REPOSITORY_CODE), type: ['Profile'], name: input.repositoryName },
    validFrom: input.issuedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        hashedIdentity(input.student.nationalId),
        ...(input.student.name
          ? [
              {
                type: 'IdentityObject',
                identityType: 'name',
                hashed: false,
                identityHash: input.student.name,
              },
            ]
          : []),
      ],
      achievement: {
        id: `urn:licheng:receipt:${input.schoolCode}:${input.academicYear}-${input.semester}:${input.roster}`,
        type: ['Achievement'],
        achievementType: 'Achievement',
        name: `${input.academicYear} 學年度第 ${input.semester} 學期 名冊 ${input.roster} 收訖`,
        criteria: { narrative: '學習歷程資料庫已收到學校提交之資料 / received by the repository' },
      },
      contentSha256: input.contentSha256,
    },
    evidence: input.files.map((f) =>
      evidenceEntry({ role: 'file', name: f.path, sha256: f.sha256, size: f.size }),
    ),
  };
}

/** Signs a credential as a VC-JWT with the issuer's Ed25519 key. */
export async function signCredential(credential: Credential, privateKey: KeyObject, publicKey: KeyObject) {
  const payload = { ...credential, iss: credential.issuer.id, jti: credential.id };
  return new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8'))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: `${credential.issuer.id}#${keyIdOf(publicKey)}` })
    .sign(privateKey);
}

/** The header and payload of a VC-JWT, unchecked (to find the issuer's key). Throws when malformed. */
export function peekCredential(jwt: string): { kid?: string; typ?: string; credential: Credential } {
  const header = decodeProtectedHeader(jwt);
  const part = jwt.split('.')[1] ?? '';
  const credential = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Credential;
  if (!credential || typeof credential !== 'object' || !credential.issuer?.id)
    throw new Error('not a credential');
  return { kid: header.kid, typ: header.typ, credential };
}

/** Checks the signature (EdDSA, typ vc+jwt) and returns the credential; throws on any mismatch. */
export async function verifyCredential(jwt: string, publicKey: KeyObject): Promise<Credential> {
  const { payload, protectedHeader } = await compactVerify(jwt, publicKey, { algorithms: ['EdDSA'] });
  if (protectedHeader.typ !== 'vc+jwt') throw new Error('not a vc+jwt');
  return JSON.parse(Buffer.from(payload).toString('utf8')) as Credential;
}
