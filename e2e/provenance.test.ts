import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { type PacketManifest, writePacketAttachments } from '../src/modules/provenance/packet-attachments.js';
import { pdfOfSize } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!chromiumAvailable)('browser: packet verification and the score estimate', async () => {
  const { t, signIn, base, browser } = await demoSchoolInBrowser();
  const { term } = demoOn(taipeiDateOf(new Date()));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'e2e-verify-'));
  const document = await pdfOfSize(6789);
  let jwt = '';

  // A certified outcome of the demo student (passed by demo-homeroom, who teaches the course): its
  // credential is issued with the pass decision.
  beforeAll(async () => {
    const student = await t.login('demo-student', DEMO_PASSWORD);
    const teacher = await t.login('demo-homeroom', DEMO_PASSWORD);
    const inject = (s: { cookie: string; csrf: string }, url: string, payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(Buffer.isBuffer(payload) ? { 'content-type': 'application/octet-stream' } : {}),
        },
        payload: payload as never,
      });
    const [course] = (
      await t.db.execute<{ id: string }>(
        sql`select c.id from courses c
            join course_teachers ct on ct.course_id = c.id join staff st on st.id = ct.staff_id
            join users u on u.id = st.user_id and u.username = 'demo-homeroom'
            join enrollments e on e.course_id = c.id join students s on s.id = e.student_id
            join users su on su.id = s.user_id and su.username = 'demo-student'
            join terms tm on tm.id = c.term_id
          where tm.academic_year = ${term.academicYear} and tm.semester = ${term.semester}
          order by c.code limit 1`,
      )
    ).rows;
    const up = await inject(student, '/api/v1/uploads?purpose=outcomeDocument&filename=report.pdf', document);
    expect(up.statusCode, up.body).toBe(201);
    const created = await inject(student, '/api/v1/outcomes', {
      courseId: course?.id,
      title: '驗證用成果',
      summary: '課堂實作紀錄',
      documentFileId: up.json().id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const outcomeId = created.json().id as string;
    const decided = await inject(teacher, '/api/v1/certification/decisions', {
      outcomeIds: [outcomeId],
      decision: 'pass',
    });
    expect(decided.statusCode, decided.body).toBeLessThan(300);
    const [row] = (
      await t.db.execute<{ jwt: string }>(
        sql`select jwt from outcome_credentials where outcome_id = ${outcomeId}`,
      )
    ).rows;
    jwt = row?.jwt as string;
  });

  async function packetFile(name: string, fileBytes: Buffer) {
    const doc = await PDFDocument.create();
    doc.addPage([300, 300]).drawText('packet', { x: 20, y: 150 });
    const manifest: PacketManifest = {
      format: 'licheng-packet/1',
      packetId: '6f1d2c3b-0a9e-4f8d-8c7b-6a5f4e3d2c1b',
      builtAt: new Date().toISOString(),
      student: { name: '示範學生' },
      programme: {
        admissionYear: term.academicYear + 1,
        channel: 'university',
        code: '001012',
        universityName: '國立示範大學',
        programmeName: '資訊工程學系',
      },
      items: [
        {
          position: 1,
          code: 'C',
          title: '驗證用成果',
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
      ],
    };
    await writePacketAttachments(doc, manifest, {
      'item-1-1.pdf': fileBytes,
      'item-1.vc.jwt': Buffer.from(jwt),
    });
    const file = path.join(dir, name);
    await fs.writeFile(file, await doc.save());
    return file;
  }

  it('anyone (signed out) drops a packet on /verify: passed, then a changed file fails naming the item', async () => {
    const context = await browser().newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${base()}/verify`);
    await page.getByRole('heading', { name: '備審資料驗證' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(await packetFile('good.pdf', document));
    await page.getByTestId('verify-verdict').getByText('驗證通過').waitFor();
    await page.getByText('已驗證').waitFor();
    const changed = Buffer.from(document);
    changed[300] = (changed[300] as number) ^ 0x01;
    await page.locator('input[type=file]').setInputFiles(await packetFile('bad.pdf', changed));
    await page.getByTestId('verify-verdict').getByText('驗證未通過：第 1 項「驗證用成果」').waitFor();
    await context.close();
  });

  it('a student estimates the 技專甄選 total; an exam share over 40 % is refused with the rule', async () => {
    const page = await signIn('demo-student');
    await page.getByTestId('home-welcome').waitFor();
    await page.getByRole('link', { name: '甄選成績試算' }).click();
    await page.getByRole('heading', { name: '技專甄選第二階段成績試算' }).waitFor();
    // The start: exam 40 % at 60 points, 學習歷程 30 % and 專題實作 30 % at 80 → 24 + 48 = 72.
    await page.getByTestId('score-total').getByText('72.00').waitFor();
    await page.getByLabel('統測成績占總成績比率（%）').fill('45');
    await page.getByTestId('score-problems').getByText('統測成績占比須大於 0% 且不超過 40%').waitFor();
    await page.getByTestId('score-total').getByText('—').waitFor();
    await page.context().close();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
