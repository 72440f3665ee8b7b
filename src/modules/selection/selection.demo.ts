/**
 * 勾選 in the demo school, relative to the day it is seeded: performances of this academic year for the
 * first half of the demo student's class (電機二甲), some selected, so the student page, the parent's
 * and homeroom views and the class's "not selected yet" list all show something. With a blob store
 * (`licheng start`), the demo student also gets eight certified course outcomes of this year (one PDF
 * stored once), three of them selected. Histories are written like the services write them.
 */

import { sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Tx } from '../../db/client.js';
import { blobs as blobsTable, files, outcomes, performances, selections } from '../../db/schema/index.js';
import { type CalendarDate, toIsoDate } from '../../domain/calendar.js';
import { insertEvent as insertOutcomeEvent } from '../outcomes/outcomes.repo.js';
import { insertEvent as insertPerformanceEvent } from '../performances/performances.repo.js';
import type { BlobStore } from '../storage/blob-store.js';

const WORKS = ['智慧盆栽專題', '校園導覽 App', '太陽能小車', '電路板設計', '社區服務紀錄'];
const OUTCOME_TITLES = [
  '基本電學：克希荷夫定律實驗報告',
  '電子學：二極體特性曲線',
  '基本電學實習：三用電表量測',
  '國語文：〈赤壁賦〉讀書報告',
  '英語文：科技新聞摘要',
  '數學：三角函數應用題組',
  '電子學：整流電路模擬',
  '基本電學實習：麵包板接線',
];

async function demoPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([300, 200]).drawText('Licheng demo outcome', { x: 20, y: 100 });
  return Buffer.from(await doc.save());
}

interface DemoSelectionInput {
  schoolId: string;
  academicYear: number;
  /** Semester of today's term: outcomes go to this year's semester 1 (and 2 when it has begun). */
  today: CalendarDate;
  /** 學號 of the demo class in seat order (the first is demo-student). */
  classStudentNos: string[];
  blobs?: BlobStore;
}

export async function seedDemoSelection(tx: Tx, input: DemoSelectionInput): Promise<void> {
  const { schoolId, academicYear } = input;
  const students = (
    await tx.execute<{ id: string; student_no: string; user_id: string | null }>(
      sql`select id, student_no, user_id from students where school_id = ${schoolId}`,
    )
  ).rows;
  const byNo = new Map(students.map((s) => [s.student_no, s]));
  const todayIso = toIsoDate(input.today);
  // A date of this academic year on or before today (the rules refuse future events).
  const yearStart = `${academicYear + 1911}-08-01`;
  const day = (offset: number) => {
    const d = new Date(`${todayIso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - offset);
    const iso = d.toISOString().slice(0, 10);
    return iso < yearStart ? (todayIso < yearStart ? todayIso : yearStart) : iso;
  };
  const half = input.classStudentNos.slice(0, Math.ceil(input.classStudentNos.length / 2));
  for (const [seat, no] of half.entries()) {
    const s = byNo.get(no);
    if (!s) continue;
    const demoStudent = seat === 0;
    const count = demoStudent ? 5 : 3;
    const selected = demoStudent ? 3 : seat < 10 ? 2 : 0;
    for (let i = 0; i < count; i++) {
      const name = WORKS[(seat + i) % WORKS.length] as string;
      const [p] = await tx
        .insert(performances)
        .values({
          schoolId,
          studentId: s.id,
          academicYear,
          category: 'work',
          fields: { name },
          summary: `${name}：從構想到完成的紀錄`,
          startsOn: day(7 * (i + 1)),
        })
        .returning();
      if (!p) continue;
      const actor = s.user_id;
      if (actor)
        await insertPerformanceEvent(tx, {
          performanceId: p.id,
          action: 'created',
          actorUserId: actor,
          snapshot: { category: p.category, fields: p.fields, summary: p.summary, startsOn: p.startsOn },
        });
      if (i < selected) {
        await tx.insert(selections).values({
          schoolId,
          studentId: s.id,
          academicYear,
          kind: 'performance',
          performanceId: p.id,
          selectedBy: actor,
        });
        if (actor)
          await insertPerformanceEvent(tx, {
            performanceId: p.id,
            action: 'selected',
            actorUserId: actor,
            snapshot: { title: p.summary, academicYear },
          });
      }
    }
  }
  if (input.blobs) await seedDemoOutcomes(tx, input, input.blobs, byNo);
}

/** Eight certified outcomes of the demo student in this year's courses, three selected. */
async function seedDemoOutcomes(
  tx: Tx,
  input: DemoSelectionInput,
  blobStore: BlobStore,
  byNo: Map<string, { id: string; user_id: string | null }>,
) {
  const s = byNo.get(input.classStudentNos[0] as string);
  if (!s?.user_id) return;
  const owner = s.user_id;
  const courses = (
    await tx.execute<{ id: string; term_id: string; teacher_user_id: string | null }>(
      sql`select c.id, c.term_id,
            (select st.user_id from course_teachers ct join staff st on st.id = ct.staff_id
              where ct.course_id = c.id limit 1) as teacher_user_id
          from courses c join terms t on t.id = c.term_id join enrollments e on e.course_id = c.id
          where e.student_id = ${s.id} and t.academic_year = ${input.academicYear}
          order by t.semester, c.code`,
    )
  ).rows.filter((c) => c.teacher_user_id);
  if (courses.length === 0) return;
  const body = await demoPdf();
  const digest = await blobStore.put(body);
  await tx
    .insert(blobsTable)
    .values({ sha256: digest.sha256, size: digest.size, mime: 'application/pdf' })
    .onConflictDoNothing();
  for (const [i, title] of OUTCOME_TITLES.entries()) {
    const course = courses[i % courses.length] as (typeof courses)[number];
    const teacher = course.teacher_user_id as string;
    const [file] = await tx
      .insert(files)
      .values({
        schoolId: input.schoolId,
        ownerUserId: owner,
        purpose: 'outcomeDocument',
        sha256: digest.sha256,
        size: digest.size,
        mime: 'application/pdf',
        originalName: `${title}.pdf`,
        via: 'plain',
      })
      .returning();
    if (!file) continue;
    const [o] = await tx
      .insert(outcomes)
      .values({
        schoolId: input.schoolId,
        studentId: s.id,
        courseId: course.id,
        termId: course.term_id,
        title,
        summary: `${title}，含過程與反思。`,
        documentFileId: file.id,
        status: 'passed',
        decidedAt: new Date(),
        decidedBy: teacher,
      })
      .returning();
    if (!o) continue;
    const snapshot = { title: o.title, summary: o.summary, documentSha256: digest.sha256, mediaSha256: null };
    await insertOutcomeEvent(tx, { outcomeId: o.id, action: 'uploaded', actorUserId: owner, snapshot });
    await insertOutcomeEvent(tx, {
      outcomeId: o.id,
      action: 'passed',
      actorUserId: teacher,
      snapshot: { title },
    });
    if (i < 3) {
      await tx.insert(selections).values({
        schoolId: input.schoolId,
        studentId: s.id,
        academicYear: input.academicYear,
        kind: 'outcome',
        outcomeId: o.id,
        selectedBy: owner,
      });
      await insertOutcomeEvent(tx, {
        outcomeId: o.id,
        action: 'selected',
        actorUserId: owner,
        snapshot: { title, academicYear: input.academicYear },
      });
    }
  }
}
