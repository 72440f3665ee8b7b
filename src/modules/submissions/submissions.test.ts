/**
 * 送件 end to end on a test school: golden comparison of every generated workbook with the reference
 * templates (read with an independent reader), the package's manifest and signature (one changed byte
 * fails), frozen items, the pre-check (uncertified, over cap, missing code, corrupt file) and the routes.
 */
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentRosterFormats, rosterFormat } from '../../domain/roster-formats.js';
import { createTestApp, requestsAs, type TestSession } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';
import { runOneJob } from '../jobs/jobs.js';
import { createBlobStore } from '../storage/factory.js';
import { pdfOfSize } from '../uploads/test-corpus.js';
import { verifyPackage } from './package.js';
import { rosterCli } from './submissions.cli.js';
import { createSubmissionsService } from './submissions.service.js';
import { colName, readXlsx } from './xlsx-read.test-util.js';

const TEMPLATES = path.resolve(process.cwd(), '../shared/reference/central-db-templates');

const t = await createTestApp();
afterAll(() => t.app.close());
let sessions: Record<string, TestSession> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => sessions,
);
let A: TestSchool;
const day = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * day).toISOString().slice(0, 10);
const service = async () =>
  createSubmissionsService({
    db: t.db,
    blobs: await createBlobStore(t.config, t.storageDir),
    incomingDir: path.join(t.storageDir, 'incoming'),
    secret: t.sessionSecret,
  });
const outcomeIds: string[] = [];
let proofSha = '';

async function upload(purpose: string, body: Buffer) {
  const res = await send(
    'student',
    'POST',
    `/api/v1/uploads?purpose=${purpose}&filename=${purpose}.pdf`,
    body,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

beforeAll(async () => {
  A = await makeTestSchool(t, '900011', 1);
  for (const [role, username] of Object.entries(A.usernames)) sessions[role] = await t.login(username);
  sessions = { ...sessions };
  // Two outcomes: one certified, one pending.
  for (let i = 0; i < 2; i++) {
    const file = await upload('outcomeDocument', await pdfOfSize(3000 + i));
    const res = await send('student', 'POST', '/api/v1/outcomes', {
      courseId: A.courseId,
      title: `成果${i}`,
      summary: `期末報告${i}`,
      documentFileId: file.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    outcomeIds.push(res.json().id);
  }
  const pass = await send('teacher', 'POST', '/api/v1/certification/decisions', {
    outcomeIds: [outcomeIds[0]],
    decision: 'pass',
  });
  expect(pass.statusCode, pass.body).toBeLessThan(300);
  const proof = await upload('performanceProof', await pdfOfSize(5000));
  const perf = await send('student', 'POST', '/api/v1/performances', {
    category: 'work',
    fields: { name: '智慧盆栽' },
    summary: '專題作品',
    startsOn: isoDay(-1),
    proofFileId: proof.id,
  });
  expect(perf.statusCode, perf.body).toBe(201);
  const comp = await send('student', 'POST', '/api/v1/performances', {
    category: 'competition',
    fields: { name: '全國技藝競賽', field: '電機', level: '3', award: '第一名', participation: '1' },
    summary: '全國第一名',
    startsOn: isoDay(-1),
  });
  expect(comp.statusCode, comp.body).toBe(201);
  const [p] = (await t.db.execute(sql`select sha256 from files where id = ${proof.id}`)).rows as {
    sha256: string;
  }[];
  proofSha = p?.sha256 as string;
  const student = A.studentIds[0] as string;
  const year = A.academicYear;
  await t.db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, outcome_id)
    values (${A.school.id}, ${student}, ${year}, 'outcome', ${outcomeIds[0]})`);
  await t.db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, performance_id)
    values (${A.school.id}, ${student}, ${year}, 'performance', ${perf.json().id})`);
  await t.db.execute(sql`insert into grades (school_id, student_id, course_id, raw_score, passed, credit_counted)
    values (${A.school.id}, ${student}, ${A.courseId}, 88.5, true, true)`);
  await t.db.execute(sql`insert into cadre_records (school_id, student_id, academic_year, semester, unit, starts_on, position, level)
    values (${A.school.id}, ${student}, ${year}, 1, '熱舞社', ${isoDay(-30)}, '社長', 3)`);
}, 120_000);

async function templateOf(rel: string) {
  return readXlsx(await fs.readFile(path.join(TEMPLATES, rel)));
}

async function builtWorkbook(roster: number) {
  const svc = await service();
  const format = rosterFormat(roster);
  const semester = format?.cadence === 'semester' ? await semesterOfTerm() : undefined;
  const pkg = await svc.buildForSchool(A.school, { year: A.academicYear, semester, roster });
  expect(pkg?.status, pkg?.error ?? '').toBe('built');
  const blobs = await createBlobStore(t.config, t.storageDir);
  const chunks: Buffer[] = [];
  for await (const c of await blobs.open(pkg?.sha256 as string)) chunks.push(c as Buffer);
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  const xlsx = await zip.file(format?.fileName as string)?.async('nodebuffer');
  return { pkg, zip, sheets: await readXlsx(xlsx as Buffer), semester: semester ?? 0 };
}

async function semesterOfTerm() {
  const [row] = (await t.db.execute(sql`select semester from terms where id = ${A.termId}`)).rows as {
    semester: number;
  }[];
  return row?.semester as number;
}

describe('golden: workbooks match the reference templates', () => {
  for (const roster of [1, 2, 3, 4, 6, 24, 25, 26, 27]) {
    it(`名冊別 ${roster}: sheet names, header cells and 封面 as in the template`, async () => {
      const format = rosterFormat(roster);
      if (!format) throw new Error('no format');
      const template = await templateOf(format.template);
      const { sheets, semester } = await builtWorkbook(roster);
      const official = sheets.filter((s) => !format.sheets.find((f) => f.name === s.name)?.extension);
      expect(official.map((s) => s.name)).toEqual(template.map((s) => s.name));
      for (const [i, ours] of official.entries()) {
        const theirs = template[i];
        const row1 = (cells: Record<string, string>) =>
          Object.fromEntries(Object.entries(cells).filter(([ref]) => /^[A-Z]+1$/.test(ref)));
        expect(row1(ours.cells), ours.name).toEqual(row1(theirs?.cells ?? {}));
      }
      const cover = sheets[0]?.cells ?? {};
      expect(sheets[0]?.name).toBe('封面');
      expect(cover.D2).toBe(template[0]?.cells.D2);
      expect([cover.A2, cover.B2, cover.C2]).toEqual([
        A.school.code,
        String(A.academicYear),
        String(semester),
      ]);
      // Extension sheets follow the same format definition: their headers in order.
      for (const def of format.sheets.filter((s) => s.extension)) {
        const ours = sheets.find((s) => s.name === def.name);
        expect(def.columns.map((_, i) => ours?.cells[`${colName(i)}1`])).toEqual(
          def.columns.map((c) => c.header),
        );
      }
    });
  }

  it('rosters 3 and 6 carry the term’s absence and retake/re-read records, dates in ROC', async () => {
    const student = A.studentIds[0] as string;
    const semester = await semesterOfTerm();
    const y = A.academicYear;
    await t.db.execute(sql`insert into absence_records (school_id, student_id, academic_year, semester,
        kind_code, starts_on, ends_on, periods)
      values (${A.school.id}, ${student}, ${y}, ${semester}, '1', ${isoDay(-10)}, ${isoDay(-9)}, 3)`);
    await t.db.execute(sql`insert into retake_grades (school_id, student_id, academic_year, semester, mode,
        course_year, course_semester, course_code, course_grade, credits, score, passed)
      values (${A.school.id}, ${student}, ${y}, ${semester}, 'retake', ${y - 1}, 1,
        '11099930132130101010A01', 10, 2, 72, true)`);
    const absences = await builtWorkbook(3);
    const row2 = absences.sheets[1]?.cells ?? {};
    const roc = (iso: string) => {
      const [yy, mm, dd] = iso.split('-').map(Number) as [number, number, number];
      return `${String(yy - 1911).padStart(3, '0')}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}`;
    };
    expect([row2.C2, row2.D2, row2.E2, row2.F2]).toEqual(['1', roc(isoDay(-10)), roc(isoDay(-9)), '3']);
    expect(row2.A2).toMatch(/^[A-Z][0-9]{9}$/);
    const retakes = await builtWorkbook(6);
    const retake = retakes.sheets.find((x) => x.name === '重修成績')?.cells ?? {};
    expect([retake.C2, retake.D2, retake.E2, retake.I2, retake.J2]).toEqual([
      String(y - 1),
      '1',
      '11099930132130101010A01',
      '72',
      '是',
    ]);
  });

  it('every format covers its template and every format has one', () => {
    expect(currentRosterFormats().map((f) => f.roster)).toEqual([1, 2, 3, 4, 6, 24, 25, 26, 27]);
  });
});

describe('package', () => {
  it('holds the rows as the roster wants them, the files its cells name, a signed manifest', async () => {
    const { pkg, zip, sheets } = await builtWorkbook(26);
    const rows = sheets.find((s) => s.name === '學期課程學習成果')?.cells ?? {};
    const [student] = (
      await t.db.execute(
        sql`select national_id, birth_date::text as birth from students where id = ${A.studentIds[0]}`,
      )
    ).rows as { national_id: string; birth: string }[];
    expect(rows.A2).toBe(student?.national_id.toUpperCase());
    expect(rows.B2).toMatch(/^\d{7}$/);
    const [y, m, d] = String(student?.birth).split('-').map(Number) as [number, number, number];
    expect(rows.B2).toBe(
      `${String(y - 1911).padStart(3, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
    );
    expect(rows.A3).toBeUndefined(); // the pending outcome is not selected
    expect(zip.file(rows.F2 as string)).not.toBeNull();
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) as string);
    expect(manifest).toMatchObject({
      roster: 26,
      academicYear: A.academicYear,
      semester: 0,
      formatVersion: '2019.1',
    });
    expect(manifest.workbook.sheets).toContainEqual({ name: '學期課程學習成果', rows: 1 });
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain(rows.F2);
    // The certified outcome's credential travels beside its document (contracts.md §5).
    const companion = `${rows.F2}.vc.jwt`;
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain(companion);
    const credential = (await zip.file(companion)?.async('string')) as string;
    const evidence = JSON.parse(
      Buffer.from(credential.split('.')[1] as string, 'base64url').toString(),
    ).evidence;
    const documentEntry = manifest.files.find((f: { path: string }) => f.path === rows.F2);
    expect(evidence[0].sha256).toBe(documentEntry.sha256);
    expect(manifest.generator.name).toBe('licheng');
    expect(pkg?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies, and fails when one byte of a packaged file changes', async () => {
    const { pkg } = await builtWorkbook(25);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-pkg-'));
    const blobs = await createBlobStore(t.config, t.storageDir);
    const chunks: Buffer[] = [];
    for await (const c of await blobs.open(pkg?.sha256 as string)) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const file = path.join(dir, 'p.zip');
    await fs.writeFile(file, bytes);
    const key = (await (await service()).publicKey({ ...fakeUser() })).publicKeyPem;
    const good = await verifyPackage(file, createPublicKey(key));
    expect(good.problems).toEqual([]);
    // The proof PDF is stored (not deflated): flip one byte of its content inside the zip.
    const proofBytes = await (async () => {
      const parts: Buffer[] = [];
      for await (const c of await blobs.open(proofSha)) parts.push(c as Buffer);
      return Buffer.concat(parts);
    })();
    const at = bytes.indexOf(proofBytes);
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(bytes);
    const flip = at + Math.floor(proofBytes.length / 2);
    tampered[flip] = (tampered[flip] as number) ^ 0x01;
    await fs.writeFile(file, tampered);
    const bad = await verifyPackage(file, createPublicKey(key));
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/digest mismatch files\/performance-/);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('freezes the items: later edits never change what was submitted', async () => {
    const { pkg } = await builtWorkbook(26);
    const [before] = (
      await t.db.execute(sql`select snapshot from submission_items where package_id = ${pkg?.id}`)
    ).rows as {
      snapshot: { summary: string; certifiedBy: string; history: unknown[]; documentSha256: string };
    }[];
    expect(before?.snapshot.summary).toBe('期末報告0');
    expect(before?.snapshot.certifiedBy).toBeTruthy();
    expect(before?.snapshot.history.length).toBeGreaterThanOrEqual(2);
    expect(before?.snapshot.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    await t.db.execute(sql`update outcomes set summary = '改過的簡述' where id = ${outcomeIds[0]}`);
    const [after] = (
      await t.db.execute(sql`select snapshot from submission_items where package_id = ${pkg?.id}`)
    ).rows as { snapshot: { summary: string } }[];
    expect(after?.snapshot.summary).toBe('期末報告0');
    await expect(
      t.db.execute(sql`update submission_items set snapshot = '{}' where package_id = ${pkg?.id}`),
    ).rejects.toThrow();
    await t.db.execute(sql`update outcomes set summary = '期末報告0' where id = ${outcomeIds[0]}`);
  });
});

function fakeUser() {
  return {
    id: A.userIds.academic as string,
    username: 'x',
    displayName: 'x',
    roles: ['academicAdmin' as const],
    school: { ...A.school, name: '' },
    currentTerm: { academicYear: A.academicYear, semester: 1 as const },
    mustChangePassword: false,
  };
}

describe('pre-check and routes', () => {
  const q = () => `year=${A.academicYear}&roster=26`;

  it('lists uncertified and over-cap selections and a missing code; blocks the build until fixed', async () => {
    const student = A.studentIds[0] as string;
    await t.db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, outcome_id)
      values (${A.school.id}, ${student}, ${A.academicYear}, 'outcome', ${outcomeIds[1]})`);
    const res = await get('academic', `/api/v1/submissions/precheck?${q()}`);
    expect(res.statusCode, res.body).toBe(200);
    const rules = res.json().problems.map((p: { rule: string }) => p.rule);
    expect(rules).toContain('uncertified');
    const build = await send('academic', 'POST', '/api/v1/submissions', { year: A.academicYear, roster: 26 });
    expect(build.statusCode).toBe(409);
    expect(build.json().code).toBe('SUBMISSION_PRECHECK_FAILED');
    expect(build.json().message).toContain('預檢未通過');
    await t.db.execute(sql`delete from selections where outcome_id = ${outcomeIds[1]}`);
    expect((await get('academic', `/api/v1/submissions/precheck?${q()}`)).json().problems).toEqual([]);
    // The competition's 競賽領域 is free text in the domain: its code cell stays empty and is flagged.
    const [compId] = (
      await t.db.execute(
        sql`select id from performances where category = 'competition' and school_id = ${A.school.id}`,
      )
    ).rows as { id: string }[];
    await t.db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, performance_id)
      values (${A.school.id}, ${student}, ${A.academicYear}, 'performance', ${compId?.id})`);
    const comp = await get('affairs', `/api/v1/submissions/precheck?year=${A.academicYear}&roster=25`);
    expect(comp.statusCode).toBe(200);
    expect(comp.json().problems).toMatchObject([
      { rule: 'missingCode', sheet: '競賽參與紀錄', row: 2, column: '競賽領域代碼', studentId: student },
    ]);
    expect(comp.json().problems[0].message['zh-TW']).toBe('缺少競賽領域代碼（請自代碼表選擇）');
    // Fixed by picking a code from the table (the form's fieldCode): the problem is gone.
    await t.db.execute(sql`update performances set fields = fields || '{"fieldCode": "01"}'::jsonb
      where id = ${compId?.id}`);
    const fixed = await get('affairs', `/api/v1/submissions/precheck?year=${A.academicYear}&roster=25`);
    expect(fixed.json().problems).toEqual([]);
    await t.db.execute(sql`delete from selections where performance_id = ${compId?.id}`);
    const xlsx = await get('academic', `/api/v1/submissions/precheck.xlsx?${q()}`);
    expect(xlsx.statusCode).toBe(200);
    const sheet = await readXlsx(xlsx.rawPayload);
    expect(sheet[0]?.cells.A1).toBe('工作表');
  });

  it('reports a corrupt file (hash re-checked against the blob)', async () => {
    const file = path.join(t.storageDir, 'blobs', proofSha.slice(0, 2), proofSha.slice(2, 4), proofSha);
    const original = await fs.readFile(file);
    const changed = Buffer.from(original);
    changed[100] = (changed[100] as number) ^ 0xff;
    await fs.chmod(file, 0o644).catch(() => undefined);
    await fs.writeFile(file, changed);
    try {
      const res = await get('affairs', `/api/v1/submissions/precheck?year=${A.academicYear}&roster=25`);
      expect(res.json().problems.map((p: { rule: string }) => p.rule)).toContain('corruptFile');
    } finally {
      await fs.writeFile(file, original);
    }
  });

  it('builds as a background job with progress, keeps the history, downloads (audited), only for the owning office', async () => {
    const wrong = await send('affairs', 'POST', '/api/v1/submissions', { year: A.academicYear, roster: 26 });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toContain('教務處');
    const res = await send('academic', 'POST', '/api/v1/submissions', { year: A.academicYear, roster: 26 });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    expect((await get('academic', `/api/v1/submissions/${id}`)).json().status).toBe('queued');
    expect((await get('academic', `/api/v1/submissions/${id}/download`)).statusCode).toBe(409);
    while (await runOneJob(t.db, t.app.background.jobHandlers)) {}
    const done = (await get('academic', `/api/v1/submissions/${id}`)).json();
    expect(done.status).toBe('built');
    expect(done.progressDone).toBe(done.progressTotal);
    const history = (await get('affairs', '/api/v1/submissions')).json();
    expect(history.find((p: { id: string }) => p.id === id)?.createdBy).toBeTruthy();
    const dl = await get('academic', `/api/v1/submissions/${id}/download`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/zip');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(dl.rawPayload).digest('hex')).toBe(done.sha256);
    const [audit] = (
      await t.db.execute(
        sql`select student_ids from audit_log where action = 'read.submission_package' order by id desc limit 1`,
      )
    ).rows as { student_ids: string[] }[];
    expect(audit?.student_ids).toContain(A.studentIds[0]);
    expect((await get('affairs', `/api/v1/submissions/${id}/download`)).statusCode).toBe(403);
    const key = (await get('academic', '/api/v1/submissions/public-key')).json();
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const [row] = (await t.db.execute(sql`select manifest from submission_packages where id = ${id}`))
      .rows as {
      manifest: { signingKey: { fingerprint: string } };
    }[];
    expect(row?.manifest.signingKey.fingerprint).toBe(key.fingerprint);
  });
});

describe('CLI: licheng roster check | build', () => {
  it('prints the pre-check, writes the package and prints its path and SHA-256', async () => {
    const deps = {
      db: t.db,
      blobs: await createBlobStore(t.config, t.storageDir),
      incomingDir: path.join(t.storageDir, 'incoming'),
      secret: t.sessionSecret,
    };
    const lines: string[] = [];
    const check = await rosterCli('check', deps, { school: A.school.code, year: A.academicYear }, (l) =>
      lines.push(l),
    );
    expect(check).toEqual({ problems: 0, failed: 0 });
    expect(lines.some((l) => l.startsWith('名冊別 26') && l.includes('學期課程學習成果 1'))).toBe(true);
    expect(lines.some((l) => l.startsWith('名冊別 3 '))).toBe(false);
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-roster-out-'));
    const built: string[] = [];
    const result = await rosterCli(
      'build',
      deps,
      { school: A.school.code, year: A.academicYear, roster: 26, out },
      (l) => built.push(l),
    );
    expect(result).toEqual({ problems: 0, failed: 0 });
    const [file, sha] = (built.at(-1) as string).split('\t') as [string, string];
    expect(path.dirname(file)).toBe(out);
    const { sha256File } = await import('./package.js');
    expect((await sha256File(file)).sha256).toBe(sha);
    const key = await (await service()).publicKey(fakeUser());
    expect((await verifyPackage(file, createPublicKey(key.publicKeyPem))).ok).toBe(true);
    const absences: string[] = [];
    await rosterCli(
      'check',
      deps,
      { school: A.school.code, year: A.academicYear, roster: 3, semester: 1 },
      (l) => absences.push(l),
    );
    expect(absences.join('\n')).not.toContain('尚無資料來源');
    await fs.rm(out, { recursive: true, force: true });
  });
});
