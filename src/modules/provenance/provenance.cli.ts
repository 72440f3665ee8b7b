/**
 * `licheng verify-packet <pdf>`: checks a packet without the database. Issuers' keys from
 * `--key <code>=<pem file>` (the school's public key, or `central=` for the repository's), status lists
 * from `--status <file>` (a status-list VC-JWT as served by /api/v1/issuers/<code>/status-list);
 * what is not given is fetched from the URLs the credentials name, unless `--offline`.
 */
import fs from 'node:fs/promises';
import { peekCredential } from './vc.js';
import { type VerifyReport, verifyPacket } from './verify.js';

export interface VerifyPacketArgs {
  key?: string[];
  status?: string[];
  offline?: boolean;
  json?: boolean;
  /** For tests: the fetch used online (default global fetch). */
  fetch?: typeof fetch;
}

const TIMEOUT_MS = 10_000;

export async function verifyPacketCli(
  file: string,
  args: VerifyPacketArgs,
): Promise<{ exitCode: 0 | 1; lines: string[]; report: VerifyReport | null }> {
  const keys = new Map<string, string>();
  for (const k of args.key ?? []) {
    const eq = k.indexOf('=');
    if (eq <= 0)
      return { exitCode: 1, lines: [`--key ${k}: expected <school code>=<pem file>`], report: null };
    keys.set(k.slice(0, eq), await fs.readFile(k.slice(eq + 1), 'utf8'));
  }
  const statusLists = new Map<string, string>();
  for (const s of args.status ?? []) {
    const jwt = (await fs.readFile(s, 'utf8')).trim();
    try {
      const c = peekCredential(jwt).credential;
      if (typeof c.id === 'string') statusLists.set(c.id, jwt);
    } catch {
      return { exitCode: 1, lines: [`--status ${s}: not a status list credential (VC-JWT)`], report: null };
    }
  }
  const get = args.fetch ?? fetch;
  const online = !args.offline;
  const report = await verifyPacket(await fs.readFile(file), {
    keys,
    statusLists,
    resolveKey: online
      ? async (issuerId) => {
          const res = await get(issuerId, { signal: AbortSignal.timeout(TIMEOUT_MS) });
          if (!res.ok) return null;
          return ((await res.json()) as { publicKeyPem?: string }).publicKeyPem ?? null;
        }
      : undefined,
    resolveStatusList: online
      ? async (url) => {
          const res = await get(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
          return res.ok ? res.text() : null;
        }
      : undefined,
  });
  const lines = args.json ? [JSON.stringify(report, null, 2)] : describe(report);
  return { exitCode: report.ok ? 0 : 1, lines, report };
}

const MARK: Record<string, string> = {
  verified: 'OK      ',
  text: 'TEXT    ',
  notCertified: 'SELF    ',
  noCredential: 'NO-CRED ',
  revoked: 'REVOKED ',
  failed: 'FAIL    ',
};

function describe(report: VerifyReport): string[] {
  const lines: string[] = [];
  if (report.packet) {
    const p = report.packet;
    lines.push(
      `packet ${p.packetId} of ${p.student.name}: ${p.programme.universityName} ${p.programme.programmeName} (${p.programme.channel}, ${p.programme.admissionYear})`,
    );
  }
  for (const problem of report.problems) lines.push(`FAIL    ${problem}`);
  for (const i of report.items) {
    const who = i.issuer ? ` — ${i.issuer.name} ${i.certifiedAt ?? ''}` : '';
    const status = i.status === 'unchecked' ? ' (revocation not checked: no status list)' : '';
    const why = i.message
      ? `: ${i.message['zh-TW']} / ${i.message.en}${i.attachment ? ` [${i.attachment}]` : ''}`
      : '';
    lines.push(`${MARK[i.result] ?? i.result} ${i.position}. ${i.code} ${i.title}${why}${who}${status}`);
  }
  if (report.firstFailure) {
    const f = report.firstFailure;
    lines.push(`FAILED at item ${f.position} 「${f.title}」: ${f.message['zh-TW']} / ${f.message.en}`);
  } else if (report.ok) {
    lines.push('PASSED: every credential and embedded file checks out');
  } else {
    lines.push('FAILED');
  }
  return lines;
}
