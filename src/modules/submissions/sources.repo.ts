/** The SQL of the built-in row sources (sources.ts): one query per kind of roster data. */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

const rows = async <T>(db: DbOrTx, q: ReturnType<typeof sql>) => (await db.execute(q)).rows as T[];

/** Students in the school's classes of the year (在學 and 轉入), in class and seat order. */
export function studentsOfYear(db: DbOrTx, schoolId: string, year: number) {
  return rows<{
    id: string;
    national_id: string;
    birth_date: string;
    department: string;
    grade: number;
    class_name: string;
    seat_no: number | null;
  }>(
    db,
    sql`select s.id, s.national_id, s.birth_date::text, c.department, c.grade, c.name as class_name, s.seat_no
        from students s join classes c on c.id = s.class_id
        where s.school_id = ${schoolId} and c.academic_year = ${year} and s.status in ('在學', '轉入')
        order by c.grade, c.name, s.seat_no nulls last, s.student_no`,
  );
}

/** 學期成績 of a term with the course and the student's key. */
export function gradesOfTerm(db: DbOrTx, schoolId: string, year: number, semester: number) {
  return rows<{
    student_id: string;
    national_id: string;
    birth_date: string;
    code: string;
    grade: number;
    credits: number;
    raw_score: string | null;
    passed: boolean | null;
    makeup_score: string | null;
    makeup_passed: boolean | null;
    credit_counted: boolean;
    qualitative: string | null;
  }>(
    db,
    sql`select g.student_id, s.national_id, s.birth_date::text, c.code, c.grade, c.credits, g.raw_score,
          g.passed, g.makeup_score, g.makeup_passed, g.credit_counted, g.qualitative
        from grades g join courses c on c.id = g.course_id join terms t on t.id = c.term_id
          join students s on s.id = g.student_id
        where g.school_id = ${schoolId} and t.academic_year = ${year} and t.semester = ${semester}
        order by s.student_no, c.code`,
  );
}

/** The courses offered in a term. */
export function coursesOfTerm(db: DbOrTx, schoolId: string, year: number, semester: number) {
  return rows<{ code: string; name: string; credits: number; grade: number }>(
    db,
    sql`select c.code, c.name, c.credits, c.grade from courses c join terms t on t.id = c.term_id
        where c.school_id = ${schoolId} and t.academic_year = ${year} and t.semester = ${semester}
        order by c.code`,
  );
}

/** 校內幹部經歷 of an academic year (both semesters). */
export function cadreOfYear(db: DbOrTx, schoolId: string, year: number) {
  return rows<{
    student_id: string;
    national_id: string;
    birth_date: string;
    unit: string;
    starts_on: string;
    ends_on: string | null;
    position: string;
    level: number;
  }>(
    db,
    sql`select r.student_id, s.national_id, s.birth_date::text, r.unit, r.starts_on::text, r.ends_on::text,
          r.position, r.level
        from cadre_records r join students s on s.id = r.student_id
        where r.school_id = ${schoolId} and r.academic_year = ${year}
        order by s.student_no, r.semester, r.starts_on`,
  );
}

interface FileCols {
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
}
const fileJson = (alias: string) =>
  sql.raw(`case when ${alias}.id is null then null else json_build_object('sha256', ${alias}.sha256,
    'size', ${alias}.size, 'mime', ${alias}.mime, 'original_name', ${alias}.original_name) end`);

/**
 * The selections of a year of one kind, each with its rank among the student's selections of that kind
 * (by time of selection): the cap rule reads it.
 */
const ranked = (schoolId: string, year: number, kind: 'outcome' | 'performance') =>
  sql`select sel.*, row_number() over (partition by sel.student_id order by sel.selected_at, sel.id)::int as rank
      from selections sel where sel.school_id = ${schoolId} and sel.academic_year = ${year} and sel.kind = ${kind}`;

/** Selected performances of a year (every category), with files and the student's key. */
export function selectedPerformances(db: DbOrTx, schoolId: string, year: number) {
  return rows<{
    id: string;
    student_id: string;
    national_id: string;
    birth_date: string;
    rank: number;
    selected_at: Date;
    category: string;
    fields: Record<string, string | number>;
    summary: string;
    starts_on: string | null;
    ends_on: string | null;
    external_url: string | null;
    updated_at: Date;
    proof: FileCols | null;
    media: FileCols | null;
  }>(
    db,
    sql`select p.id, p.student_id, s.national_id, s.birth_date::text, r.rank, r.selected_at, p.category,
          p.fields, p.summary, p.starts_on::text, p.ends_on::text, p.external_url, p.updated_at,
          ${fileJson('pf')} as proof, ${fileJson('mf')} as media
        from (${ranked(schoolId, year, 'performance')}) r
          join performances p on p.id = r.performance_id
          join students s on s.id = p.student_id
          left join files pf on pf.id = p.proof_file_id
          left join files mf on mf.id = p.media_file_id
        where p.deleted_at is null
        order by s.student_no, r.rank`,
  );
}

/** Selected course outcomes of a year, with course, certifier, files and the student's key. */
export function selectedOutcomes(db: DbOrTx, schoolId: string, year: number) {
  return rows<{
    id: string;
    student_id: string;
    national_id: string;
    birth_date: string;
    rank: number;
    selected_at: Date;
    title: string;
    summary: string;
    status: string;
    decided_at: Date | null;
    certifier: string | null;
    code: string;
    course_name: string;
    grade: number;
    credits: number;
    academic_year: number;
    semester: number;
    updated_at: Date;
    document: FileCols | null;
    media: FileCols | null;
  }>(
    db,
    sql`select o.id, o.student_id, s.national_id, s.birth_date::text, r.rank, r.selected_at, o.title, o.summary,
          o.status, o.decided_at, u.display_name as certifier, c.code, c.name as course_name, c.grade, c.credits,
          t.academic_year, t.semester, o.updated_at, ${fileJson('df')} as document, ${fileJson('mf')} as media
        from (${ranked(schoolId, year, 'outcome')}) r
          join outcomes o on o.id = r.outcome_id
          join courses c on c.id = o.course_id
          join terms t on t.id = o.term_id
          join students s on s.id = o.student_id
          left join users u on u.id = o.decided_by
          left join files df on df.id = o.document_file_id
          left join files mf on mf.id = o.media_file_id
        order by s.student_no, t.semester, r.rank`,
  );
}

/** The history of outcomes up to now (for their snapshots), by outcome. */
export async function outcomeHistories(db: DbOrTx, outcomeIds: string[]) {
  const out = new Map<string, { at: Date; action: string; actor: string | null; reason: string | null }[]>();
  if (outcomeIds.length === 0) return out;
  const list = await rows<{
    outcome_id: string;
    at: Date;
    action: string;
    actor: string | null;
    reason: string | null;
  }>(
    db,
    sql`select e.outcome_id, e.at, e.action, u.display_name as actor, e.reason
        from outcome_events e left join users u on u.id = e.actor_user_id
        where e.outcome_id = any(${`{${outcomeIds.join(',')}}`}::uuid[]) order by e.outcome_id, e.at, e.id`,
  );
  for (const e of list) {
    const history = out.get(e.outcome_id) ?? [];
    history.push({ at: e.at, action: e.action, actor: e.actor, reason: e.reason });
    out.set(e.outcome_id, history);
  }
  return out;
}
