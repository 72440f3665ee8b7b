/**
 * The built-in row sources: students (名冊 1), grades (2), courses (4), school cadre (24), selected
 * performances (25) and selected course outcomes (26). Registered once when this module is imported.
 * Sources for 3 (absences) and 6 (retake/re-read grades) are in school-records.sources.ts; 27 (retake
 * course outcomes) has none yet: no such outcome kind exists, so its sheets are written empty.
 */
import { parseCourseCode } from '../../domain/course-code.js';
import type { CellValue, FileRef } from '../../domain/precheck.js';
import { once, registerRowSource, rowSource, type SourcedRow } from './row-sources.js';
import * as repo from './sources.repo.js';

const EXT_OF_MIME: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
  'audio/mp4': 'mp4',
};

export function fileRef(f: { sha256: string; size: number; mime: string; original_name: string } | null) {
  if (!f) return null;
  const fromName = /\.([A-Za-z0-9]{1,5})$/.exec(f.original_name)?.[1]?.toLowerCase();
  const ext = EXT_OF_MIME[f.mime] ?? fromName ?? 'bin';
  return { file: { sha256: f.sha256, size: Number(f.size), ext } } satisfies FileRef;
}

const key = (r: { national_id: string; birth_date: string }) => ({
  nationalId: r.national_id.trim().toUpperCase(),
  birthDate: r.birth_date,
});
// Flags as the 成績名冊 import reads them (是/否), so an exported roster imports back unchanged.
const yesNo = (b: boolean | null) => (b === null ? null : b ? '是' : '否');
const num = (v: string | number | null) => (v === null ? null : String(Number(v)));

function registerBuiltIns() {
  registerRowSource('students', async (ctx) =>
    (await repo.studentsOfYear(ctx.db, ctx.schoolId, ctx.academicYear)).map((s) => ({
      studentId: s.id,
      values: {
        ...key(s),
        group: s.department,
        grade: s.grade,
        className: s.class_name,
        seatNo: s.seat_no,
        studyType: null,
      },
    })),
  );

  registerRowSource('grades', async (ctx) =>
    (await repo.gradesOfTerm(ctx.db, ctx.schoolId, ctx.academicYear, ctx.semester)).map((g) => ({
      studentId: g.student_id,
      values: {
        ...key(g),
        courseCode: g.code,
        grade: g.grade,
        credits: g.credits,
        rawScore: num(g.raw_score),
        passed: yesNo(g.passed),
        makeupScore: num(g.makeup_score),
        makeupPassed: yesNo(g.makeup_passed),
        creditCounted: yesNo(g.credit_counted),
        qualitative: g.qualitative,
      },
    })),
  );

  registerRowSource('courses', async (ctx) =>
    (await repo.coursesOfTerm(ctx.db, ctx.schoolId, ctx.academicYear, ctx.semester)).map((c) => {
      const parsed = parseCourseCode(c.code);
      const parts = parsed.ok ? parsed.parts : null;
      return {
        values: {
          category: parts?.category ?? null,
          domain: parts?.domain ?? null,
          group: parts?.group ?? null,
          department: parts?.department ?? null,
          grade: c.grade,
          credits: c.credits,
          name: c.name,
          courseCode: c.code,
        },
      };
    }),
  );

  registerRowSource('cadre', async (ctx) =>
    (await repo.cadreOfYear(ctx.db, ctx.schoolId, ctx.academicYear)).map((r) => ({
      studentId: r.student_id,
      values: {
        ...key(r),
        unit: r.unit,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        position: r.position,
        level: String(r.level),
      },
    })),
  );

  registerRowSource('performances', async (ctx) => {
    const { category, kind, exceptKind } = ctx.params;
    if (!category) throw new Error('performances: category parameter missing');
    const all = await once(ctx, 'performances', () =>
      repo.selectedPerformances(ctx.db, ctx.schoolId, ctx.academicYear),
    );
    return all
      .filter((p) => p.category === category)
      .filter((p) => kind === undefined || String(p.fields.kind) === kind)
      .filter((p) => exceptKind === undefined || String(p.fields.kind) !== exceptKind)
      .map((p): SourcedRow => {
        const values: Record<string, CellValue> = {
          ...key(p),
          summary: p.summary,
          startsOn: p.starts_on,
          endsOn: p.ends_on,
          proof: fileRef(p.proof),
          media: fileRef(p.media),
          url: p.external_url,
        };
        for (const [k, v] of Object.entries(p.fields)) values[`f.${k}`] = v === null ? null : String(v);
        return {
          studentId: p.student_id,
          values,
          // Performances have no certification (SPEC §4.2).
          item: { kind: 'performance', id: p.id, certified: true, rank: p.rank },
          snapshot: {
            category: p.category,
            fields: p.fields,
            summary: p.summary,
            startsOn: p.starts_on,
            endsOn: p.ends_on,
            externalUrl: p.external_url,
            proofSha256: p.proof?.sha256 ?? null,
            mediaSha256: p.media?.sha256 ?? null,
            updatedAt: p.updated_at,
            selectedAt: p.selected_at,
          },
        };
      });
  });

  registerRowSource('outcomes', async (ctx) => {
    const list = await repo.selectedOutcomes(ctx.db, ctx.schoolId, ctx.academicYear);
    const histories = await repo.outcomeHistories(
      ctx.db,
      list.map((o) => o.id),
    );
    return list.map(
      (o): SourcedRow => ({
        studentId: o.student_id,
        values: {
          ...key(o),
          courseCode: o.code,
          grade: o.grade,
          credits: o.credits,
          document: fileRef(o.document),
          summary: o.summary,
          media: fileRef(o.media),
        },
        item: { kind: 'outcome', id: o.id, certified: o.status === 'passed', rank: o.rank },
        snapshot: {
          title: o.title,
          summary: o.summary,
          status: o.status,
          course: { code: o.code, name: o.course_name, academicYear: o.academic_year, semester: o.semester },
          documentSha256: o.document?.sha256 ?? null,
          mediaSha256: o.media?.sha256 ?? null,
          certifiedBy: o.certifier,
          certifiedAt: o.decided_at,
          updatedAt: o.updated_at,
          selectedAt: o.selected_at,
          history: histories.get(o.id) ?? [],
        },
      }),
    );
  });
}

if (!rowSource('students')) registerBuiltIns();
