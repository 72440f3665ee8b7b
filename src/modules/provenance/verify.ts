/**
 * Verifies a packet PDF without trusting whoever made it: reads the embedded attachments (contracts.md
 * §6), checks every certification credential's signature with its issuer's key (given offline, or looked
 * up), that each embedded file hashes to its digest in licheng-packet.json AND is named in the
 * credential's evidence, and each credential's revocation bit; names the first item that fails.
 * Self-made items are reported as not certified, which is not a failure.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import {
  PACKET_FORMAT,
  PACKET_MANIFEST,
  type PacketItem,
  type PacketManifest,
  readPacketAttachments,
} from './packet-attachments.js';
import { bitAt, decodeStatusList } from './status-list.js';
import { type Credential, codeOfIssuer, peekCredential, REPOSITORY_CODE, verifyCredential } from './vc.js';

export type ItemResult = 'verified' | 'revoked' | 'failed' | 'notCertified' | 'noCredential' | 'text';

export const REASONS = {
  FILE_MISSING: { 'zh-TW': '內嵌檔案不存在', en: 'the embedded file is missing' },
  FILE_DIGEST_MISMATCH: {
    'zh-TW': '內嵌檔案與其 SHA-256 摘要不符（檔案或清單遭更動）',
    en: 'an embedded file does not match its SHA-256 digest (the file or the manifest was changed)',
  },
  CREDENTIAL_MISSING: { 'zh-TW': '缺少認證憑證', en: 'the certification credential is missing' },
  CREDENTIAL_MALFORMED: { 'zh-TW': '認證憑證格式錯誤', en: 'the certification credential is malformed' },
  ISSUER_KEY_UNKNOWN: {
    'zh-TW': '找不到發證學校的公鑰',
    en: "the issuing school's public key is not available",
  },
  SIGNATURE_INVALID: {
    'zh-TW': '認證憑證的簽章無效（憑證遭更動或非該校簽發）',
    en: 'the credential signature is invalid (changed, or not signed by the school)',
  },
  EVIDENCE_MISMATCH: {
    'zh-TW': '內嵌檔案不是認證憑證所認證的檔案',
    en: 'the embedded file is not the file the credential certifies',
  },
  REVOKED: { 'zh-TW': '此認證已撤銷', en: 'this certification has been revoked' },
  RECEIPT_INVALID: {
    'zh-TW': '資料庫收訖憑證無效或與檔案不符',
    en: "the repository's receipt credential is invalid or does not name the file",
  },
  NO_CREDENTIAL: {
    'zh-TW': '標示來自學習歷程資料庫，但沒有認證憑證',
    en: 'marked as from the repository but carries no credential',
  },
  NOT_CERTIFIED: {
    'zh-TW': '自行上傳，未經學習歷程資料庫認證',
    en: 'self-uploaded, not certified by the repository',
  },
} as const;
export type Reason = keyof typeof REASONS;

export interface ItemReport {
  position: number;
  code: string;
  title: string;
  source: PacketItem['source'];
  result: ItemResult;
  reason?: Reason;
  message?: { 'zh-TW': string; en: string };
  /** The file or credential attachment the reason is about. */
  attachment?: string;
  issuer?: { id: string; name: string; code: string };
  certifiedAt?: string;
  /** valid | revoked | unchecked (no status list at hand). */
  status?: 'valid' | 'revoked' | 'unchecked';
  receipt?: 'verified' | 'unchecked' | 'invalid';
  files: { attachment: string; sha256: string; ok: boolean }[];
}

export interface VerifyReport {
  ok: boolean;
  packet: Pick<PacketManifest, 'packetId' | 'builtAt' | 'student' | 'programme'> | null;
  /** The first item that fails, in packet order. */
  firstFailure: {
    position: number;
    title: string;
    reason: Reason;
    message: { 'zh-TW': string; en: string };
  } | null;
  /** Problems of the packet as a whole (unreadable PDF, no manifest). */
  problems: string[];
  items: ItemReport[];
}

export interface VerifyOptions {
  /** Public keys by issuer code (school code, or `central` for the repository), e.g. from --key. */
  keys?: Map<string, KeyObject | string> | Record<string, KeyObject | string>;
  /** Looks an issuer's key up (online, or this server's database) when `keys` has none. */
  resolveKey?: (issuerId: string, code: string) => Promise<KeyObject | string | null>;
  /** Status list credentials (VC-JWT) given offline, by their URL or the issuer code. */
  statusLists?: Map<string, string>;
  /** Looks a status list credential up by its URL. */
  resolveStatusList?: (url: string, code: string) => Promise<string | null>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const asKey = (k: KeyObject | string) => (typeof k === 'string' ? createPublicKey(k) : k);

export async function verifyPacket(pdfBytes: Uint8Array, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const fail = (problem: string): VerifyReport => ({
    ok: false,
    packet: null,
    firstFailure: null,
    problems: [problem],
    items: [],
  });
  let attachments: Map<string, Uint8Array>;
  try {
    attachments = await readPacketAttachments(pdfBytes);
  } catch (e) {
    return fail(`unreadable PDF: ${e instanceof Error ? e.message : String(e)}`);
  }
  const manifestBytes = attachments.get(PACKET_MANIFEST);
  if (!manifestBytes) return fail(`no ${PACKET_MANIFEST} attachment: not a Licheng packet`);
  let manifest: PacketManifest;
  try {
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as PacketManifest;
    if (manifest.format !== PACKET_FORMAT || !Array.isArray(manifest.items)) throw new Error('format');
  } catch {
    return fail(`${PACKET_MANIFEST} is not a ${PACKET_FORMAT} manifest`);
  }

  const keys = new Map<string, KeyObject>();
  const given = opts.keys instanceof Map ? opts.keys : new Map(Object.entries(opts.keys ?? {}));
  for (const [code, k] of given) keys.set(code, asKey(k));
  const keyOf = async (issuerId: string) => {
    const code = codeOfIssuer(issuerId);
    if (!keys.has(code) && opts.resolveKey) {
      const found = await opts.resolveKey(issuerId, code).catch(() => null);
      if (found) keys.set(code, asKey(found));
    }
    return keys.get(code) ?? null;
  };
  const lists = new Map<string, Buffer | null>();
  const statusOf = async (c: Credential, key: KeyObject): Promise<'valid' | 'revoked' | 'unchecked'> => {
    const entry = c.credentialStatus;
    if (!entry) return 'valid';
    const url = entry.statusListCredential;
    const code = codeOfIssuer(c.issuer.id);
    if (!lists.has(url)) {
      let jwt = opts.statusLists?.get(url) ?? opts.statusLists?.get(code) ?? null;
      if (!jwt && opts.resolveStatusList) jwt = await opts.resolveStatusList(url, code).catch(() => null);
      let bits: Buffer | null = null;
      if (jwt) {
        try {
          const list = await verifyCredential(jwt.trim(), key);
          if (list.issuer.id === c.issuer.id) {
            bits = decodeStatusList(String(list.credentialSubject.encodedList));
          }
        } catch {
          bits = null;
        }
      }
      lists.set(url, bits);
    }
    const bits = lists.get(url);
    if (!bits) return 'unchecked';
    return bitAt(bits, Number(entry.statusListIndex)) ? 'revoked' : 'valid';
  };

  const items: ItemReport[] = [];
  for (const item of [...manifest.items].sort((a, b) => a.position - b.position)) {
    items.push(await verifyItem(item, attachments, keyOf, statusOf));
  }
  const failed = items.find(
    (i) => i.result === 'failed' || i.result === 'revoked' || i.result === 'noCredential',
  );
  return {
    ok: !failed,
    packet: {
      packetId: manifest.packetId,
      builtAt: manifest.builtAt,
      student: manifest.student,
      programme: manifest.programme,
    },
    firstFailure:
      failed?.reason && failed.message
        ? { position: failed.position, title: failed.title, reason: failed.reason, message: failed.message }
        : null,
    problems: [],
    items,
  };
}

async function verifyItem(
  item: PacketItem,
  attachments: Map<string, Uint8Array>,
  keyOf: (issuerId: string) => Promise<KeyObject | null>,
  statusOf: (c: Credential, key: KeyObject) => Promise<'valid' | 'revoked' | 'unchecked'>,
): Promise<ItemReport> {
  const report: ItemReport = {
    position: item.position,
    code: item.code,
    title: item.title,
    source: item.source,
    result: 'verified',
    files: [],
  };
  const stop = (result: ItemResult, reason: Reason, attachment?: string): ItemReport => ({
    ...report,
    result,
    reason,
    message: { ...REASONS[reason] },
    ...(attachment ? { attachment } : {}),
  });
  for (const f of item.files ?? []) {
    const bytes = attachments.get(f.attachment);
    const ok = !!bytes && bytes.length === f.size && sha256(bytes) === f.sha256;
    report.files.push({ attachment: f.attachment, sha256: f.sha256, ok });
    if (!bytes) return stop('failed', 'FILE_MISSING', f.attachment);
    if (!ok) return stop('failed', 'FILE_DIGEST_MISMATCH', f.attachment);
  }
  if (item.source === 'selfMade') return stop('notCertified', 'NOT_CERTIFIED');
  if (item.source === 'text') return { ...report, result: 'text' };
  if (!item.credential) return stop('noCredential', 'NO_CREDENTIAL');

  const jwtBytes = attachments.get(item.credential);
  if (!jwtBytes) return stop('failed', 'CREDENTIAL_MISSING', item.credential);
  const jwt = Buffer.from(jwtBytes).toString('utf8').trim();
  let peeked: Credential;
  try {
    peeked = peekCredential(jwt).credential;
  } catch {
    return stop('failed', 'CREDENTIAL_MALFORMED', item.credential);
  }
  const key = await keyOf(peeked.issuer.id);
  if (!key) return stop('failed', 'ISSUER_KEY_UNKNOWN', item.credential);
  let credential: Credential;
  try {
    credential = await verifyCredential(jwt, key);
  } catch {
    return stop('failed', 'SIGNATURE_INVALID', item.credential);
  }
  report.issuer = {
    id: credential.issuer.id,
    name: credential.issuer.name,
    code: codeOfIssuer(credential.issuer.id),
  };
  report.certifiedAt = credential.validFrom;
  const certified = new Set((credential.evidence ?? []).map((e) => e.sha256));
  if (item.files.length === 0 || item.files.some((f) => !certified.has(f.sha256))) {
    return stop('failed', 'EVIDENCE_MISMATCH', item.credential);
  }
  report.status = await statusOf(credential, key);
  if (report.status === 'revoked') return stop('revoked', 'REVOKED', item.credential);

  if (item.receiptCredential) {
    report.receipt = await checkReceipt(item, attachments.get(item.receiptCredential), keyOf);
    if (report.receipt === 'invalid') return stop('failed', 'RECEIPT_INVALID', item.receiptCredential);
  }
  return report;
}

/** The repository's receipt: signed by the repository and naming every file of the item. */
async function checkReceipt(
  item: PacketItem,
  bytes: Uint8Array | undefined,
  keyOf: (issuerId: string) => Promise<KeyObject | null>,
): Promise<'verified' | 'unchecked' | 'invalid'> {
  if (!bytes) return 'invalid';
  const jwt = Buffer.from(bytes).toString('utf8').trim();
  let issuerId: string;
  try {
    issuerId = peekCredential(jwt).credential.issuer.id;
  } catch {
    return 'invalid';
  }
  if (codeOfIssuer(issuerId) !== REPOSITORY_CODE) return 'invalid';
  const key = await keyOf(issuerId);
  if (!key) return 'unchecked';
  try {
    const receipt = await verifyCredential(jwt, key);
    const named = new Set((receipt.evidence ?? []).map((e) => e.sha256));
    return item.files.every((f) => named.has(f.sha256)) ? 'verified' : 'invalid';
  } catch {
    return 'invalid';
  }
}
