/**
 * Provenance end to end on the demo school: a pass decision issues the certification credential, the
 * issuer's key and status list are public, a packet carrying it verifies offline, and the tamper cases
 * (a byte of an embedded file, of the credential, of licheng-packet.json) fail naming the item; a later
 * fail decision is reported as revoked. Also the repository's receipt credential.
 */
import { createHash, createPublicKey } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { importJWK, jwtVerify } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  centralReceipts,
  centralSchools,
  centralStudents,
  centralSubmissions,
  courses,
  outcomeCredentials,
  schools,
  terms,
} from '../../db/schema/index.js';
import { taipeiDateOf } from '../../domain/calendar.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { pdfOfSize } from '../uploads/test-corpus.js';
import { type PacketManifest, readPacketAttachments, writePacketAttachments } from './packet-attachments.js';
import { verifyPacketCli } from './provenance.cli.js';
import { ensureReceiptCredential } from './provenance.service.js';
import { peekCredential } from './vc.js';
import { verifyPacket } from './verify.js';

const t = await createTestApp({ PUBLIC_URL: 'https://portfolio.example.edu.tw' });
const demo = demoOn(taipeiDateOf(new Date()));
afterAll(() => t.app.close());
let as: Record<string, { cookie: string; csrf: string }> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => as,
);
const hour = 3_600_000;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let schoolCode = '';
let outcomeId = '';
let document: Buffer;
let jwt = '';
let publicKeyPem = '';
const selfMade = Buffer.from('%PDF-1.4 self-made packet page\n');

beforeAll(async () => {
  as = await t.demoSessions(['demo-student', 'demo-teacher', 'demo-academic']);
  const [term] = await t.db
    .select()
    .from(terms)
    .where(sql`academic_year = ${demo.term.academicYear} and semester = ${demo.term.semester}`);
  const termId = term?.id as string;
  const now = Date.now();
  for (const kind of ['upload', 'certification']) {
    const res = await send('demo-academic', 'PUT', `/api/v1/terms/${termId}/windows/${kind}`, {
      opensAt: new Date(now - hour),
      closesAt: new Date(now + hour),
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const g11 = `${demo.classOf('g11').entryYear}%`;
  const [course] = (
    await t.db.select().from(courses).where(sql`term_id = ${termId} and code like ${g11}`)
  ).filter((c) => c.name.startsWith('國語文'));
  document = await pdfOfSize(4321);
  const url = '/api/v1/uploads?purpose=outcomeDocument&filename=report.pdf';
  const file = (await send('demo-student', 'POST', url, document, 'application/octet-stream')).json();
  const res = await send('demo-student', 'POST', '/api/v1/outcomes', {
    courseId: course?.id,
    title: '文學專題報告',
    summary: '課堂作業',
    documentFileId: file.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  outcomeId = res.json().id;
  const pass = await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
    outcomeIds: [outcomeId],
    decision: 'pass',
  });
  expect(pass.statusCode, pass.body).toBe(200);
  const [row] = await t.db
    .select()
    .from(outcomeCredentials)
    .where(eq(outcomeCredentials.outcomeId, outcomeId));
  jwt = row?.jwt as string;
  const [school] = await t.db
    .select()
    .from(schools)
    .where(eq(schools.id, row?.schoolId as string));
  schoolCode = school?.code as string;
}, 120_000);

async function packet(
  over: { document?: Buffer; credential?: string; manifest?: (m: PacketManifest) => void } = {},
) {
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]).drawText('packet', { x: 20, y: 150 });
  const manifest: PacketManifest = {
    format: 'licheng-packet/1',
    packetId: '2b0c7a57-5c0e-4a1f-9d7e-0f1f2a3b4c5d',
    builtAt: new Date().toISOString(),
    student: { name: '王小明' },
    programme: {
      admissionYear: demo.term.academicYear + 2,
      channel: 'university',
      code: '001012',
      universityName: '國立臺灣大學',
      programmeName: '中國文學系',
    },
    items: [
      {
        position: 1,
        code: 'B',
        title: '文學專題報告',
        source: 'repository',
        credential: 'item-1.vc.jwt',
        files: [
          {
            attachment: 'item-1-1.pdf',
            sha256: sha(document),
            size: document.length,
            mime: 'application/pdf',
          },
        ],
      },
      {
        position: 2,
        code: 'K',
        title: '自製作品集',
        source: 'selfMade',
        files: [
          {
            attachment: 'item-2-1.pdf',
            sha256: sha(selfMade),
            size: selfMade.length,
            mime: 'application/pdf',
          },
        ],
      },
      { position: 3, code: 'P', title: '就讀動機', source: 'text', files: [] },
    ],
  };
  over.manifest?.(manifest);
  await writePacketAttachments(doc, manifest, {
    'item-1-1.pdf': over.document ?? document,
    'item-1.vc.jwt': Buffer.from(over.credential ?? jwt),
    'item-2-1.pdf': selfMade,
  });
  return doc.save();
}

const statusList = async () =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/issuers/${schoolCode}/status-list` })).body;
const offline = async () => ({
  keys: { [schoolCode]: publicKeyPem },
  statusLists: new Map([[schoolCode, await statusList()]]),
});
const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);

describe('the certification credential', () => {
  it('is a VC-JWT AchievementCredential signed by the school, without the 身分證號 in clear', async () => {
    expect(jwt.split('.')).toHaveLength(3);
    const { typ, credential } = peekCredential(jwt);
    expect(typ).toBe('vc+jwt');
    expect(credential.type).toEqual(['VerifiableCredential', 'AchievementCredential']);
    expect(credential.issuer.id).toBe(`https://portfolio.example.edu.tw/api/v1/issuers/${schoolCode}`);
    expect(credential.evidence?.[0]?.sha256).toBe(sha(document));
    expect(credential.credentialStatus?.type).toBe('BitstringStatusListEntry');
    const [student] = (
      await t.db.execute(
        sql`select s.national_id from outcomes o join students s on s.id = o.student_id where o.id = ${outcomeId}`,
      )
    ).rows as { national_id: string }[];
    expect(jwt).not.toContain(student?.national_id);
    expect(JSON.stringify(credential)).not.toContain(student?.national_id as string);
  });

  it("verifies with the issuer's public JWK, published without login", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/issuers/${schoolCode}` });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    publicKeyPem = doc.publicKeyPem;
    const key = await importJWK(doc.verificationMethod[0].publicKeyJwk, 'EdDSA');
    const { protectedHeader } = await jwtVerify(jwt, key, { typ: 'vc+jwt' });
    expect(protectedHeader.kid).toBe(doc.verificationMethod[0].id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/issuers/ZZZ999' })).statusCode).toBe(404);
  });

  it('travels in the packet: the writer follows contract 6 and the reader finds every attachment', async () => {
    const found = await readPacketAttachments(await packet());
    expect([...found.keys()].sort()).toEqual([
      'item-1-1.pdf',
      'item-1.vc.jwt',
      'item-2-1.pdf',
      'licheng-packet.json',
    ]);
    expect(Buffer.from(found.get('item-1-1.pdf') as Uint8Array).equals(document)).toBe(true);
  });
});

describe('verifyPacket: tamper cases', () => {
  it('an untouched packet passes offline; the self-made item is reported as not certified', async () => {
    const report = await verifyPacket(await packet(), await offline());
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => i.result)).toEqual(['verified', 'notCertified', 'text']);
    expect(report.items[0]?.status).toBe('valid');
    expect(report.items[1]?.message?.['zh-TW']).toBe('自行上傳，未經學習歷程資料庫認證');
  });

  it('one byte changed in an embedded file fails naming the item', async () => {
    const changed = Buffer.from(document);
    changed[200] = (changed[200] as number) ^ 0x01;
    const report = await verifyPacket(await packet({ document: changed }), await offline());
    expect(report.ok).toBe(false);
    expect(report.firstFailure).toMatchObject({
      position: 1,
      title: '文學專題報告',
      reason: 'FILE_DIGEST_MISMATCH',
    });
  });

  it('one byte changed in the credential (signature or payload) fails naming the item', async () => {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    for (const bad of [`${h}.${p}.${flip(s, 10)}`, `${h}.${flip(p, 40)}.${s}`]) {
      const report = await verifyPacket(await packet({ credential: bad }), await offline());
      expect(report.ok).toBe(false);
      expect(report.firstFailure?.position).toBe(1);
      expect(['SIGNATURE_INVALID', 'CREDENTIAL_MALFORMED']).toContain(report.firstFailure?.reason);
    }
  });

  it('one byte changed in licheng-packet.json fails naming the item', async () => {
    const bytes = await packet({
      manifest: (m) => {
        const f = m.items[0]?.files[0];
        if (f) f.sha256 = flip(f.sha256, 0).toLowerCase().replace(/^b/, 'c');
      },
    });
    const report = await verifyPacket(bytes, await offline());
    expect(report.firstFailure).toMatchObject({ position: 1, reason: 'FILE_DIGEST_MISMATCH' });
  });

  it('a file swapped together with its digest in the manifest is not the certified file', async () => {
    const other = await pdfOfSize(5000);
    const bytes = await packet({
      document: other,
      manifest: (m) => {
        const f = m.items[0]?.files[0];
        if (f) Object.assign(f, { sha256: sha(other), size: other.length });
      },
    });
    const report = await verifyPacket(bytes, await offline());
    expect(report.firstFailure).toMatchObject({ position: 1, reason: 'EVIDENCE_MISMATCH' });
  });

  it('without the key offline the item fails as unverifiable; the CLI exits 0/1 and names the item', async () => {
    const report = await verifyPacket(await packet(), { keys: {} });
    expect(report.firstFailure?.reason).toBe('ISSUER_KEY_UNKNOWN');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-packet-'));
    await fs.writeFile(path.join(dir, 'good.pdf'), await packet());
    await fs.writeFile(path.join(dir, 'bad.pdf'), await packet({ document: await pdfOfSize(4322) }));
    await fs.writeFile(path.join(dir, 'school.pem'), publicKeyPem);
    await fs.writeFile(path.join(dir, 'status.jwt'), await statusList());
    const args = {
      key: [`${schoolCode}=${path.join(dir, 'school.pem')}`],
      status: [path.join(dir, 'status.jwt')],
      offline: true,
    };
    const good = await verifyPacketCli(path.join(dir, 'good.pdf'), args);
    expect(good.exitCode, good.lines.join('\n')).toBe(0);
    const bad = await verifyPacketCli(path.join(dir, 'bad.pdf'), args);
    expect(bad.exitCode).toBe(1);
    expect(bad.lines.at(-1)).toContain('item 1 「文學專題報告」');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('POST /api/v1/verify answers without login, looking the key up itself', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: Buffer.from(await packet()),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstFailure: null });
    const notPdf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(notPdf.statusCode).toBe(415);
  });

  it('a later fail decision revokes the certification: verification says revoked', async () => {
    const fail = await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [outcomeId],
      decision: 'fail',
      reason: '內容與本課程無關',
    });
    expect(fail.statusCode, fail.body).toBe(200);
    const report = await verifyPacket(await packet(), await offline());
    expect(report.ok).toBe(false);
    expect(report.items[0]?.result).toBe('revoked');
    expect(report.firstFailure).toMatchObject({ position: 1, reason: 'REVOKED' });
    const online = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: Buffer.from(await packet()),
    });
    expect(online.json().items[0].result).toBe('revoked');
    // A new pass issues a new credential; the old one stays revoked.
    await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [outcomeId],
      decision: 'pass',
    });
    const rows = await t.db
      .select()
      .from(outcomeCredentials)
      .where(eq(outcomeCredentials.outcomeId, outcomeId));
    expect(rows.map((r) => !!r.revokedAt).sort()).toEqual([false, true]);
    expect(get).toBeDefined();
  });
});

describe('receipt credentials', () => {
  it('ensureReceiptCredential signs a receipt once with the repository key, published at /issuers/central', async () => {
    const now = new Date();
    const [school] = await t.db
      .insert(centralSchools)
      .values({
        code: '990001',
        name: '測試高中',
        publicKey: publicKeyPem,
        keyFingerprint: 'f'.repeat(64),
        registeredAt: now,
      })
      .returning();
    const [student] = await t.db
      .insert(centralStudents)
      .values({ nationalId: 'A123456789', birthDate: '2008-05-01', name: '王小明', createdAt: now })
      .returning();
    const [submission] = await t.db
      .insert(centralSubmissions)
      .values({
        schoolId: school?.id,
        packageSha256: 'a'.repeat(64),
        packageSize: 1,
        via: 'cli',
        receivedAt: now,
        status: 'accepted',
      })
      .returning();
    const [receipt] = await t.db
      .insert(centralReceipts)
      .values({
        submissionId: submission?.id as string,
        schoolId: school?.id as string,
        studentId: student?.id as string,
        academicYear: demo.term.academicYear,
        semester: demo.term.semester,
        roster: 26,
        content: {
          schoolCode: '990001',
          academicYear: demo.term.academicYear,
          semester: demo.term.semester,
          roster: 26,
          student: { name: '王小明' },
          rows: [],
          files: [{ path: 'files/outcome-x-document.pdf', sha256: sha(document), size: document.length }],
        },
        sha256: 'b'.repeat(64),
        issuedAt: now,
      })
      .returning();
    const deps = { secret: 'test-secret', baseUrl: 'https://portfolio.example.edu.tw', now: () => now };
    const first = await ensureReceiptCredential(t.db, receipt?.id as string, deps);
    expect(await ensureReceiptCredential(t.db, receipt?.id as string, deps)).toBe(first);
    expect(first).not.toContain('A123456789');
    const { credential } = peekCredential(first as string);
    expect(credential.issuer.id).toBe('https://portfolio.example.edu.tw/api/v1/issuers/central');
    expect(credential.evidence?.[0]?.sha256).toBe(sha(document));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/issuers/central' });
    expect(res.statusCode).toBe(200);
    // The key published is the one that signed (publishing reads the public half only).
    const key = createPublicKey(res.json().publicKeyPem);
    const { jwtVerify: verify } = await import('jose');
    await expect(verify(first as string, key)).resolves.toBeDefined();
  });
});
